package supervisor.server.web;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;
import supervisor.rpc.FaultCode;
import supervisor.rpc.Futures;
import supervisor.rpc.RpcFault;
import supervisor.rpc.RpcRegistry;
import supervisor.server.rpc.SupervisorNamespace;

/**
 * supervisord's web interface: the status page ({@code /} and {@code index.html}) with its
 * actions, {@code tail.html}, the {@code ok.html} probe, and the stylesheet and images. Plug it
 * into {@code HttpServers} as the handler of every other path; it answers false for paths it
 * does not know (the 404).
 *
 * <p>It reads and changes the supervisor only through the XML-RPC methods of the registry, so
 * the page shows and does exactly what the API would. Nothing here blocks: a request whose
 * answer waits (a start waits until the process runs, as over XML-RPC) holds its connection but
 * no thread, and the page is written from a Jetty thread once the call's future completes.
 */
public final class WebUi implements Request.Handler {
    /** Far above any form the pages post; stops one request from filling the heap. */
    static final int MAX_FORM_BYTES = 1024 * 1024;

    /** The paths that are pages; anything else is a static file or nothing. */
    private static final Set<String> VIEWS = Set.of("index.html", "tail.html", "ok.html");

    /** What tail.html shows when no larger amount is asked for, in bytes. */
    private static final BigInteger DEFAULT_TAIL = BigInteger.valueOf(1024);

    private final RpcRegistry rpc;
    private final WebActions actions;
    /** The stylesheet and images, read on the first request for one rather than at start-up. */
    private static final class Statics {
        static final StaticFiles FILES = StaticFiles.load();
    }
    private final Supplier<ZonedDateTime> now;
    private final ActivityLog log;

    /**
     * @param rpc the registry {@code /RPC2} dispatches to, with supervisor.* and system.*
     * @param log where errors of the interface are reported: the activity log
     */
    public WebUi(RpcRegistry rpc, ActivityLog log) {
        this(rpc, log, ZonedDateTime::now);
    }

    WebUi(RpcRegistry rpc, ActivityLog log, Supplier<ZonedDateTime> now) {
        this.rpc = rpc;
        this.log = log;
        this.now = now;
        this.actions = new WebActions(rpc, now);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = stripLeadingSlashes(request.getHttpURI().getDecodedPath());
        if (path.isEmpty()) {
            path = "index.html";
        }
        String method = request.getMethod();
        boolean getOrPost = HttpMethod.GET.is(method) || HttpMethod.POST.is(method);
        if (!getOrPost || !VIEWS.contains(path)) {
            return Statics.FILES.handle(path, request, response, callback);
        }
        String query = request.getHttpURI().getQuery();
        if (HttpMethod.GET.is(method)) {
            view(path, Form.parse(query, null), request, response, callback);
            return true;
        }
        // medusa reads exactly Content-Length bytes of a form and knows no chunked bodies
        if (!request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
            WebResponses.error(request, response, callback, HttpStatus.LENGTH_REQUIRED_411);
            return true;
        }
        if (request.getLength() > MAX_FORM_BYTES) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            WebResponses.error(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
            return true;
        }
        String viewPath = path;
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        Content.Source.asByteArrayAsync(request, MAX_FORM_BYTES, Promise.Invocable.toPromise(body));
        body.whenComplete((bytes, failure) -> {
            if (failure != null) {
                callback.failed(failure);
            } else {
                view(viewPath, Form.parse(query, new String(bytes, StandardCharsets.UTF_8)), request, response, callback);
            }
        });
        return true;
    }

    private void view(String path, Form form, Request request, Response response, Callback callback) {
        switch (path) {
            case "ok.html" -> WebResponses.text(response, callback, "OK");
            case "tail.html" -> tail(form, request, response, callback);
            default -> status(form, request, response, callback);
        }
    }

