package supervisor.rpc;

import java.util.concurrent.CompletableFuture;

/**
 * Turns one {@code POST /RPC2} body into one response body. The returned future completes
 * with the encoded methodResponse (a result or a fault, both HTTP 200), or exceptionally with
 * {@link BadRequestException} (HTTP 400) or any other exception (HTTP 500). The exception is
 * the cause itself, never a CompletionException wrapper.
 *
 * <p>handle() never blocks and never throws. An immediate method completes the future before
 * handle() returns; a deferred one completes it later, on the thread that completes the
 * method's stage (encoding happens there too).
 */
public final class XmlRpcDispatcher {
    private final RpcRegistry registry;

    public XmlRpcDispatcher(RpcRegistry registry) {
        this.registry = registry;
    }

    public RpcRegistry registry() {
        return registry;
    }

    public CompletableFuture<byte[]> handle(byte[] requestBody) {
        XmlRpcCall call;
        try {
            call = XmlRpcCodec.decodeCall(requestBody);
        } catch (BadRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<byte[]> response = new CompletableFuture<>();
        registry.call(call.methodName(), call.params()).whenComplete((value, error) -> {
            try {
                if (error == null) {
                    response.complete(XmlRpcCodec.encodeResponse(value));
                } else if (error instanceof RpcFault fault) {
                    response.complete(XmlRpcCodec.encodeFault(fault));
                } else {
                    response.completeExceptionally(error);
                }
            } catch (RuntimeException | StackOverflowError e) {
                // an unencodable value (or one nested too deeply): supervisord answers 500 as well
                response.completeExceptionally(e);
            }
        });
        return response;
    }
}
