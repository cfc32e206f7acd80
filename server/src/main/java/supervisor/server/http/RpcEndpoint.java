package supervisor.server.http;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;
import supervisor.python.PyBytes;
import supervisor.rpc.BadRequestException;
import supervisor.rpc.RequestTooLargeException;
import supervisor.rpc.XmlRpcDispatcher;

/**
 * {@code POST /RPC2}: the body, collected by {@link BodyCollector}, goes to the XML-RPC
 * dispatcher and its answer is written when it is ready. Nothing here blocks, so a call that
 * waits (startProcess with wait=true) holds no thread while it waits, only its connection. A
 * deferred answer is encoded and written on Jetty's threads, never on the supervisor loop that
 * completed it. Every request is answered, whatever its handling throws.
 */
final class RpcEndpoint {
    /** How much of a request body the activity log shows when the request fails. */
    static final int LOGGED_BODY_BYTES = 64 * 1024;

    private final XmlRpcDispatcher dispatcher;
    private final ActivityLog log;

    RpcEndpoint(XmlRpcDispatcher dispatcher, ActivityLog log) {
        this.dispatcher = dispatcher;
        this.log = log;
    }

    /** A POST (the handler answers other methods); {@code body} is null without a Content-Length. */
    void handle(Request request, byte[] body, Response response, Callback callback) {
        if (body == null) {
            // medusa reads exactly Content-Length bytes and knows no chunked request bodies
            BodyCollector.discard(request, BodyCollector.MAX_BODY_BYTES,
                    () -> ErrorPage.send(response, callback, HttpStatus.LENGTH_REQUIRED_411),
                    () -> Refusal.send(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413),
                    callback::failed);
            return;
        }
        CompletableFuture<byte[]> answer;
        try {
            answer = dispatcher.handle(body, request.getContext());
        } catch (Throwable e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((bytes, failure) -> {
            // an exception thrown in here would vanish with the future whenComplete returns,
            // and leave the client waiting for ever
            try {
                if (failure == null) {
                    answer(response, callback, bytes);
                } else {
                    fail(body, response, callback, failure);
                }
            } catch (Throwable e) {
                callback.failed(e);
            }
        });
    }

    private static void answer(Response response, Callback callback, byte[] body) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** A request that could not be answered, logged in supervisord's words and levels. */
    private void fail(byte[] body, Response response, Callback callback, Throwable failure) {
        if (failure instanceof BadRequestException bad) {
            log.error("XML-RPC request data " + shown(body) + " is invalid: " + bad.reason());
            ErrorPage.send(response, callback, failure instanceof RequestTooLargeException
                    ? HttpStatus.PAYLOAD_TOO_LARGE_413 : HttpStatus.BAD_REQUEST_400);
            return;
        }
        log.log(LogLevel.CRITICAL, "Handling XML-RPC request with data " + shown(body)
                + " raised an unexpected exception: ", failure);
        if (response.isCommitted()) {
            callback.failed(failure);
        } else {
            ErrorPage.send(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
        }
    }

    /** The body as Python's repr shows bytes, cut short past {@link #LOGGED_BODY_BYTES}. */
    private static String shown(byte[] body) {
        int n = Math.min(body.length, LOGGED_BODY_BYTES);
        return PyBytes.repr(body, 0, n) + (n < body.length ? "..." : "");
    }
}
