package supervisor.ctl;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Follows one of the daemon's HTTP log streams ({@code /logtail/NAME/CHANNEL}, {@code /mainlogtail})
 * and copies what arrives to stdout until the server ends the stream or {@link #close} is called:
 * 4.2.5's http_client, with its messages on stderr for what goes wrong.
 */
final class LogTail implements AutoCloseable {
    private final ClientOptions options;
    private final String path;
    private final PrintStream out;
    private volatile SocketChannel channel;
    private volatile boolean closed;

    LogTail(ClientOptions options, String path, PrintStream out) {
        this.options = options;
        this.path = path;
        this.out = out;
    }

    /** Streams until the end; reports a failure to connect or a status other than 200 on stderr. */
    void follow() {
        String url = options.serverurl + path;
        try {
            channel = SocketChannel.open(address());
            if (closed) {
                return;
            }
            OutputStream request = Channels.newOutputStream(channel);
            request.write(request().getBytes(StandardCharsets.UTF_8));
            request.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            String[] status = readLine(in).split("\\s+", 3);
            int code = Integer.parseInt(status[1]);
            if (code != 200) {
                System.err.print(url + " Cannot read, status code " + code + "\n");
                System.err.flush();
                return;
            }
            boolean chunked = false;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("transfer-encoding")) {
                    chunked = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT).equals("chunked");
                }
            }
            if (chunked) {
                copyChunks(in);
            } else {
                in.transferTo(new Flushing(out));
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                String type = switch (PythonError.Errno.of(e instanceof IOException io ? io : new IOException(e))) {
                    case ECONNREFUSED -> "<class 'ConnectionRefusedError'> ([Errno 111] Connection refused)";
                    case ENOENT -> "<class 'FileNotFoundError'> ([Errno 2] No such file or directory)";
                    default -> null;
                };
                if (type != null) {
                    System.err.print(url + " Cannot connect, error: " + type + "\n");
                    System.err.flush();
                }
            }
        } finally {
            close();
        }
    }

    private SocketAddress address() {
        if (options.serverurl.startsWith("unix://")) {
            return UnixDomainSocketAddress.of(options.serverurl.substring("unix://".length()));
        }
        URI uri = URI.create(options.serverurl);
        return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    }

    private String request() {
        String host = options.serverurl.startsWith("unix://") ? "localhost" : URI.create(options.serverurl).getRawAuthority();
        StringBuilder head = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Accept-Encoding: chunked\r\n")
                .append("Accept: */*\r\n")
                .append("User-agent: Supervisor HTTP Client\r\n");
        if (options.password != null && !options.password.isEmpty()) {
            String credentials = options.username + ":" + options.password;
            head.append("Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private void copyChunks(InputStream in) throws IOException {
        while (true) {
            String sizeLine = readLine(in).trim();
            if (sizeLine.isEmpty()) {
                continue;
            }
            int size = Integer.parseInt(sizeLine.split("[;\\s]")[0], 16);
            if (size == 0) {
                return;
            }
            byte[] data = in.readNBytes(size);
            out.write(data);
            out.flush();
            if (data.length < size) {
                return;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException();
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Ends the stream from another thread (Ctrl-C, or fg leaving). */
    @Override
    public void close() {
        closed = true;
        SocketChannel c = channel;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already closed: nothing more to end
            }
        }
    }

    /** Every piece of a body reaches the terminal as it arrives. */
    private static final class Flushing extends OutputStream {
        private final PrintStream out;

        Flushing(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.write(b);
            out.flush();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
            out.flush();
        }
    }
}
