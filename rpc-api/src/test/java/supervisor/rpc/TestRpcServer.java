package supervisor.rpc;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server around an XmlRpcDispatcher, for testing clients only: keep-alive,
 * Content-Length bodies, optional basic auth, 400/500 for failed futures. One virtual thread
 * per connection.
 */
final class TestRpcServer implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final XmlRpcDispatcher dispatcher;
    private final String requiredAuthorization;
    private final Thread acceptor;

    TestRpcServer(ServerSocketChannel server, XmlRpcDispatcher dispatcher, String requiredAuthorization) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.requiredAuthorization = requiredAuthorization;
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    SocketAddress address() throws IOException {
        return server.getLocalAddress();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(connection));
            OutputStream out = Channels.newOutputStream(connection);
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                requestHeaders.add(headers);
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                if (requiredAuthorization != null && !requiredAuthorization.equals(headers.get("authorization"))) {
                    respond(out, 401, "Unauthorized", new byte[0], true);
                    return;
                }
                try {
                    respond(out, 200, "OK", dispatcher.handle(body).get(), false);
                } catch (ExecutionException e) {
                    boolean bad = e.getCause() instanceof BadRequestException;
                    respond(out, bad ? 400 : 500, bad ? "Bad Request" : "Internal Server Error", new byte[0], false);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static void respond(OutputStream out, int status, String reason, byte[] body, boolean close)
            throws IOException {
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/xml\r\nContent-Length: "
                + body.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join();
    }
}
