package supervisor.logging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;

/**
 * An append-only log file that rotates by size the way supervisord's log handlers do: after
 * every write, once the file has reached {@code maxBytes}, {@code path.N-1} is renamed to
 * {@code path.N} down to {@code path} becoming {@code path.1}; with no backups the file is
 * simply emptied. A write is never split, so a rotated file can exceed {@code maxBytes} by
 * the size of its last write. Bytes are written exactly as given.
 *
 * <p>Only a plain file rotates. A pipe, a tty, a device, or a path that names one of the
 * daemon's own descriptors ({@code /dev/stdout}, see {@link DescriptorPaths}) is written and
 * never rotated, whatever {@code maxBytes} says, nor deleted by {@link #clear()}: supervisord
 * 4.2.5 fails there with "Illegal seek" and closes the channel, or renames {@code /dev/stdout}.
 *
 * <p>All methods are synchronized: a child's stdout dispatcher, the RPC layer's clearLog and
 * a SIGUSR2 reopen may reach the same writer from different threads.
 */
public final class RotatingFileWriter implements AutoCloseable {

    private final Path path;
    /** The path as {@link LogAppends} knows it. */
    private final Path watched;
    private final long maxBytes;
    private final int backups;
    private FileChannel channel;
    /** Whether the path names a regular file of its own (not a pipe, tty, device or daemon descriptor). */
    private boolean plainFile;
    /** Whether the channel is the daemon's own stdout or stderr, which is never closed. */
    private boolean standard;
    /** Where the bytes written are counted (they outlive this writer: a child log's is kept across spawns). */
    private final LongAdder written;

    /**
     * Opens (creating if needed) {@code path} for appending.
     *
     * @param maxBytes size that triggers rotation; 0 (or less) never rotates
     * @param backups  how many rotated files to keep; 0 truncates instead of rotating
     */
    public RotatingFileWriter(Path path, long maxBytes, int backups) throws IOException {
        this(path, maxBytes, backups, new LongAdder());
    }

    /** @param written counts every byte that reaches the file */
    public RotatingFileWriter(Path path, long maxBytes, int backups, LongAdder written) throws IOException {
        this.written = written;
        this.path = path;
        this.watched = path.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.backups = Math.max(0, backups);
        this.channel = open(path);
    }

    public Path path() {
        return path;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public int backups() {
        return backups;
    }

    public synchronized void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /**
     * Writes all of {@code len} bytes, then rotates if the file has reached maxBytes.
     *
     * @throws LogWriteException when the bytes could not all be written (a full disk): the
     *         exception says how many were not
     */
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        FileChannel ch = channel;
        if (ch == null) {
            throw new ClosedChannelException();
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (ClosedChannelException e) {
            written.add(buf.position() - off);
            throw e;
        } catch (IOException e) {
            written.add(buf.position() - off);
            if (buf.position() > off) {
                LogAppends.changed(watched); // what did reach the file is there for the tails
            }
            throw new LogWriteException(e, buf.remaining());
        }
        written.add(len);
        // Only a plain file asks for its size: /dev/stdout or a pipe given as a log file
        // (common in containers) has no size to rotate at
        if (maxBytes > 0 && plainFile && ch.size() >= maxBytes) {
            rotate();
        }
        LogAppends.changed(watched);
    }

    /** Current size of the file being written, 0 when closed. */
    public synchronized long size() throws IOException {
        return channel == null ? 0 : channel.size();
    }

    /** Closes and opens the file again: after an external logrotate moved it away (SIGUSR2). */
    public synchronized void reopen() throws IOException {
        closeChannel();
        channel = open(path);
        LogAppends.changed(watched);
    }

    /**
     * Deletes the file (a missing file is fine) and starts a new empty one. What is not a plain
     * file (/dev/stdout, a pipe) is left in place: there is nothing of it to clear.
     */
    public synchronized void clear() throws IOException {
        closeChannel();
        if (plainFile) {
            Files.deleteIfExists(path);
        }
        channel = open(path);
        LogAppends.changed(watched);
    }

    @Override
    public synchronized void close() throws IOException {
        closeChannel();
    }

    private void rotate() throws IOException {
        closeChannel();
        IOException failure = null;
        try {
            if (backups > 0) {
                for (int i = backups - 1; i > 0; i--) {
                    Path source = numbered(i);
                    if (Files.exists(source)) {
                        replace(source, numbered(i + 1));
                    }
                }
                replace(path, numbered(1));
            }
        } catch (IOException e) {
            failure = e;
        }
        // Whatever went wrong while renaming, keep a file to log into.
        // Appending, unlike supervisord's reopen in 'wb' mode, so that two programs sharing one
        // log file cannot overwrite each other after a rotation.
        channel = open(path);
        channel.truncate(0);
        if (failure != null) {
            throw failure;
        }
    }

    private Path numbered(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    /**
     * Renames source over target. Either file vanishing underneath us (a cleanup script
     * deleting old logs) is not an error, as in supervisord.
     */
    private static void replace(Path source, Path target) throws IOException {
        try {
            Files.deleteIfExists(target);
        } catch (NoSuchFileException ignored) {
            // raced with another deleter: fine
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException ignored) {
            // the active file was removed externally: nothing to keep
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void closeChannel() throws IOException {
        FileChannel ch = channel;
        channel = null;
        if (ch != null && !standard) {
            ch.close();
        }
    }

    /**
     * Opens the path for appending and notes whether it is a plain file; the daemon's stdout and
     * stderr are its own descriptors (see {@link DescriptorPaths}).
     */
    private FileChannel open(Path path) throws IOException {
        int fd = DescriptorPaths.descriptor(path);
        standard = fd == 1 || fd == 2;
        if (standard) {
            plainFile = false;
            return DescriptorPaths.standardChannel(fd);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        plainFile = fd < 0 && Files.isRegularFile(path);
        return ch;
    }
}
