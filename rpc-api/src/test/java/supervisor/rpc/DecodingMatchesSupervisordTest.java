package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import supervisor.python.PyFloat;

import supervisor.testing.ReferencePython;

/**
 * Request bodies are decoded by supervisord's own unmarshaller (supervisor.xmlrpc, run by the
 * reference Python) and by ours; both results are written in one canonical form and compared.
 */
class DecodingMatchesSupervisordTest {

    /** Reads hex bodies, one per line; prints "ERROR" or the canonical (method, params). */
    static final String LOADS = """
            import sys, datetime
            from supervisor.xmlrpc import supervisor_xmlrpc_handler
            handler = supervisor_xmlrpc_handler.__new__(supervisor_xmlrpc_handler)
            def canon(v):
                if v is None: return 'n'
                if isinstance(v, bool): return 'b' + str(int(v))
                if isinstance(v, int): return 'i' + str(v)
                if isinstance(v, float): return 'd' + repr(v)
                if isinstance(v, str): return 's' + v.encode('utf-8', 'surrogatepass').hex()
                if isinstance(v, datetime.datetime): return 't' + v.isoformat()
                if isinstance(v, (list, tuple)): return '[' + ','.join(canon(x) for x in v) + ']'
                if isinstance(v, dict): return '{' + ','.join(canon(k) + ':' + canon(x) for k, x in v.items()) + '}'
                return '?' + type(v).__name__
            for line in sys.stdin.read().splitlines():
                try:
                    params, method = handler.loads(bytes.fromhex(line).decode('utf-8'))
                    if not method:
                        raise ValueError('no method name')
                    print(canon(method) + ' ' + canon(params or ()))
                except Exception as e:
                    print('ERROR')
            """;

    /** Python's own client produces these bodies. */
    private static final String CLIENT_DUMPS = """
            import sys, datetime, xmlrpc.client
            cases = [
                ('supervisor.getState', ()),
                ('supervisor.startProcess', ('cat:*', True)),
                ('supervisor.readLog', (0, -500)),
                ('a.b', ('', 'é€😀 <&> " \\' \\t\\n', -2147483648, 2147483647, 1.5, -0.0, 1e300, float('inf'))),
                ('a.b', ([], {}, [1, [2, [3, {'x': []}]]], {'z': 1, 'a': 2, 'm': {'k': 'v'}})),
                ('a.b', (b'binary', bytearray(b'\\xc3\\xa9'), datetime.datetime(2024, 1, 2, 3, 4, 5))),
                ('system.multicall', ([{'methodName': 'supervisor.getPID', 'params': []}, {'methodName': 'x.y'}],)),
            ]
            for name, params in cases:
                print(xmlrpc.client.dumps(params, name).encode('utf-8').hex())
            """;

    private static String canon(Object v) {
        return switch (v) {
            case null -> "n";
            case Boolean b -> "b" + (b ? 1 : 0);
            case Integer i -> "i" + i;
            case Long l -> "i" + l;
            case BigInteger b -> "i" + b;
            case Double d -> "d" + PyFloat.repr(d);
            case String s -> "s" + HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
            case LocalDateTime t -> "t" + t.toString().replaceAll("T(\\d\\d:\\d\\d)$", "T$1:00");
            case List<?> l -> "[" + String.join(",", l.stream().map(DecodingMatchesSupervisordTest::canon).toList()) + "]";
            case Map<?, ?> m -> "{" + String.join(",", m.entrySet().stream()
                    .map(e -> canon(e.getKey()) + ":" + canon(e.getValue())).toList()) + "}";
            default -> "?" + v.getClass().getSimpleName();
        };
    }

    /** Our decoding of {@code body} in the form {@link #LOADS} prints. */
    static String ours(byte[] body) {
        try {
            XmlRpcCall call = XmlRpcCodec.decodeCall(body);
            return canon(call.methodName()) + " " + canon(call.params());
        } catch (BadRequestException e) {
            return "ERROR";
        }
    }

    private static void assertSameAsSupervisord(List<byte[]> bodies) throws Exception {
        StringBuilder in = new StringBuilder();
        for (byte[] body : bodies) {
            in.append(HexFormat.of().formatHex(body)).append('\n');
        }
        String[] theirs = ReferencePython.run(LOADS, in.toString()).split("\n");
        assertEquals(bodies.size(), theirs.length);
        for (int i = 0; i < bodies.size(); i++) {
            assertEquals(theirs[i], ours(bodies.get(i)), new String(bodies.get(i), StandardCharsets.UTF_8));
        }
    }

