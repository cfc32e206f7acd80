package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

/**
 * Our bytes must be exactly the bytes Python's xmlrpc.client.dumps produces for the same value,
 * once the characters XML 1.0 cannot carry have their stand-ins in an answer: Python copies them
 * as they are, which its own parser then refuses (see CharactersXmlCannotCarryTest).
 */
class EncodingMatchesPythonTest {

    /** Reads "kind<TAB>expression" lines, answers one hex-encoded dumps() result per line. */
    private static final String DUMPS = """
            import sys, datetime, xmlrpc.client
            from xmlrpc.client import Fault, dumps
            STAND_INS = {c: 0x2400 + c for c in range(0x20) if c not in (9, 10, 13)}
            STAND_INS.update({0xfffe: 0xfffd, 0xffff: 0xfffd})
            def stand_ins(v):
                if isinstance(v, str):
                    return v.translate(STAND_INS)
                if isinstance(v, Fault):
                    return Fault(v.faultCode, stand_ins(v.faultString))
                if isinstance(v, dict):
                    return {stand_ins(k): stand_ins(x) for k, x in v.items()}
                if isinstance(v, (list, tuple)):
                    return type(v)(stand_ins(x) for x in v)
                return v
            for line in sys.stdin.read().splitlines():
                kind, name, expr = line.split('\\t', 2)
                value = eval(expr)
                if kind == 'R':
                    text = dumps((stand_ins(value),), methodresponse=True)
                elif kind == 'F':
                    text = dumps(stand_ins(value))
                else:
                    text = dumps(value, name)
                print(text.encode('utf-8').hex())
            """;

    private record Case(String kind, String name, String python, byte[] java) {
    }

    private final List<Case> cases = new ArrayList<>();

    private void response(String python, Object java) {
        cases.add(new Case("R", "-", python, XmlRpcCodec.encodeResponse(java)));
    }

