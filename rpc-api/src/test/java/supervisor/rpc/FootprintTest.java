package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * What decoding a call may hold in memory: what clients send stays far below the limit, bodies
 * made of pieces that are cheap to send and dear to keep are refused (413) once they would pass
 * it, and small bodies of any shape are read.
 */
class FootprintTest {
    /** About the largest body the daemon reads. */
    private static final int SIZE = 4 * 1024 * 1024;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The peak counted while decoding {@code body}, in bytes per byte of body. */
    private static double perByte(byte[] body) throws BadRequestException {
        Footprint footprint = Footprint.ofCall(Integer.MAX_VALUE / Footprint.BYTES_PER_BODY_BYTE);
        CallReader.read(body, footprint);
        return footprint.peak() / (double) body.length;
    }

    private static Map<String, Object> call(String method, Object... params) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("methodName", method);
        call.put("params", List.of(params));
        return call;
    }

    @Test
    void whatClientsSendCountsThreeToFourBytesAByte() throws Exception {
        List<Object> calls = new ArrayList<>();
        for (int i = 0; i < 10_000; i++)
            calls.add(call("supervisor.getProcessInfo", "group:program_" + i));
        byte[] multicall = XmlRpcCodec.encodeCall("system.multicall", List.of(calls));
        assertTrue(multicall.length > 2_000_000 && multicall.length < SIZE, "a multicall of 10,000 calls is 2-3 MB");
        byte[] stdin = XmlRpcCodec.encodeCall("supervisor.sendProcessStdin", List.of("cat", "line\n".repeat(SIZE / 6)));
        byte[] unicode = XmlRpcCodec.encodeCall("supervisor.sendProcessStdin", List.of("cat", "h\u00e9llo \u2603\n".repeat(SIZE / 20)));
        byte[] binary = XmlRpcCodec.encodeCall("supervisor.sendProcessStdin", List.of("cat", utf8("data ".repeat(SIZE / 8))));
        List<Object> structs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++)
            structs.add(Map.of("name", "program_" + i, "state", 20, "pid", 4242, "logfile", "/var/log/program_" + i));
        byte[] struct = XmlRpcCodec.encodeCall("x.y", List.of(structs));
        for (byte[] body : List.of(multicall, stdin, unicode, binary, struct)) {
            double perByte = perByte(body);
            assertTrue(perByte < 4, perByte + " bytes a byte");
            XmlRpcCodec.decodeCall(body); // within the limit
        }
    }

    private static String params(String content) {
        return "<methodCall><methodName>a.b</methodName><params>" + content + "</params></methodCall>";
    }

    private static String repeat(int count, IntFunction<String> piece) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++)
            b.append(piece.apply(i));
        return b.toString();
    }

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** Each a body of about {@code n} bytes whose every few bytes make an object. */
    private static List<String> expensive(int n) {
        return List.of(
                params("<a/>".repeat(n / 4)),
                params(repeat(n / 7, i -> "<" + LETTERS.charAt(i % 52) + LETTERS.charAt(i / 52 % 52) + "/>")),
                params(repeat(n / 10, i -> "<a>" + LETTERS.charAt(i % 52) + LETTERS.charAt(i / 52 % 52) + "</a>")),
                params("<param><value><array><data>" + "<a><b/></a>".repeat(n / 11) + "</data></array></value></param>"),
                "<methodCall" + repeat(n / 12, i -> " xmlns:p" + i + "='u'") + "><methodName>a.b</methodName></methodCall>",
                "<methodCall" + repeat(n / 10, i -> " p" + i + "='u'") + "><methodName>a.b</methodName></methodCall>",
                params("<param><value><struct>" + "<member/>".repeat(n / 9) + "</struct></value></param>"));
    }

    @Test
    void bodiesMadeToBeExpensiveAreTooLarge() {
        XmlRpcDispatcher dispatcher = new XmlRpcDispatcher(new RpcRegistry());
        for (String text : expensive(SIZE)) {
            byte[] body = utf8(text);
            assertThrows(RequestTooLargeException.class, () -> XmlRpcCodec.decodeCall(body), text.substring(0, 80));
            ExecutionException e = assertThrows(ExecutionException.class, () -> dispatcher.handle(body).get());
            assertInstanceOf(RequestTooLargeException.class, e.getCause());
            assertEquals("too large", ((BadRequestException) e.getCause()).reason());
        }
    }

    /** Small bodies are read whatever their shape: the limit never goes below a floor. */
    @Test
    void smallBodiesOfAnyShapeAreRead() throws Exception {
        for (String text : expensive(2000)) {
            try {
                XmlRpcCodec.decodeCall(utf8(text));
            } catch (RequestTooLargeException e) {
                throw new AssertionError(text, e);
            } catch (BadRequestException e) {
                // unmarshallable (a struct member without name and value) is the answer for some
            }
        }
    }

    @Test
    void base64TextCountsWhatItDecodesTo() throws Exception {
        String encoded = Base64.getEncoder().encodeToString(utf8("data ".repeat(SIZE / 8)));
        byte[] body = utf8(params("<param><value><base64>" + encoded + "</base64></value></param>"));
        assertTrue(perByte(body) < 4);
    }
}
