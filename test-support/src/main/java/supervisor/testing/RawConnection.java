package supervisor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain socket to an HTTP server, unix or TCP, for sending exact bytes and reading exactly what
 * comes back: one reply after another on a kept-alive connection, chunks of a chunked body, or
 * everything until the server closes. Every read has a deadline so a broken server fails the
 * test instead of hanging it.
 */
public final class RawConnection implements AutoCloseable {
    /** How long one read waits for the server. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int consumed;

    /** One response: its status line, its headers (names in lower case, the first of each kept) and its body. */
    public record Reply(String statusLine, Map<String, String> headers, byte[] body) {
        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body as UTF-8. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + "\n" + text();
        }
    }

    private RawConnection(SocketAddress address) throws IOException {
        channel = SocketChannel.open(address);
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    public static RawConnection unix(Path socket) throws IOException {
        return new RawConnection(UnixDomainSocketAddress.of(socket));
    }

    public static RawConnection tcp(int port) throws IOException {
        return new RawConnection(new InetSocketAddress("127.0.0.1", port));
    }

    /** The value of an Authorization header with these credentials, as supervisorctl sends it. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code text} as ISO-8859-1, one byte a character. */
    public RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawConnection send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining())
            channel.write(buffer);
        return this;
    }

    /** Closes the sending side, as a client does when it has said all it will: the server reads the end. */
    public RawConnection shutdownOutput() throws IOException {
        channel.shutdownOutput();
        return this;
    }

    /** Reads one response: status line, headers, and a Content-Length body (or none). */
    public Reply readReply() throws IOException {
        String head = readUntil("\r\n\r\n");
        String[] lines = head.split("\r\n");
        Map<String, String> headers = headers(lines);
        String length = headers.get("content-length");
        byte[] body = length == null ? new byte[0] : readBytes(Integer.parseInt(length));
        return new Reply(lines[0], headers, body);
    }

    /**
     * Reads one response whose body ends where the connection does (HTTP/1.0), waiting up to
     * {@code within} for the server to close it.
     */
    public Reply readToClose(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (fill(deadline) >= 0) {
            // until the server closes
        }
        byte[] all = received.toByteArray();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), consumed);
        String raw = new String(all, consumed, all.length - consumed, StandardCharsets.ISO_8859_1);
        if (end < 0 || !raw.startsWith("HTTP/")) {
            throw new IOException("not a complete HTTP response: " + raw);
        }
        String[] lines = new String(all, consumed, end - consumed, StandardCharsets.ISO_8859_1).split("\r\n");
        consumed = all.length;
        return new Reply(lines[0], headers(lines), Arrays.copyOfRange(all, end + 4, all.length));
    }

    private static Map<String, String> headers(String[] lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return headers;
    }

    /**
     * Reads one chunk of a chunked body: its bytes, or null for the terminating chunk. Like
     * supervisorctl's reader, it does not wait for the CRLF that closes a chunk's data: Jetty
     * sends it in front of the next chunk.
     */
    public byte[] readChunk() throws IOException {
        String sizeLine = readUntil("\r\n");
        if (sizeLine.isEmpty())
            sizeLine = readUntil("\r\n");
        int size = Integer.parseInt(sizeLine.trim().split(" ")[0], 16);
        if (size == 0) {
            readUntil("\r\n");
            return null;
        }
        return readBytes(size);
    }

    /** Reads chunks until the text of all of them (from this call on) contains {@code expected}. */
    public String readChunksUntil(String expected) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().contains(expected)) {
            byte[] chunk = readChunk();
            if (chunk == null)
                throw new IOException("body ended before " + expected + " arrived; got " + text);
            text.append(new String(chunk, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** True if the server closes the connection before the deadline (nothing else arriving). */
    public boolean closedByServer(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (fill(deadline) < 0)
                    return true;
            } catch (IOException e) {
                return e.getMessage().contains("reset"); // a reset is a close too
            }
        }
        return false;
    }

    private String readUntil(String marker) throws IOException {
        byte[] wanted = marker.getBytes(StandardCharsets.ISO_8859_1);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            byte[] all = received.toByteArray();
            int at = indexOf(all, wanted, consumed);
            if (at >= 0) {
                String text = new String(all, consumed, at - consumed, StandardCharsets.ISO_8859_1);
                consumed = at + wanted.length;
                return text;
            }
            if (fill(deadline) < 0)
                throw new IOException("connection closed; received " + new String(all, StandardCharsets.ISO_8859_1));
        }
    }

    private byte[] readBytes(int count) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (received.size() - consumed < count)
            if (fill(deadline) < 0)
                throw new IOException("connection closed before " + count + " bytes");
        byte[] data = Arrays.copyOfRange(received.toByteArray(), consumed, consumed + count);
        consumed += count;
        return data;
    }

    /** Waits for data until the deadline; returns bytes read, 0 on timeout, -1 at end of stream. */
    private int fill(long deadline) throws IOException {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0)
            throw new IOException("timed out; received " + received.toString(StandardCharsets.ISO_8859_1));
        selector.select(left);
        selector.selectedKeys().clear();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        int n = channel.read(buffer);
        if (n > 0)
            received.write(buffer.array(), 0, n);
        return n;
    }

    private static int indexOf(byte[] data, byte[] wanted, int from) {
        outer:
        for (int i = from; i <= data.length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++)
                if (data[i + j] != wanted[j])
                    continue outer;
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
