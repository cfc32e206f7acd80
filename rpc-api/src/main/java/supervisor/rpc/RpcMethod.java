package supervisor.rpc;

/**
 * One XML-RPC method. It returns a plain value (see {@link XmlRpcCodec} for the value model), or a
 * {@link java.util.concurrent.CompletionStage} for a deferred answer that completes later without
 * holding a thread. A fault is an {@link RpcFault}, thrown or used to complete the stage
 * exceptionally; any other exception makes the server answer HTTP 500.
 */
@FunctionalInterface
public interface RpcMethod {
    Object invoke(Args args) throws Exception;
}
