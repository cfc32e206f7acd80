package supervisor.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The stylesheet and images the pages refer to, served from this package's resources at the
 * paths supervisord serves its own at. Only the files listed here exist: nothing else of the
 * class path can be reached through a URL.
 */
final class StaticFiles {
    /** The paths supervisord's UI directory offers, which pages and bookmarks refer to. */
    static final List<String> PATHS = List.of(
            "stylesheets/supervisor.css",
            "images/icon.png",
            "images/supervisor.gif",
            "images/rule.gif",
            "images/state0.gif",
            "images/state1.gif",
            "images/state2.gif",
            "images/state3.gif");

    private static final Set<String> DIRECTORIES = Set.of("images", "stylesheets");

    /** RFC 1123 with a two-digit day, as medusa writes dates. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    record StaticFile(byte[] content, String contentType, Instant lastModified) {
    }

    private final Map<String, StaticFile> files;

    private StaticFiles(Map<String, StaticFile> files) {
        this.files = files;
    }

    /** Reads every file once; a missing one is a packaging error. */
    static StaticFiles load() {
        Map<String, StaticFile> files = new LinkedHashMap<>();
        Instant loaded = Instant.now();
        for (String path : PATHS) {
            URL url = StaticFiles.class.getResource(path);
            if (url == null) {
                throw new IllegalStateException("web UI resource missing: " + path);
            }
            try {
                URLConnection c = url.openConnection();
                long modified = c.getLastModified();
                byte[] content;
                try (InputStream in = c.getInputStream()) {
                    content = in.readAllBytes();
                }
                Instant at = modified > 0 ? Instant.ofEpochMilli(modified) : loaded;
                files.put(path, new StaticFile(content, contentType(path), at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read web UI resource " + path, e);
            }
        }
        return new StaticFiles(Map.copyOf(files));
    }

    static String contentType(String path) {
        if (path.endsWith(".css")) {
            return "text/css";
        }
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        return "text/plain";
    }

    /**
     * Answers a request for a static path (leading slashes already stripped); false when there
     * is no such file, for the caller's 404.
     */
    boolean handle(String path, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            WebResponses.error(request, response, callback, HttpStatus.BAD_REQUEST_400);
            return true;
        }
        if (DIRECTORIES.contains(path)) {
            // a folder named without its slash: supervisord sends the browser to the slashed
            // name, on its own server name and without a port
            response.getHeaders().put(HttpHeader.LOCATION, "http://" + WebUi.serverName(request) + "/" + path + "/");
            WebResponses.error(request, response, callback, HttpStatus.MOVED_PERMANENTLY_301);
            return true;
        }
        StaticFile file = files.get(path);
        if (file == null) {
            return false;
        }
        if (notModifiedSince(request.getHeaders().get(HttpHeader.IF_MODIFIED_SINCE), file.lastModified())) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.LAST_MODIFIED, HTTP_DATE.format(file.lastModified()));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.content().length);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, file.contentType());
        if (HttpMethod.HEAD.is(method)) {
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(file.content()), callback);
        }
        return true;
    }

    /** Whether the client's copy (dated by If-Modified-Since) is still current; a bad date never is. */
    private static boolean notModifiedSince(String header, Instant lastModified) {
        if (header == null) {
            return false;
        }
        // browsers may append "; length=..." (old Netscape form), which medusa also drops
        int semicolon = header.indexOf(';');
        String date = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        try {
            Instant since = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !lastModified.isAfter(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
