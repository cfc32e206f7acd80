package supervisor.server.http;

import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;

/**
 * Routes every request the way supervisord's handler chain does: credentials first (each
 * server section has its own, and they guard every path), then {@code /RPC2},
 * {@code /logtail}, {@code /mainlogtail}, {@code /metrics} where the daemon offers it, and
 * everything else to the remaining handler. A POST's
 * body is collected first, within the limits every body shares (see {@link BodyCollector}).
 *
 * <p>Nothing behind it blocks (bodies are read, answers written and waits completed through
 * callbacks, and read-only calls use what the supervisor loop has published), so Jetty may run
 * it on the thread that read the request instead of handing it to another.
 */
final class SupervisorHandler extends Handler.Abstract.NonBlocking {
    private final Map<Connector, BasicAuth> credentials;
    private final RpcEndpoint rpc;
    private final LogTailEndpoint tails;
    /** null: no {@code /metrics}, the path goes to the remaining handler as any other. */
    private final MetricsEndpoint metrics;
    private final Request.Handler otherPaths;
    private final ActivityLog log;
    private final BodyCollector bodies;

    SupervisorHandler(Map<Connector, BasicAuth> credentials, RpcEndpoint rpc, LogTailEndpoint tails,
                      MetricsEndpoint metrics, Request.Handler otherPaths, ActivityLog log) {
        this(credentials, rpc, tails, metrics, otherPaths, log,
                BodyCollector.forHeap(Runtime.getRuntime().maxMemory()));
    }

    SupervisorHandler(Map<Connector, BasicAuth> credentials, RpcEndpoint rpc, LogTailEndpoint tails,
                      MetricsEndpoint metrics, Request.Handler otherPaths, ActivityLog log, BodyCollector bodies) {
        this.credentials = credentials;
        this.rpc = rpc;
        this.tails = tails;
        this.metrics = metrics;
        this.otherPaths = otherPaths;
        this.log = log;
        this.bodies = bodies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        BasicAuth auth = credentials.get(request.getConnectionMetaData().getConnector());
        if (auth != null && !authorized(auth, request, response, callback))
            return true;
        if (HttpMethod.POST.is(request.getMethod()) && request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
            bodies.collect(request, response, callback, (body, done) -> route(request, body, response, done));
        } else {
            route(request, null, response, callback);
        }
        return true;
    }

    /** @param body the collected body, or null when there is none to collect (no Content-Length) */
    private void route(Request request, byte[] body, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        try {
            if (path.startsWith("/RPC2")) {
                if (method(HttpMethod.POST, request, response, callback))
                    rpc.handle(request, body, response, callback);
            } else if (path.startsWith("/logtail")) {
                if (method(HttpMethod.GET, request, response, callback))
                    tails.handleProcessLog(request, response, callback);
            } else if (path.startsWith("/mainlogtail")) {
                if (method(HttpMethod.GET, request, response, callback))
                    tails.handleMainLog(request, response, callback);
            } else if (metrics != null && path.equals("/metrics")) {
                if (method(HttpMethod.GET, request, response, callback))
                    metrics.handle(response, callback);
            } else if (!otherPaths.handle(body == null ? request : new CollectedRequest(request, body), response,
                    callback)) {
                ErrorPage.send(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
        } catch (Exception e) {
            // medusa's "Server Error" for a handler that raised: logged as an error, answered 500
            log.log(LogLevel.ERROR, "Server Error: " + request.getMethod() + " " + path + ": ", e);
            if (response.isCommitted())
                callback.failed(e);
            else
                ErrorPage.send(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
        }
    }

    /** True when the request uses {@code expected}; otherwise answers 400, as medusa's handlers do. */
    private static boolean method(HttpMethod expected, Request request, Response response, Callback callback) {
        if (expected.is(request.getMethod()))
            return true;
        ErrorPage.send(request, response, callback, HttpStatus.BAD_REQUEST_400);
        return false;
    }

    /** Answers the request itself unless the credentials are good. */
    private static boolean authorized(BasicAuth auth, Request request, Response response, Callback callback) {
        switch (auth.check(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            case ALLOWED -> {
                return true;
            }
            case BAD_REQUEST -> ErrorPage.send(request, response, callback, HttpStatus.BAD_REQUEST_400);
            case SERVER_ERROR -> ErrorPage.send(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            case UNAUTHORIZED -> {
                // supervisord ignores anything else the client sends on this connection: close it
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"default\"");
                ErrorPage.send(request, response, callback, HttpStatus.UNAUTHORIZED_401);
            }
        }
        return false;
    }
}