    @Test
    void whatPythonsClientSends() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (String hex : ReferencePython.run(CLIENT_DUMPS, "").split("\n")) {
            bodies.add(ReferencePython.unhex(hex));
        }
        assertEquals(7, bodies.size());
        assertSameAsSupervisord(bodies);
    }

    private static String call(String params) {
        return "<?xml version='1.0'?><methodCall><methodName>a.b</methodName><params>" + params
                + "</params></methodCall>";
    }

    private static String param(String value) {
        return "<param><value>" + value + "</value></param>";
    }

    @Test
    void supervisordsLenientRules() throws Exception {
        List<String> xml = List.of(
                call(param("<boolean>1</boolean>") + param("<boolean>true</boolean>") + param("<boolean>0</boolean>")
                        + param("<boolean/>")),
                call(param("untyped") + param("") + param("  spaced  ") + param("<string/>") + param("<string></string>")),
                call(param("<i8>99999999999</i8>") + param("<nil/>") + param("<ex:nil xmlns:ex='urn:x'/>")
                        + param("<unknown>raw <b>text</b></unknown>")),
                call(param("<int> +1_000 </int>") + param("<i4>-7</i4>") + param("<int>99999999999999999999999</int>")),
                call(param("<double> 1_0.5e1 </double>") + param("<double>-inf</double>") + param("<double>NaN</double>")
                        + param("<double>1.</double>") + param("<double>.5</double>")),
                call(param("<dateTime.iso8601>20240101T01:02:03</dateTime.iso8601>")
                        + param("<dateTime.iso8601>2024011T1:2:3</dateTime.iso8601>")
                        + param("<dateTime.iso8601>20240110t10:00:00</dateTime.iso8601>")),
                call(param("<base64>aGVs bG8=</base64>") + param("<base64>w6k=</base64>") + param("<base64/>")
                        + param("<base64>aGk=junk</base64>") + param("<base64>a=G=k=</base64>")),
                call(param("<struct><member><name>k</name><value>1</value></member>"
                        + "<member><name>k</name><value>2</value></member><member><name>j</name><value><int>3</int></value>"
                        + "</member><member><name/><value/></member></struct>")),
                call(param("<array><data><value>a</value><value><array><data/></array></value></data></array>")),
                call(param("a<!-- comment -->b<![CDATA[<c>]]>&amp;&#65;&#x1F600;")),
                call(param("before<string>inner</string>after")),
                "<methodCall><methodName>a.b</methodName></methodCall>",
                "<anything><methodName>x.y</methodName><params><param><value>1</value></param></params></anything>",
                "<methodCall><methodName>first</methodName><methodName>last</methodName></methodCall>",
                "<?xml version='1.0' encoding='ISO-8859-1'?><methodCall><methodName>é.x</methodName></methodCall>",
                "\uFEFF<methodCall><methodName>bom.x</methodName></methodCall>",
                "<methodCall><methodName> spaced.name </methodName><params>\n<param>\n<value>\n<int>1</int>\n</value>\n</param>\n</params></methodCall>",
                // each of these makes supervisord's unmarshaller fail
                call(param("<int>abc</int>")),
                call(param("<int/>")),
                call(param("<double>0x10</double>")),
                call(param("<double>1.5d</double>")),
                call(param("<dateTime.iso8601>20241301T00:00:00</dateTime.iso8601>")),
                call(param("<dateTime.iso8601>20240101T00:00:00Z</dateTime.iso8601>")),
                call(param("<base64>abc</base64>")),
                call(param("<base64>/w==</base64>")),
                call(param("<struct><member><name>k</name></member></struct>")),
                call(param("<array/>")),
                call("<param/>"),
                "<methodCall><params/></methodCall>",
                "<methodCall><methodName></methodName></methodCall>",
                "<methodCall><methodName>a.b</methodName>",
                "<methodCall><methodName>a.b</methodName></methodcall>",
                "<ex:methodCall><methodName>a.b</methodName></ex:methodCall>",
                "",
                "just text");
        List<byte[]> bodies = new ArrayList<>();
        for (String s : xml) {
            bodies.add(s.getBytes(StandardCharsets.UTF_8));
        }
        assertSameAsSupervisord(bodies);
    }

    @Test
    void base64BecomesTextOnTheServer() throws Exception {
        XmlRpcCall call = XmlRpcCodec.decodeCall(call(param("<base64>w6l0w6k=</base64>")).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("été"), call.params());
    }

    @Test
    void invalidUtf8IsABadRequest() {
        byte[] body = "<methodCall><methodName>a.\u00ff</methodName></methodCall>".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(BadRequestException.class, () -> XmlRpcCodec.decodeCall(body));
    }
}
