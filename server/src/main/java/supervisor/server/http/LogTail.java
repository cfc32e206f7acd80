package supervisor.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import supervisor.logging.LogAppends;

/**
 * One {@code tail -f} stream: the end of a log file, then whatever is appended to it, for as
 * long as the client listens. Follows supervisord's rules: the last 1024 bytes first; a file
 * that got shorter announces itself with {@code ==> File truncated <==} and is followed from
 * its start; a path that now names another file (rotation) is reopened and sent from its start.
 *
 * <p>Threading: {@link #poll()} runs only on the poller's thread, which owns the file state.
 * The file's writer wakes the stream ({@link #wake()}) from its own thread; at most one poll is
 * queued and at most one write is in flight, whose completion may run on any thread and only
 * flips flags.
 */
final class LogTail {
    static final int HEAD_BYTES = 1024;
    /** Bounds the memory one busy log can take; the rest follows as soon as the write is done. */
    static final int MAX_CHUNK_BYTES = 256 * 1024;
    static final byte[] TRUNCATED = "==> File truncated <==\n".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final Response response;
    private final Callback exchange;
    private final LogTailPoller poller;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean pollQueued = new AtomicBoolean();
    /** Stops the file's writer waking this stream. */
    private Runnable unwatch = () -> { };
    private final EndPoint client;
    private final ByteBuffer discard = ByteBuffer.allocate(256);

    private FileChannel file;
    private Object fileKey;
    /** How much of the current file the client has (or is deliberately skipping). */
    private long position;
    private boolean committed;

    private LogTail(Path path, Request request, Response response, Callback exchange, LogTailPoller poller) {
        this.path = path;
        this.client = request.getConnectionMetaData().getConnection().getEndPoint();
        this.response = response;
        this.exchange = exchange;
        this.poller = poller;
    }

    /** Opens the file; the stream starts {@link #HEAD_BYTES} before its current end. */
    static LogTail open(Path path, Request request, Response response, Callback exchange, LogTailPoller poller)
            throws IOException {
        LogTail tail = new LogTail(path, request, response, exchange, poller);
        tail.reopen();
        tail.position = Math.max(0, tail.file.size() - HEAD_BYTES);
        tail.unwatch = LogAppends.watch(path, tail::wake);
        return tail;
    }

    /** The file changed: a look at it is queued on the poller's thread, unless one already is. */
    void wake() {
        if (!ended.get() && pollQueued.compareAndSet(false, true)) {
            poller.execute(() -> {
                pollQueued.set(false);
                poll();
            });
        }
    }

    /** Sends what the file gained since the last look, unless a write is still in flight. */
    void poll() {
        if (ended.get())
            return;
        if (clientGone()) {
            end(new EofException("client closed the connection"));
            return;
        }
        if (!writing.compareAndSet(false, true))
            return;
        ByteBuffer chunk;
        try {
            chunk = nextChunk();
        } catch (IOException e) {
            // the descriptor can no longer be read: end the body, as supervisord does
            writing.set(false);
            finish();
            return;
        }
        if (chunk == null) {
            writing.set(false);
            return;
        }
        response.write(false, chunk, Callback.from(this::written, this::end));
    }

    private ByteBuffer nextChunk() throws IOException {
        follow();
        long size = file.size();
        if (size < position) {
            position = 0;
            committed = true;
            return ByteBuffer.wrap(TRUNCATED);
        }
        if (size > position) {
            int length = (int) Math.min(size - position, MAX_CHUNK_BYTES);
            ByteBuffer chunk = ByteBuffer.allocate(length);
            while (chunk.hasRemaining() && file.read(chunk, position + chunk.position()) > 0) {
                // a positional read may return less than asked; keep reading
            }
            chunk.flip();
            position += chunk.remaining();
            committed = true;
            return chunk;
        }
        if (!committed) {
            // an empty file still gets its 200 and headers right away
            committed = true;
            return BufferUtil.EMPTY_BUFFER;
        }
        return null;
    }

    /**
     * Whether the client has closed its end. Jetty does not read a connection while its
     * response is still being written, so a client that leaves a quiet log would go unnoticed;
     * supervisord notices because it always reads. Whatever the client sends now is discarded:
     * this connection never serves another request.
     */
    private boolean clientGone() {
        try {
            for (int reads = 0; reads < 16; reads++) {
                BufferUtil.clear(discard); // empty, in Jetty's flush-mode convention
                int n = client.fill(discard);
                if (n < 0)
                    return true;
                if (n == 0)
                    return false;
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Rotation: the path names a different file now, so stream that one from its start. */
    private void follow() throws IOException {
        Object current;
        try {
            current = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return; // unlinked: keep reading the file we have open
        }
        if (!Objects.equals(current, fileKey)) {
            file.close();
            reopen();
            position = 0;
        }
    }

    private void reopen() throws IOException {
        file = FileChannel.open(path, StandardOpenOption.READ);
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    private void written() {
        writing.set(false);
        // more may have come while the write was out (a wake-up found it busy): look again
        wake();
    }

    /**
     * The client went away or the server stops: release the file and the exchange. The exchange
     * is aborted (the connection closed) rather than failed: failing a response not yet begun
     * has Jetty write a 500 page to a client that left, and when that client had pipelined
     * another request, the page's completion reaches a channel already serving the next one
     * ("channel already completed"). supervisord just closes the connection too.
     */
    void end(Throwable cause) {
        if (!ended.compareAndSet(false, true))
            return;
        unwatch.run();
        poller.forget(this);
        // the file belongs to the poller's thread; close it there, after any poll under way
        poller.execute(this::closeFile);
        exchange.failed(new Request.Handler.AbortException(cause));
    }

    private void finish() {
        if (!ended.compareAndSet(false, true))
            return;
        unwatch.run();
        poller.forget(this);
        closeFile();
        response.write(true, BufferUtil.EMPTY_BUFFER, exchange);
    }

    private void closeFile() {
        try {
            if (file != null)
                file.close();
        } catch (IOException ignored) {
            // nothing left to do with a file we stop reading
        }
    }
}
