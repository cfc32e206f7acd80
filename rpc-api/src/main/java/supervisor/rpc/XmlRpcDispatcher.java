package supervisor.rpc;

import java.util.concurrent.CompletableFuture;

/**
 * Turns one {@code POST /RPC2} body into one response body. The returned future completes
 * with the encoded methodResponse (a result or a fault, both HTTP 200), or exceptionally with
 * {@link BadRequestException} (HTTP 400) or any other exception (HTTP 500).
 */
public final class XmlRpcDispatcher {
    public CompletableFuture<byte[]> handle(byte[] requestBody) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
