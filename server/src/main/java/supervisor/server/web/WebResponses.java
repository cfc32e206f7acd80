package supervisor.server.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import supervisor.server.http.ErrorPage;

/**
 * The responses of the web UI: pages that are never cached, the redirect after an action, and
 * medusa's short error page (the same bytes supervisord's HTTP server sends for an error).
 */
final class WebResponses {
    private WebResponses() {
    }

    static final String NEVER = "Thu, 01 Jan 1970 00:00:00 GMT";

    /** A page as the web UI serves it: UTF-8 HTML that browsers must not cache. */
    static void page(Response response, Callback callback, String html) {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
        noCache(response);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Where the page goes after an action: a 301 whose body is medusa's page for 301. */
    static void redirect(Response response, Callback callback, String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
        noCache(response);
        error(response, callback, HttpStatus.MOVED_PERMANENTLY_301);
    }

    /** A short plain-text body ({@code ok.html}). */
    static void text(Response response, Callback callback, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * medusa's error page, once the request body (if any) has been read and dropped, so that a
     * client still sending it sees the status rather than a broken pipe.
     */
    static void error(Request request, Response response, Callback callback, int status) {
        Content.Source.consumeAll(request, Callback.from(() -> error(response, callback, status), callback::failed));
    }

    /** medusa's error page; headers already set are kept. */
    static void error(Response response, Callback callback, int status) {
        byte[] body = ErrorPage.body(status);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void noCache(Response response) {
        response.getHeaders().put(HttpHeader.PRAGMA, "no-cache");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.EXPIRES, NEVER);
    }
}
