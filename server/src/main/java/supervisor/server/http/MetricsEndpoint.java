package supervisor.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}: one scrape, written with its length. A path supervisord does not have,
 * so no 4.2.5 client asks for it; it sits behind the same credentials as every other path.
 * Requests arrive here as GETs: the handler answers other methods.
 */
final class MetricsEndpoint {
    /** The exposition format's media type (0.0.4), which Prometheus asks for and expects. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricsSource source;

    MetricsEndpoint(MetricsSource source) {
        this.source = source;
    }

    void handle(Response response, Callback callback) {
        byte[] body = source.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
