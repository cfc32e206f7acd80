package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Any bytes a client may POST to {@code /RPC2}, through the dispatcher the server uses: the
 * request is answered with a result or a fault, or refused as a bad request (HTTP 400), and
 * nothing else happens: no other exception, no hang (libFuzzer's per-input timeout), no
 * unbounded memory (the fuzzing JVM's heap is small).
 *
 * <p>Besides the {@code system} methods, two methods hand the decoded parameters back, so every
 * value the reader makes is encoded again and read by the client's reader: what comes back must be
 * what was sent, and only what the value model cannot carry (nil, integers beyond 32 bits, years
 * outside 1..9999) may fail, as the HTTP 500 supervisord answers then.
 */
class XmlRpcRequestFuzzTest {
    private static final XmlRpcDispatcher DISPATCHER = dispatcher();

    private static XmlRpcDispatcher dispatcher() {
        RpcRegistry registry = new RpcRegistry();
        registry.register("fuzz.echo", 0, RpcRegistry.UNLIMITED, null, Args::asList);
        registry.register("fuzz.first", 1, 1, null, args -> args.get(0));
        return new XmlRpcDispatcher(registry);
    }

    @DictionaryEntries({"<?xml version='1.0'?>", "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>",
            "<methodCall>", "</methodCall>", "<methodName>", "</methodName>", "<params>", "</params>",
            "<param>", "</param>", "<value>", "</value>", "<string>", "</string>", "<int>", "</int>",
            "<i4>", "<i8>", "<boolean>", "<double>", "<dateTime.iso8601>", "<base64>", "<nil/>",
            "<array>", "</array>", "<data>", "</data>", "<struct>", "</struct>", "<member>",
            "</member>", "<name>", "</name>", "<![CDATA[", "]]>", "<!--", "-->", "<?pi ", "?>",
            "<!DOCTYPE", "&amp;", "&lt;", "&#x", "&#", ";", "xmlns=", "xmlns:a=", "a:", "=\"", "='",
            "system.multicall", "system.listMethods", "system.methodHelp", "system.methodSignature",
            "fuzz.echo", "fuzz.first", "methodName", "params", "faultCode", "19700101T00:00:00",
            "1e308", "nan", "-inf", "2147483648", "0_1", "\uFEFF", "\u00e9", "\uD83D\uDE00"})
    @FuzzTest(maxDuration = "30s")
    void request(byte[] body) throws Exception {
        CompletableFuture<byte[]> answer = DISPATCHER.handle(body);
        assertTrue(answer.isDone(), "every method here answers at once");

        XmlRpcCall call;
        try {
            call = XmlRpcCodec.decodeCall(body);
        } catch (BadRequestException e) {
            assertInstanceOf(BadRequestException.class, failure(answer));
            return;
        }
        CompletableFuture<Object> outcome = DISPATCHER.registry().call(call.methodName(), call.params());
        assertTrue(outcome.isDone(), "every method here answers at once");
        if (outcome.isCompletedExceptionally()) {
            RpcFault expected = assertInstanceOf(RpcFault.class, outcome.exceptionNow(), "a method may only fault");
            RpcFault got = assertInstanceOf(RpcFault.class, failure(() -> XmlRpcCodec.decodeResponse(answer.join())));
            assertEquals(expected.faultCode(), got.faultCode());
            assertEquals(lines(expected.faultString()), lines(got.faultString()));
            return;
        }
        Object value = outcome.join();
        if (!encodable(value)) {
            assertInstanceOf(IllegalArgumentException.class, failure(answer), "what XML-RPC cannot carry is a 500");
            return;
        }
        assertTrue(!answer.isCompletedExceptionally(), () -> "failed: " + failure(answer));
        if (3 + depth(value) > XmlElements.MAX_DEPTH) {
            return; // the answer is deeper than any reader here accepts, as the request nearly was
        }
        assertEquals(canonical(value), canonical(XmlRpcCodec.decodeResponse(answer.join())));
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally(), () -> "answered " + f.join() + " instead of failing");
        return f.exceptionNow();
    }

    @FunctionalInterface
    private interface Decoding {
        Object decode() throws IOException;
    }

    private static Throwable failure(Decoding decoding) throws IOException {
        try {
            Object value = decoding.decode();
            return fail("a fault was expected, not " + value);
        } catch (RpcFault e) {
            return e;
        }
    }

    /** What {@link ValueWriter} can write: anything else must fail with IllegalArgumentException. */
    private static boolean encodable(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> true;
            case Integer i -> true;
            case Double d -> true;
            case String s -> true;
            case BigInteger big -> big.bitLength() <= 31;
            case Long l -> l == l.intValue();
            case LocalDateTime t -> t.getYear() >= 1 && t.getYear() <= 9999;
            case List<?> list -> list.stream().allMatch(XmlRpcRequestFuzzTest::encodable);
            case Map<?, ?> map -> map.entrySet().stream()
                    .allMatch(e -> e.getKey() instanceof String && encodable(e.getValue()));
            default -> false;
        };
    }

    /** How deep the elements of a value's encoding nest, from its {@code <value>} down. */
    private static int depth(Object value) {
        return switch (value) {
            case List<?> list -> 3 + list.stream().mapToInt(XmlRpcRequestFuzzTest::depth).max().orElse(0);
            case Map<?, ?> map -> 3 + map.values().stream().mapToInt(XmlRpcRequestFuzzTest::depth).max().orElse(1);
            default -> 2;
        };
    }

    /**
     * A value as it survives the wire: integers of any Java type compare by value, and a carriage
     * return reads back as a line feed (the writer does not escape it; XML normalises line ends).
     * Struct members keep their order.
     */
    private static Object canonical(Object value) {
        return switch (value) {
            case Integer i -> BigInteger.valueOf(i);
            case Long l -> BigInteger.valueOf(l);
            case String s -> lines(s);
            case List<?> list -> list.stream().map(XmlRpcRequestFuzzTest::canonical).toList();
            case Map<?, ?> map -> {
                List<Object> members = new ArrayList<>();
                map.forEach((k, v) -> members.add(List.of(lines((String) k), canonical(v))));
                yield members;
            }
            default -> value;
        };
    }

    private static String lines(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }
}
