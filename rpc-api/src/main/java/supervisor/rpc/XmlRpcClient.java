package supervisor.rpc;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * A small blocking XML-RPC client for tests and tools, speaking to a supervisord-style server
 * URL ({@code unix:///path/to/socket} or {@code http://host:port}) the way supervisorctl does:
 * {@code POST /RPC2} over HTTP/1.1 with Content-Length, one kept-alive connection, and HTTP
 * basic auth when both username and password are given.
 *
 * <p>Like Python's client it has no timeout (deferred calls simply wait) and does not retry: a
 * connection the server closed makes the next call fail and the one after reconnect. Calls are
 * serialised; one instance may be shared, but one call runs at a time.
 */
public final class XmlRpcClient implements Closeable {
    private final SocketAddress address;
    private final String hostHeader;
    private final String authorization;

    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;

    public XmlRpcClient(String serverUrl) {
        this(serverUrl, null, null);
    }

    public XmlRpcClient(String serverUrl, String username, String password) {
        if (serverUrl.startsWith("unix://")) {
            address = UnixDomainSocketAddress.of(serverUrl.substring("unix://".length()));
            // supervisorctl sends this too: socket paths are too long for a host name
            hostHeader = "localhost";
        } else if (serverUrl.startsWith("http://")) {
            URI uri = URI.create(serverUrl);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host in server URL " + serverUrl);
            }
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            address = new InetSocketAddress(uri.getHost(), port);
            hostHeader = port == 80 ? uri.getHost() : uri.getHost() + ":" + port;
        } else {
            throw new IllegalArgumentException("unknown protocol for server URL " + serverUrl);
        }
        authorization = username != null && password != null
                ? "Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + password).getBytes(StandardCharsets.UTF_8))
                : null;
    }

    /**
     * Calls a method and returns its value (see {@link XmlRpcCodec} for the value model).
     *
     * @throws RpcFault when the server answers with a fault
     * @throws HttpStatusException when the server answers with a status other than 200
     * @throws IOException on connection trouble or a malformed answer
     * @throws IllegalArgumentException when a parameter cannot be encoded (nothing is sent)
     */
    public synchronized Object call(String method, Object... params) throws IOException {
        byte[] body = XmlRpcCodec.encodeCall(method, Arrays.asList(params));
        try {
            if (channel == null) {
                connect();
            }
            send(body);
            return receive();
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof RpcFault)) {
                close();
            }
            throw e;
        }
    }

    private void connect() throws IOException {
        channel = SocketChannel.open(address);
        in = new BufferedInputStream(Channels.newInputStream(channel));
        out = Channels.newOutputStream(channel);
    }

    private void send(byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append("POST /RPC2 HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Accept-Encoding: identity\r\n")
                .append("User-Agent: supervisor.rpc.XmlRpcClient\r\n")
                .append("Content-Type: text/xml\r\n")
                .append("Accept: text/xml\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        out.write(request);
        out.flush();
    }

    private Object receive() throws IOException {
        String statusLine = readLine();
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP response: " + statusLine, e);
        }
        boolean keepAlive = !status[0].equals("HTTP/1.0");
        long contentLength = -1;
        boolean chunked = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> keepAlive = value.equalsIgnoreCase("keep-alive")
                        || (keepAlive && !value.equalsIgnoreCase("close"));
                default -> {
                    // other headers do not matter to an XML-RPC client
                }
            }
        }
        if (code != 200) {
            close();
            throw new HttpStatusException(code, status.length > 2 ? status[2] : "");
        }
        byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = in.readNBytes(Math.toIntExact(contentLength));
            if (body.length < contentLength) {
                throw new EOFException("connection closed inside the response body");
            }
        } else {
            body = in.readAllBytes();
            keepAlive = false;
        }
        if (!keepAlive) {
            close();
        }
        return XmlRpcCodec.decodeResponse(body);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("connection closed inside a chunk");
            }
            body.write(chunk);
            readLine();
        }
    }

    /** One header line without its CRLF (a bare LF is accepted too). */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is best effort; the next call opens a new connection
            }
            channel = null;
            in = null;
            out = null;
        }
    }
}