    private void assertAllMatchPython() throws Exception {
        StringBuilder in = new StringBuilder();
        for (Case c : cases) {
            in.append(c.kind).append('\t').append(c.name).append('\t').append(c.python).append('\n');
        }
        String[] lines = ReferencePython.run(DUMPS, in.toString()).split("\n");
        assertEquals(cases.size(), lines.length);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            assertEquals(ReferencePython.unhexUtf8(lines[i]),
                    new String(c.java, StandardCharsets.UTF_8), c.python);
        }
    }

    private static Map<String, Object> struct(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void scalarsAndContainers() throws Exception {
        response("''", "");
        response("'hello'", "hello");
        response("'a & b < c > d \" \\' e'", "a & b < c > d \" ' e");
        response("'&amp;&lt;'", "&amp;&lt;");
        response(ReferencePython.literal("héllo € 😀 \u0000\u0001\u001b\r\n\t end"), "héllo € 😀 \u0000\u0001\u001b\r\n\t end");
        response("True", true);
        response("False", false);
        response("0", 0);
        response("-1", -1);
        response("2147483647", Integer.MAX_VALUE);
        response("-2147483648", Integer.MIN_VALUE);
        response("2147483647", (long) Integer.MAX_VALUE);
        response("-5", BigInteger.valueOf(-5));
        response("7", (short) 7);
        response("[]", List.of());
        response("{}", Map.of());
        response("[1, 'two', [3.5, False], {'k': []}]", List.of(1, "two", List.of(3.5, false), struct("k", List.of())));
        response("(1, 2)", new Object[] {1, 2});
        response("{'name': 'cat', 'group': 'cat', 'start': 1700000000, 'state': 20, 'statename': 'RUNNING', "
                        + "'spawnerr': '', 'exitstatus': 0, 'description': 'pid 5, uptime 0:00:01', 'nested': "
                        + "{'z': 1, 'a': [{'b<&>': 'x'}]}}",
                struct("name", "cat", "group", "cat", "start", 1700000000, "state", 20, "statename", "RUNNING",
                        "spawnerr", "", "exitstatus", 0, "description", "pid 5, uptime 0:00:01",
                        "nested", struct("z", 1, "a", List.of(struct("b<&>", "x")))));
        response("b''", new byte[0]);
        response("b'\\x00\\xff\\x10abc'", new byte[] {0, (byte) 0xff, 0x10, 'a', 'b', 'c'});
        response("bytes(range(256)) * 3", longBytes());
        response("datetime.datetime(2024, 2, 29, 23, 59, 7)", LocalDateTime.of(2024, 2, 29, 23, 59, 7));
        response("datetime.datetime(5, 1, 2, 3, 4, 5)", LocalDateTime.of(5, 1, 2, 3, 4, 5));
        assertAllMatchPython();
    }

    private static byte[] longBytes() {
        byte[] b = new byte[768];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void doublesIncludingRandomOnes() throws Exception {
        double[] fixed = {0.0, -0.0, 1.0, -1.5, 0.1, 1e16, 1e15, 1e-4, 1e-5, 123456789.123, 1e22, 5e-324,
                Double.MAX_VALUE, Double.MIN_NORMAL, 2.5e-7, 9007199254740993.0, 1234567890123456.7,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        Random random = new Random(42);
        List<Double> all = new ArrayList<>();
        for (double d : fixed) {
            all.add(d);
        }
        for (int i = 0; i < 2000; i++) {
            all.add(Double.longBitsToDouble(random.nextLong()));
            all.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
        }
        for (double d : all) {
            String python = Double.isNaN(d) ? "float('nan')"
                    : Double.isInfinite(d) ? (d > 0 ? "float('inf')" : "float('-inf')")
                    : "float.fromhex('" + Double.toHexString(d) + "')";
            response(python, d);
        }
        assertAllMatchPython();
    }

    @Test
    void randomUnicodeStrings() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(20);
            for (int j = 0; j < length; j++) {
                int cp;
                do {
                    cp = switch (random.nextInt(4)) {
                        case 0 -> "&<>\"'\r\n\t ".charAt(random.nextInt(9));
                        case 1 -> 0x20 + random.nextInt(0x5f);
                        case 2 -> random.nextInt(0x800);
                        default -> random.nextInt(0x110000);
                    };
                } while (cp >= 0xd800 && cp <= 0xdfff);
                s.appendCodePoint(cp);
            }
            response(ReferencePython.literal(s.toString()), s.toString());
            response("{" + ReferencePython.literal(s.toString()) + ": [" + ReferencePython.literal(s.toString()) + "]}",
                    struct(s.toString(), List.of(s.toString())));
        }
        assertAllMatchPython();
    }

    @Test
    void faults() throws Exception {
        cases.add(new Case("F", "-", "Fault(10, 'BAD_NAME: a<b&c>')", XmlRpcCodec.encodeFault(10, "BAD_NAME: a<b&c>")));
        cases.add(new Case("F", "-", "Fault(1, 'UNKNOWN_METHOD')",
                XmlRpcCodec.encodeFault(new RpcFault(FaultCode.UNKNOWN_METHOD))));
        cases.add(new Case("F", "-", "Fault(92, " + ReferencePython.literal("CANT_REREAD: é 'x'") + ")",
                XmlRpcCodec.encodeFault(new RpcFault(FaultCode.CANT_REREAD, "é 'x'"))));
        cases.add(new Case("F", "-", "Fault(0, '')", XmlRpcCodec.encodeFault(0, "")));
        cases.add(new Case("F", "-", "Fault(50, " + ReferencePython.literal("SPAWN_ERROR: \u001b[1mx\u0000\uffff") + ")",
                XmlRpcCodec.encodeFault(50, "SPAWN_ERROR: \u001b[1mx\u0000\uffff")));
        assertAllMatchPython();
    }

    @Test
    void calls() throws Exception {
        cases.add(new Case("C", "supervisor.getVersion", "()", XmlRpcCodec.encodeCall("supervisor.getVersion", List.of())));
        cases.add(new Case("C", "supervisor.startProcess", "('cat:*', True)",
                XmlRpcCodec.encodeCall("supervisor.startProcess", List.of("cat:*", true))));
        cases.add(new Case("C", "system.multicall", "([{'methodName': 'a.b', 'params': [1, 2.5, b'x']}],)",
                XmlRpcCodec.encodeCall("system.multicall",
                        List.of(List.of(struct("methodName", "a.b", "params", List.of(1, 2.5, new byte[] {'x'})))))));
        assertAllMatchPython();
    }

    @Test
    void unencodableValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse(null));
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse(1L + Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse((long) Integer.MIN_VALUE - 1));
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse(BigInteger.TWO.pow(31)));
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse(java.util.Arrays.asList(1, null)));
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse(new Object()));
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse("lone \ud800 surrogate"));
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse(LocalDateTime.of(10000, 1, 1, 0, 0)));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThrows(IllegalArgumentException.class, () -> XmlRpcCodec.encodeResponse(cyclic));
    }

    @Test
    void theSameListTwiceIsNotACycle() {
        List<Object> shared = List.of(1);
        String xml = new String(XmlRpcCodec.encodeResponse(List.of(shared, shared)), StandardCharsets.UTF_8);
        assertEquals(2, xml.split("<int>1</int>", -1).length - 1);
    }
}
