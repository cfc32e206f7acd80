package supervisor.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The error page medusa (supervisord's HTTP server) answers with: a short HTML body naming the
 * status code and its reason, sent with an exact Content-Length. Clients and scripts that scrape
 * supervisord see the same bytes from us.
 */
public final class ErrorPage {
    private ErrorPage() {
    }

    /** medusa's reason phrases where they differ from Jetty's. */
    private static final Map<Integer, String> MEDUSA_REASONS = Map.of(
            302, "Moved Temporarily",
            408, "Request Time-out",
            413, "Request Entity Too Large",
            414, "Request-URI Too Large",
            500, "Internal Server Error",
            504, "Gateway Time-out",
            505, "HTTP Version not supported");

    /** The reason phrase medusa gives a status (Jetty's for the few medusa does not know). */
    public static String reason(int status) {
        String medusa = MEDUSA_REASONS.get(status);
        return medusa != null ? medusa : HttpStatus.getMessage(status);
    }

    /** Whether Jetty's status line would name this status differently from medusa. */
    static boolean reasonDiffers(int status) {
        return MEDUSA_REASONS.containsKey(status);
    }

    public static byte[] body(int status) {
        String page = String.join("\r\n",
                "<head>",
                "<title>Error response</title>",
                "</head>",
                "<body>",
                "<h1>Error response</h1>",
                "<p>Error code " + status + ".",
                "<p>Message: " + reason(status) + ".",
                "</body>",
                "");
        return page.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Completes the exchange with the error page once the request body (if any) has been read
     * and discarded: a client still writing its body to a unix socket the server has given up
     * on would fail with EPIPE instead of seeing the status. A body over the largest one read
     * is not worth reading: the page goes at once (for a chunked body, as soon as it passes
     * that size) and the connection is closed (see {@link Refusal}). Headers already set are kept.
     */
    static void send(Request request, Response response, Callback callback, int status) {
        if (request.getLength() > BodyCollector.MAX_BODY_BYTES) {
            Refusal.send(request, response, callback, status);
        } else {
            BodyCollector.discard(request, BodyCollector.MAX_BODY_BYTES, () -> send(response, callback, status),
                    () -> Refusal.send(request, response, callback, status), callback::failed);
        }
    }

    /** Completes the exchange with the error page; headers already set on the response are kept. */
    static void send(Response response, Callback callback, int status) {
        byte[] body = body(status);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
