package supervisor.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import supervisor.testing.RawConnection;

/**
 * Bare HTTP/1.0 requests: each goes out exactly as written (any Host, or none) on a connection
 * of its own, and the answer is read to the end of the connection, so both servers' replies are
 * seen unaltered.
 */
final class RawHttp {
    /** An action's page answers once its processes are done: allow for slow starts and stops. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(120);

    private RawHttp() {
    }

    /**
     * @param headers extra header lines, e.g. {@code Host: example.org}
     * @param body    null for none; otherwise sent with its Content-Length
     */
    static RawConnection.Reply request(int port, String method, String target, List<String> headers, String body)
            throws IOException {
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
        try (RawConnection c = RawConnection.tcp(port)) {
            c.send(req.toString());
            if (content != null) {
                c.send(content);
            }
            return c.readToClose(REPLY_TIMEOUT);
        }
    }

    static RawConnection.Reply get(int port, String target, String... headers) throws IOException {
        return request(port, "GET", target, List.of(headers), null);
    }
}
