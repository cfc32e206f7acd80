package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.ReferencePython;

class XmlRpcClientTest {
    @TempDir
    Path dir;

    private final RpcRegistry registry = new RpcRegistry();
    private final XmlRpcDispatcher dispatcher = new XmlRpcDispatcher(registry);

    XmlRpcClientTest() {
        registry.register("test.echo", 1, 1, "", args -> args.get(0));
        registry.register("test.fail", 0, 0, "", args -> {
            throw new RpcFault(FaultCode.BAD_NAME, "nosuch:*");
        });
        registry.register("test.crash", 0, 0, "", args -> {
            throw new IllegalStateException("boom");
        });
        registry.register("test.big", 0, 0, "", args -> 1L << 40);
        registry.register("test.later", 0, 0, "", args -> CompletableFuture.supplyAsync(() -> "done"));
    }

    private TestRpcServer tcpServer(String auth) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new TestRpcServer(channel, dispatcher, auth);
    }

    private TestRpcServer unixServer(Path socket) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(socket));
        return new TestRpcServer(channel, dispatcher, null);
    }

    private static String url(TestRpcServer server) throws IOException {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.address()).getPort();
    }

    private static Map<String, Object> richValue() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("name", "é <&> 😀");
        struct.put("list", List.of(1, -2, true, false, 2.5, "", List.of()));
        struct.put("when", LocalDateTime.of(2024, 5, 6, 7, 8, 9));
        struct.put("empty", Map.of());
        return struct;
    }

    @Test
    void callsOverTcpReuseOneConnection() throws Exception {
        try (TestRpcServer server = tcpServer(null); XmlRpcClient client = new XmlRpcClient(url(server))) {
            assertEquals(richValue(), client.call("test.echo", richValue()));
            assertEquals("done", client.call("test.later"));
            assertEquals(List.of("system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall",
                    "test.big", "test.crash", "test.echo", "test.fail", "test.later"), client.call("system.listMethods"));
            assertEquals(1, server.connections.get());
            int port = ((InetSocketAddress) server.address()).getPort();
            assertEquals("127.0.0.1:" + port, server.requestHeaders.getFirst().get("host"));
            assertNull(server.requestHeaders.getFirst().get("authorization"));
            assertEquals("text/xml", server.requestHeaders.getFirst().get("content-type"));
        }
    }

    @Test
    void faultsAreThrownAndTheConnectionStays() throws Exception {
        try (TestRpcServer server = tcpServer(null); XmlRpcClient client = new XmlRpcClient(url(server))) {
            RpcFault f = assertThrows(RpcFault.class, () -> client.call("test.fail"));
            assertEquals(FaultCode.BAD_NAME, f.code());
            assertEquals("BAD_NAME: nosuch:*", f.faultString());
            assertEquals("nosuch:*", f.detail());
            assertEquals(1, assertThrows(RpcFault.class, () -> client.call("no.such")).faultCode());
            assertEquals("x", client.call("test.echo", "x"));
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    void httpErrorsCarryTheStatusAndTheNextCallReconnects() throws Exception {
        try (TestRpcServer server = tcpServer(null); XmlRpcClient client = new XmlRpcClient(url(server))) {
            HttpStatusException e = assertThrows(HttpStatusException.class, () -> client.call("test.crash"));
            assertEquals(500, e.status());
            assertEquals("Internal Server Error", e.reason());
            assertEquals(500, assertThrows(HttpStatusException.class, () -> client.call("test.big")).status(),
                    "a value the server cannot encode");
            assertThrows(IllegalArgumentException.class, () -> client.call("test.echo", 1L << 40),
                    "a parameter the client cannot encode");
            assertEquals("ok", client.call("test.echo", "ok"));
            assertEquals(3, server.connections.get());
        }
    }

    @Test
    void basicAuthIsSentWhenUserAndPasswordAreGiven() throws Exception {
        try (TestRpcServer server = tcpServer("Basic dXNlcjpww6k=")) {
            try (XmlRpcClient client = new XmlRpcClient(url(server), "user", "pé")) {
                assertEquals("in", client.call("test.echo", "in"));
            }
            try (XmlRpcClient client = new XmlRpcClient(url(server), "user", "wrong")) {
                assertEquals(401, assertThrows(HttpStatusException.class, () -> client.call("test.echo", "in")).status());
            }
            try (XmlRpcClient client = new XmlRpcClient(url(server), "user", null)) {
                assertEquals(401, assertThrows(HttpStatusException.class, () -> client.call("test.echo", "in")).status());
            }
        }
    }

    @Test
    void callsOverAUnixSocket() throws Exception {
        Path socket = dir.resolve("supervisor.sock");
        try (TestRpcServer server = unixServer(socket); XmlRpcClient client = new XmlRpcClient("unix://" + socket)) {
            assertEquals(richValue(), client.call("test.echo", richValue()));
            // supervisord reads base64 parameters as UTF-8 text
            assertEquals("hé", client.call("test.echo", (Object) "hé".getBytes(StandardCharsets.UTF_8)));
            assertEquals("localhost", server.requestHeaders.getFirst().get("host"));
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    void unknownUrlSchemesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new XmlRpcClient("https://localhost:9001"));
        assertThrows(IllegalArgumentException.class, () -> new XmlRpcClient("/tmp/supervisor.sock"));
    }

    @Test
    void chunkedAndCloseDelimitedResponsesAreRead() throws Exception {
        String body = new String(XmlRpcCodec.encodeResponse("chunky"), StandardCharsets.UTF_8);
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                + Integer.toHexString(body.length() - 10) + ";ext=1\r\n" + body.substring(10) + "\r\n0\r\n\r\n";
        assertEquals("chunky", callCanned(chunked));
        assertEquals("chunky", callCanned("HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n" + body));
    }

    /** One connection, one canned answer, then close: the client must cope with the framing. */
    private static Object callCanned(String rawResponse) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    InputStream in = Channels.newInputStream(c);
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                        head.write(in.read());
                    }
                    String h = head.toString(StandardCharsets.ISO_8859_1);
                    int at = h.indexOf("Content-Length: ") + "Content-Length: ".length();
                    in.readNBytes(Integer.parseInt(h.substring(at, h.indexOf("\r\n", at))));
                    Channels.newOutputStream(c).write(rawResponse.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            try (XmlRpcClient client = new XmlRpcClient("http://127.0.0.1:" + port)) {
                Object value = client.call("any.thing");
                served.get();
                return value;
            }
        }
    }

    /** supervisorctl's own transport, talking to our dispatcher over a unix socket. */
    private static final String SUPERVISOR_CLIENT = """
            import sys, xmlrpc.client
            from supervisor.xmlrpc import SupervisorTransport
            proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport('', '', sys.argv[1]))
            print(ascii(proxy.test.echo({'s': 'é <&> 😀', 'l': [1, True, 2.5, [], {}], 'n': -7})))
            print(ascii(proxy.test.later()))
            try:
                proxy.test.fail()
            except xmlrpc.client.Fault as f:
                print(f.faultCode, ascii(f.faultString))
            print(ascii(proxy.system.multicall([{'methodName': 'test.echo', 'params': ['a']},
                                                {'methodName': 'test.fail'}, {'methodName': 'test.later'}])))
            print(ascii(proxy.system.methodSignature('system.multicall')))
            """;

    @Test
    void supervisorsPythonClientUnderstandsUs() throws Exception {
        ReferencePython.assumeAvailable();
        Path socket = dir.resolve("s.sock");
        try (TestRpcServer server = unixServer(socket)) {
            String out = ReferencePython.run(SUPERVISOR_CLIENT, "", "unix://" + socket);
            assertEquals("""
                    {'s': '\\xe9 <&> \\U0001f600', 'l': [1, True, 2.5, [], {}], 'n': -7}
                    'done'
                    10 'BAD_NAME: nosuch:*'
                    ['a', {'faultCode': 10, 'faultString': 'BAD_NAME: nosuch:*'}, 'done']
                    ['array', 'array']
                    """, out);
            assertEquals(1, server.connections.get(), "one kept-alive connection for the whole session");
            assertEquals("Basic Og==", server.requestHeaders.getFirst().get("authorization"));
        }
    }
}