    /** index.html: run the action and send the browser back with its message, or show the table. */
    private void status(Form form, Request request, Response response, Callback callback) {
        String action = form.get("action");
        if (action != null) {
            String serverUrl = serverUrl(request);
            actions.run(action, form.get("processname")).whenCompleteAsync((message, failure) -> {
                if (failure != null) {
                    serverError("web action " + action, failure, response, callback);
                } else {
                    WebResponses.redirect(response, callback, serverUrl + "/?message=" + WebText.quote(message));
                }
            }, executor(request));
            return;
        }
        String message = form.get("message");
        // the figures are an extra: a page without them beats no page
        CompletableFuture<Map<String, ResourceUsage>> usage = rpc.call("supervisor_ext.getAllProcessStats", List.of())
                .thenApply(stats -> ResourceUsage.byNamespec((List<?>) stats))
                .exceptionally(failure -> Map.of());
        CompletableFuture<Map<String, List<String>>> dependsOn = rpc.call("supervisor_ext.getDependencyGraph", List.of())
                .thenApply(graph -> StatusPage.dependsOnByNamespec((List<?>) graph))
                .exceptionally(failure -> Map.of());
        rpc.call("supervisor.getAllProcessInfo", List.of()).thenCombine(usage, (all, byNamespec) -> Map.entry(all, byNamespec))
                .thenCombineAsync(dependsOn, (infoAndUsage, dependencies) ->
                StatusPage.render((List<?>) infoAndUsage.getKey(), infoAndUsage.getValue(), dependencies, message,
                        SupervisorNamespace.SUPERVISOR_VERSION, now.get().getYear()), executor(request)).whenCompleteAsync((page, failure) -> {
            if (failure != null) {
                serverError("status page", failure, response, callback);
            } else {
                WebResponses.page(response, callback, page);
            }
        }, executor(request));
    }

    /** tail.html: the end of the process's stdout log, at least 1024 bytes of it. */
    private void tail(Form form, Request request, Response response, Callback callback) {
        String namespec = form.get("processname");
        BigInteger limit = DEFAULT_TAIL;
        String asked = form.get("limit");
        if (asked != null && asked.chars().allMatch(c -> c >= '0' && c <= '9')) {
            limit = limit.max(new BigInteger(asked));
        }
        String shownLimit = limit.toString();
        if (namespec == null) {
            WebResponses.page(response, callback, TailPage.render(null, "No process name found", shownLimit));
            return;
        }
        int offset = -limit.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
        rpc.call("supervisor.readProcessStdoutLog", List.of(namespec, offset, 0)).whenCompleteAsync((log, failure) -> {
            String text;
            if (failure == null) {
                text = String.valueOf(log);
            } else if (failure instanceof RpcFault f && f.code() == FaultCode.NO_FILE) {
                text = "No file for " + namespec;
            } else if (failure instanceof RpcFault f) {
                text = "ERROR: unexpected rpc fault [" + f.faultCode() + "] " + f.faultString();
            } else {
                serverError("tail page", failure, response, callback);
                return;
            }
            WebResponses.page(response, callback, TailPage.render(namespec, text, shownLimit));
        }, executor(request));
    }

    /** supervisord's "Web interface error", with the stack trace, and a 500 for the browser. */
    private void serverError(String what, Throwable failure, Response response, Callback callback) {
        Throwable cause = Futures.cause(failure);
        if (cause instanceof WebActions.UnknownAction) {
            log.debug(what + ": " + cause.getMessage());
        } else {
            log.log(LogLevel.ERROR, "Web interface error (" + what + "):", cause);
        }
        if (response.isCommitted()) {
            callback.failed(cause);
        } else {
            WebResponses.error(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
        }
    }

    /** Answers are written from Jetty's threads, not from the supervisor loop that completed the call. */
    private static Executor executor(Request request) {
        return request.getContext();
    }

    /**
     * {@code http://} and the request's Host (port 80 dropped), or the server's own name and
     * port without one: where supervisord sends the browser after an action.
     */
    static String serverUrl(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        String hostname;
        String port;
        if (host != null && !host.strip().isEmpty()) {
            host = host.strip();
            int colon = host.lastIndexOf(':');
            String digits = colon < 0 ? null : host.substring(colon + 1);
            if (digits != null && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                hostname = host.substring(0, colon);
                port = digits.isEmpty() ? null : digits;
            } else {
                hostname = host;
                port = null;
            }
        } else {
            hostname = serverName(request);
            SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
            port = local instanceof InetSocketAddress inet ? Integer.toString(inet.getPort()) : null;
        }
        String url = "http://" + (port == null || port.equals("80") ? hostname : hostname + ":" + port);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The name the server knows itself by: its address's host name (localhost on loopback). */
    static String serverName(Request request) {
        SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
        if (local instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostName();
        }
        return "localhost";
    }

    private static String stripLeadingSlashes(String path) {
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return path.substring(i);
    }
}
