package supervisor.server.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /logtail/<namespec>[/<channel>]} and {@code GET /mainlogtail}: what
 * {@code supervisorctl tail -f} and {@code maintail -f} read. The body has no length and
 * never ends on its own (chunked over HTTP/1.1); the client ends it by closing the connection.
 * Requests arrive here as GETs: the handler answers other methods.
 */
final class LogTailEndpoint {
    /** RFC 1123 with a two-digit day, as medusa writes it (the JDK's RFC_1123 drops the zero). */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final LogTailSource source;
    private final LogTailPoller poller;

    LogTailEndpoint(LogTailSource source, LogTailPoller poller) {
        this.source = source;
        this.poller = poller;
    }

    void handleProcessLog(Request request, Response response, Callback callback) {
        String path = stripLeadingSlashes(request.getHttpURI().getDecodedPath());
        int slash = path.indexOf('/');
        if (slash < 0) {
            // "/logtail" alone: supervisord fails on it with an internal error
            ErrorPage.send(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            return;
        }
        String nameAndChannel = path.substring(slash + 1);
        int split = nameAndChannel.indexOf('/');
        String namespec = split < 0 ? nameAndChannel : nameAndChannel.substring(0, split);
        String channel = split < 0 ? "stdout" : nameAndChannel.substring(split + 1);
        Path log = channel.equals("stdout") || channel.equals("stderr") ? source.processLog(namespec, channel) : null;
        stream(log, true, request, response, callback);
    }

    void handleMainLog(Request request, Response response, Callback callback) {
        stream(source.mainLog(), false, request, response, callback);
    }

    private void stream(Path log, boolean noProxyBuffering, Request request, Response response, Callback callback) {
        if (log == null || !Files.exists(log)) {
            // a log that is missing now may appear later, so "not found" rather than an error
            ErrorPage.send(request, response, callback, HttpStatus.NOT_FOUND_404);
            return;
        }
        LogTail tail;
        try {
            response.getHeaders().put(HttpHeader.LAST_MODIFIED,
                    HTTP_DATE.format(Files.getLastModifiedTime(log).toInstant()));
            tail = LogTail.open(log, request, response, callback, poller);
        } catch (IOException e) {
            ErrorPage.send(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        if (noProxyBuffering)
            response.getHeaders().put("X-Accel-Buffering", "no");
        request.addFailureListener(tail::end); // the client closed the connection
        poller.follow(tail);
    }

    private static String stripLeadingSlashes(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/')
            start++;
        return path.substring(start);
    }
}
