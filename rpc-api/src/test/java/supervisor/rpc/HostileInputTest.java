package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies that try to make the parser read files, fetch URLs or expand entities are refused as
 * bad requests, and nothing is fetched: a listening socket the payloads point at must never see
 * a connection.
 */
class HostileInputTest {
    private ServerSocketChannel trap;
    private String trapUrl;

    @BeforeEach
    void openTrap() throws Exception {
        trap = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        // Non-blocking: a connection attempt lands in the backlog even if nobody accepts it,
        // so accept() afterwards tells whether anything tried to connect.
        trap.configureBlocking(false);
        trapUrl = "http://127.0.0.1:" + ((InetSocketAddress) trap.getLocalAddress()).getPort();
    }

    @AfterEach
    void assertTrapUntouchedAndClose() throws Exception {
        try {
            assertNull(trap.accept(), "the parser contacted " + trapUrl);
        } finally {
            trap.close();
        }
    }

    private static void assertBadRequest(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThrows(BadRequestException.class, () -> XmlRpcCodec.decodeCall(bytes), body);
        XmlRpcDispatcher dispatcher = new XmlRpcDispatcher(new RpcRegistry());
        ExecutionException e = assertThrows(ExecutionException.class, () -> dispatcher.handle(bytes).get());
        assertInstanceOf(BadRequestException.class, e.getCause());
    }

    @Test
    void externalEntityPointingAtAnHttpServer() {
        assertBadRequest("<?xml version='1.0'?><!DOCTYPE methodCall [<!ENTITY xxe SYSTEM \"" + trapUrl + "/xxe\">]>"
                + "<methodCall><methodName>a.b</methodName><params><param><value>&xxe;</value></param></params></methodCall>");
    }

    @Test
    void externalEntityPointingAtALocalFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "supervisor.getState");
        assertBadRequest("<!DOCTYPE methodCall [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<methodCall><methodName>&xxe;</methodName></methodCall>");
    }

    @Test
    void externalParameterEntity() {
        assertBadRequest("<!DOCTYPE methodCall [<!ENTITY % p SYSTEM \"" + trapUrl + "/p.dtd\"> %p;]>"
                + "<methodCall><methodName>a.b</methodName></methodCall>");
    }

    @Test
    void externalDtd() {
        assertBadRequest("<?xml version='1.0'?><!DOCTYPE methodCall SYSTEM \"" + trapUrl + "/evil.dtd\">"
                + "<methodCall><methodName>a.b</methodName></methodCall>");
        assertBadRequest("<!DOCTYPE methodCall PUBLIC \"-//x//y\" \"" + trapUrl + "/evil.dtd\">"
                + "<methodCall><methodName>a.b</methodName></methodCall>");
    }

    @Test
    void billionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        assertBadRequest(dtd + "<methodCall><methodName>a.b</methodName><params><param><value>&lol9;</value>"
                + "</param></params></methodCall>");
    }

    @Test
    void internalEntityDeclarations() {
        assertBadRequest("<!DOCTYPE m [<!ENTITY name \"supervisor.getState\">]>"
                + "<methodCall><methodName>&name;</methodName></methodCall>");
        assertBadRequest("<!DOCTYPE methodCall><methodCall><methodName>a.b</methodName></methodCall>");
        assertBadRequest("<methodCall><methodName>&undeclared;</methodName></methodCall>");
    }

    @Test
    void malformedXml() {
        for (String body : List.of("", "   ", "not xml", "<methodCall>", "<methodCall><methodName>a.b</methodName>",
                "<a><b></a></b>", "<methodCall><methodName>a.b</methodName></methodCall><second/>",
                "<methodCall attr=noquotes><methodName>a.b</methodName></methodCall>",
                "<methodCall><methodName>a\u0001b</methodName></methodCall>",
                "<methodCall><methodName>a.b</methodName><params><param><value><int>1</int></value></param>")) {
            assertBadRequest(body);
        }
    }

    private static String nestedArrays(int depth) {
        return "<methodCall><methodName>a.b</methodName><params><param>"
                + "<value><array><data>".repeat(depth) + "</data></array></value>".repeat(depth)
                + "</param></params></methodCall>";
    }

    @Test
    void reasonableNestingIsAccepted() throws Exception {
        int depth = 80;
        Object value = XmlRpcCodec.decodeCall(nestedArrays(depth).getBytes(StandardCharsets.UTF_8)).params().getFirst();
        for (int i = 1; i < depth; i++) {
            value = ((List<?>) value).getFirst();
        }
        assertEquals(List.of(), value);
        assertEquals(1, new String(XmlRpcCodec.encodeResponse(value), StandardCharsets.UTF_8).split("<array>").length - 1);
    }

    /**
     * The limit is 256 elements deep: a call's innermost {@code <data>} of k nested arrays is
     * element 3 + 3k, so 84 arrays (255) are read and 85 (258) are refused.
     */
    @Test
    void nestingStopsAt256Elements() throws Exception {
        XmlRpcCodec.decodeCall(nestedArrays(84).getBytes(StandardCharsets.UTF_8));
        assertBadRequest(nestedArrays(85));
    }

    @Test
    void hostileNestingIsABadRequest() {
        assertBadRequest(nestedArrays(100_000));
    }

    @Test
    void predefinedEntitiesAndCharacterReferencesStillWork() throws Exception {
        XmlRpcCall call = XmlRpcCodec.decodeCall(("<methodCall><methodName>a.b</methodName><params><param><value>"
                + "&lt;&gt;&amp;&quot;&apos;&#233;&#x20AC;</value></param></params></methodCall>")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("<>&\"'é€"), call.params());
        assertTrue(call.methodName().equals("a.b"));
    }
}
