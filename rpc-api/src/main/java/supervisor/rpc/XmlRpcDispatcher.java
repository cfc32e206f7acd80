package supervisor.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Turns one {@code POST /RPC2} body into one response body. The returned future completes
 * with the encoded methodResponse (a result or a fault, both HTTP 200), or exceptionally with
 * {@link RequestTooLargeException} (HTTP 413), {@link BadRequestException} (HTTP 400) or any
 * other exception or error (HTTP 500). The exception is the cause itself, never a
 * CompletionException wrapper.
 *
 * <p>handle() never blocks and never throws, and its future always completes: an error (say,
 * the heap running out while a huge answer is encoded) fails it instead of escaping. The call is decoded and the method started on the
 * calling thread. A method that answers at once has its answer encoded there too, before
 * handle() returns; a deferred answer is encoded on the executor the caller names, not on the
 * thread that completed it (the supervisor loop must not spend its time encoding responses).
 */
public final class XmlRpcDispatcher {
    private final RpcRegistry registry;

    public XmlRpcDispatcher(RpcRegistry registry) {
        this.registry = registry;
    }

    public RpcRegistry registry() {
        return registry;
    }

    /** @param encoder where a deferred answer is encoded (and the returned future completed) */
    public CompletableFuture<byte[]> handle(byte[] requestBody, Executor encoder) {
        CompletableFuture<Object> outcome;
        try {
            XmlRpcCall call = XmlRpcCodec.decodeCall(requestBody);
            outcome = registry.call(call.methodName(), call.params());
        } catch (BadRequestException | RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<byte[]> response = new CompletableFuture<>();
        if (outcome.isDone()) {
            outcome.whenComplete((value, error) -> encode(response, value, error));
        } else {
            outcome.whenCompleteAsync((value, error) -> encode(response, value, error), encoder);
        }
        return response;
    }

    /** {@link #handle(byte[], Executor)} with deferred answers encoded on the thread that completes them. */
    public CompletableFuture<byte[]> handle(byte[] requestBody) {
        return handle(requestBody, Runnable::run);
    }

    private static void encode(CompletableFuture<byte[]> response, Object value, Throwable error) {
        try {
            if (error == null) {
                response.complete(XmlRpcCodec.encodeResponse(value));
            } else if (error instanceof RpcFault fault) {
                response.complete(XmlRpcCodec.encodeFault(fault));
            } else {
                response.completeExceptionally(error);
            }
        } catch (RuntimeException | Error e) {
            // an unencodable value (or one nested too deeply): supervisord answers 500 as well;
            // and whatever else goes wrong must still complete the answer
            response.completeExceptionally(e);
        }
    }
}
