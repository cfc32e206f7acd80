package supervisor.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.0 client: the request goes out exactly as written (any Host, or none), and the
 * answer is read to the end of the connection, so both servers' replies are seen unaltered.
 */
final class RawHttp {
    private RawHttp() {
    }

    record Reply(int status, List<String> headerLines, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + headers + "\n" + text();
        }
    }

    /** Credentials as supervisorctl sends them. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param headers extra header lines, e.g. {@code Host: example.org}
     * @param body    null for none; otherwise sent with its Content-Length
     */
    static Reply request(int port, String method, String target, List<String> headers, String body) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(120_000);
            StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.0\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            if (content != null) {
                req.append("Content-Type: application/x-www-form-urlencoded\r\n");
                req.append("Content-Length: ").append(content.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (content != null) {
                out.write(content);
            }
            out.flush();
            return parse(s.getInputStream().readAllBytes());
        }
    }

    static Reply get(int port, String target, String... headers) throws IOException {
        return request(port, "GET", target, List.of(headers), null);
    }

    private static Reply parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no complete header block in: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String> headerLines = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            headerLines.add(lines[i]);
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(raw, end + 4, raw.length - end - 4);
        return new Reply(status, headerLines, headers, body.toByteArray());
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
