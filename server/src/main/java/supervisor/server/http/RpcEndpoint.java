package supervisor.server.http;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import supervisor.rpc.BadRequestException;

/**
 * {@code POST /RPC2}: the body goes to the XML-RPC dispatcher and its answer is written when
 * the dispatcher's future completes. Nothing here blocks, so a call that waits (startProcess
 * with wait=true) holds no thread while it waits, only its connection.
 */
final class RpcEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(RpcEndpoint.class);

    /** Far above any real XML-RPC call; stops one request from exhausting the heap. */
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final Function<byte[], CompletableFuture<byte[]>> dispatcher;

    RpcEndpoint(Function<byte[], CompletableFuture<byte[]>> dispatcher) {
        this.dispatcher = dispatcher;
    }

    void handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.POST.is(request.getMethod())) {
            ErrorPage.send(request, response, callback, HttpStatus.BAD_REQUEST_400);
            return;
        }
        // medusa reads exactly Content-Length bytes and knows no chunked request bodies
        if (!request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
            ErrorPage.send(request, response, callback, HttpStatus.LENGTH_REQUIRED_411);
            return;
        }
        if (request.getLength() > MAX_BODY_BYTES) {
            // not worth reading: refuse and drop the connection
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            ErrorPage.send(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
            return;
        }
        CompletableFuture<byte[]> call = new CompletableFuture<>();
        Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES, Promise.Invocable.toPromise(call));
        call.thenCompose(this::dispatch)
                .whenComplete((answer, failure) -> {
                    if (failure == null)
                        answer(response, callback, answer);
                    else
                        fail(response, callback, unwrap(failure));
                });
    }

    private CompletableFuture<byte[]> dispatch(byte[] body) {
        try {
            CompletableFuture<byte[]> answer = dispatcher.apply(body);
            return answer != null ? answer : CompletableFuture.failedFuture(new NullPointerException("no answer"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void answer(Response response, Callback callback, byte[] body) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void fail(Response response, Callback callback, Throwable failure) {
        if (failure instanceof BadRequestException) {
            LOG.debug("bad XML-RPC request: {}", failure.getMessage());
            ErrorPage.send(response, callback, HttpStatus.BAD_REQUEST_400);
        } else if (response.isCommitted()) {
            callback.failed(failure);
        } else {
            LOG.error("XML-RPC request failed", failure);
            ErrorPage.send(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null)
            failure = failure.getCause();
        return failure;
    }
}
