package supervisor.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import supervisor.rpc.RpcRegistry;
import supervisor.rpc.XmlRpcDispatcher;

/**
 * The real XML-RPC dispatcher with a few test methods registered:
 * <ul>
 * <li>{@code supervisor.getVersion} → "3.0" (what supervisorctl checks first)</li>
 * <li>{@code test.unicode} → a non-ASCII string (Content-Length must count bytes)</li>
 * <li>{@code test.wait} → answered only when the test calls {@link #releaseWaiting}, from the test's thread</li>
 * <li>{@code test.crash} → a deferred answer that fails, {@code test.throw} → a method that throws (both 500)</li>
 * <li>{@code test.error} → a method that throws an Error, as one does when the heap runs out (500)</li>
 * </ul>
 */
final class TestDispatcher {
    static final String UNICODE = "h\u00e9llo \u2603";

    final Queue<CompletableFuture<Object>> waiting = new ConcurrentLinkedQueue<>();
    final XmlRpcDispatcher xmlrpc;

    TestDispatcher() {
        RpcRegistry registry = new RpcRegistry();
        registry.register("supervisor.getVersion", 0, 0, null, a -> "3.0");
        registry.register("test.unicode", 0, 0, null, a -> UNICODE);
        registry.register("test.wait", 0, 0, null, a -> {
            CompletableFuture<Object> later = new CompletableFuture<>();
            waiting.add(later);
            return later;
        });
        registry.register("test.crash", 0, 0, null, a -> CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("broken method");
        }));
        registry.register("test.throw", 0, 0, null, a -> {
            throw new IllegalStateException("thrown before any future");
        });
        registry.register("test.error", 0, 0, null, a -> {
            throw new OutOfMemoryError("Java heap space");
        });
        xmlrpc = new XmlRpcDispatcher(registry);
    }

    /** Answers every waiting call with "done", from the calling thread. */
    int releaseWaiting() {
        int released = 0;
        for (CompletableFuture<Object> call; (call = waiting.poll()) != null; released++)
            call.complete("done");
        return released;
    }

    static byte[] response(String value) {
        return ("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>" + value
                + "</string></value>\n</param>\n</params>\n</methodResponse>\n").getBytes(StandardCharsets.UTF_8);
    }

    static String call(String method) {
        return "<?xml version='1.0'?>\n<methodCall>\n<methodName>" + method
                + "</methodName>\n<params>\n</params>\n</methodCall>\n";
    }

    static String post(String method) {
        return postBody(call(method));
    }

    /** A POST /RPC2 request with any body. */
    static String postBody(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: "
                + bytes.length + "\r\n\r\n" + body;
    }
}
