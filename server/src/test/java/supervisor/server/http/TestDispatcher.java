package supervisor.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import supervisor.rpc.BadRequestException;

/**
 * Stands in for the XML-RPC dispatcher: canned answers chosen by method name, in the exact
 * form Python's xmlrpc.client writes them.
 * <ul>
 * <li>{@code supervisor.getVersion} → "3.0" (what supervisorctl checks first)</li>
 * <li>{@code test.unicode} → a non-ASCII string (Content-Length must count bytes)</li>
 * <li>{@code test.wait} → answered only when the test calls {@link #releaseWaiting}, from the test's thread</li>
 * <li>{@code test.badRequest} / {@code test.crash} / {@code test.throw} → 400 / 500 / 500</li>
 * </ul>
 */
final class TestDispatcher implements Function<byte[], CompletableFuture<byte[]>> {
    static final String UNICODE = "h\u00e9llo \u2603";

    final Queue<CompletableFuture<byte[]>> waiting = new ConcurrentLinkedQueue<>();

    @Override
    public CompletableFuture<byte[]> apply(byte[] body) {
        String call = new String(body, StandardCharsets.UTF_8);
        int start = call.indexOf("<methodName>");
        int end = call.indexOf("</methodName>");
        String method = start < 0 || end < 0 ? "" : call.substring(start + "<methodName>".length(), end);
        return switch (method) {
            case "supervisor.getVersion" -> CompletableFuture.completedFuture(response("3.0"));
            case "test.unicode" -> CompletableFuture.completedFuture(response(UNICODE));
            case "test.wait" -> {
                CompletableFuture<byte[]> later = new CompletableFuture<>();
                waiting.add(later);
                yield later;
            }
            case "test.badRequest" -> CompletableFuture.failedFuture(new BadRequestException("not XML-RPC"));
            case "test.crash" -> CompletableFuture.failedFuture(new IllegalStateException("broken method"));
            case "test.throw" -> throw new IllegalStateException("thrown before any future");
            default -> CompletableFuture.failedFuture(new BadRequestException("unknown call"));
        };
    }

    /** Answers every waiting call with "done", from the calling thread. */
    int releaseWaiting() {
        int released = 0;
        for (CompletableFuture<byte[]> call; (call = waiting.poll()) != null; released++)
            call.complete(response("done"));
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
        byte[] body = call(method).getBytes(StandardCharsets.UTF_8);
        return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: "
                + body.length + "\r\n\r\n" + call(method);
    }
}
