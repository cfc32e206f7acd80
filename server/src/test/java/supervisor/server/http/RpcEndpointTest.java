package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.HttpServerConfig;
import supervisor.testing.Poll;
import supervisor.testing.RawConnection;
import supervisor.testing.ReferencePython;

@SuppressWarnings("try") // servers are opened for their side effect: listening
class RpcEndpointTest {
    @TempDir
    Path dir;

    /** medusa's error page for a status, produced by supervisor's own medusa module. */
    static byte[] medusaErrorPage(int status) throws Exception {
        return ReferencePython.run("""
                import sys
                from supervisor.medusa.http_server import http_request as r
                page = r.DEFAULT_ERROR_MESSAGE % {'code': int(sys.argv[1]), 'message': r.responses[int(sys.argv[1])]}
                sys.stdout.write(page.replace('\\r\\n', '|'))
                """, "", String.valueOf(status)).stripTrailing().replace("|", "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void pythonXmlRpcClientCallsOverInet() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            String answer = ReferencePython.run("""
                    import sys, xmlrpc.client
                    proxy = xmlrpc.client.ServerProxy('http://127.0.0.1:%s/RPC2' % sys.argv[1])
                    print(proxy.supervisor.getVersion())
                    print(proxy.test.unicode() == sys.argv[2])
                    """, "", String.valueOf(s.port(inet)), TestDispatcher.UNICODE).stripTrailing();
            assertEquals("3.0\nTrue", answer);
        }
    }

    @Test
    void supervisorTransportCallsOverUnixSocketWithCredentials() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (Servers s = new Servers(Servers.unix(socket, "user", "123"))) {
            String answer = ReferencePython.run("""
                    import sys, xmlrpc.client
                    from supervisor.xmlrpc import SupervisorTransport
                    t = SupervisorTransport('user', '123', 'unix://' + sys.argv[1])
                    proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)
                    # several calls reuse one kept-alive connection
                    print(proxy.supervisor.getVersion(), proxy.supervisor.getVersion(), proxy.test.unicode() == sys.argv[2])
                    """, "", socket.toString(), TestDispatcher.UNICODE).stripTrailing();
            assertEquals("3.0 3.0 True", answer);
        }
    }

    @Test
    void responseHeadersAndExactByteLength() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet); RawConnection c = RawConnection.tcp(s.port(inet))) {
            RawConnection.Reply reply = c.send(TestDispatcher.post("test.unicode")).readReply();
            assertEquals("HTTP/1.1 200 OK", reply.statusLine());
            assertEquals("text/xml", reply.header("Content-Type"));
            assertEquals("Medusa/1.12", reply.header("Server"));
            assertNotNull(reply.header("Date"));
            assertArrayEquals(TestDispatcher.response(TestDispatcher.UNICODE), reply.body());
            // the same connection serves the next request (HTTP/1.1 keep-alive)
            assertEquals("3.0", extractString(c.send(TestDispatcher.post("supervisor.getVersion")).readReply()));
        }
    }

    @Test
    void waitingCallsHoldNoThread() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        int waiting = 60; // far more than the pool's threads
        try (Servers s = new Servers(inet)) {
            List<RawConnection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < waiting; i++)
                    connections.add(RawConnection.tcp(s.port(inet)).send(TestDispatcher.post("test.wait")));
                Poll.until(RawConnection.TIMEOUT, waiting + " waiting calls", s.dispatcher.waiting::size,
                        n -> n >= waiting);
                assertEquals(waiting, s.dispatcher.waiting.size());
                // with every waiting call parked, a real client still gets through
                assertEquals("3.0", ReferencePython.run("""
                        import sys, xmlrpc.client
                        print(xmlrpc.client.ServerProxy('http://127.0.0.1:%s/RPC2' % sys.argv[1]).supervisor.getVersion())
                        """, "", String.valueOf(s.port(inet))).stripTrailing());
                assertEquals(waiting, s.dispatcher.releaseWaiting());
                for (RawConnection c : connections) {
                    RawConnection.Reply reply = c.readReply();
                    assertEquals(200, reply.status());
                    assertEquals("done", extractString(reply));
                }
            } finally {
                for (RawConnection c : connections)
                    c.close();
            }
        }
    }

    @Test
    void protocolErrorsUseMedusaPages() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            int port = s.port(inet);
            assertError(port, "GET /RPC2 HTTP/1.1\r\nHost: localhost\r\n\r\n", 400);
            assertError(port, "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411);
            assertError(port, "POST /RPC2 HTTP/1.0\r\n\r\n", 411);
            assertError(port, TestDispatcher.postBody("<methodCall><methodName>x"), 400);
            assertError(port, TestDispatcher.postBody("<methodCall><params/></methodCall>"), 400);
            assertError(port, TestDispatcher.post("test.crash"), 500);
            assertError(port, TestDispatcher.post("test.throw"), 500);
            assertError(port, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 404);
            assertError(port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 404);
            // a request line Jetty itself refuses still gets medusa's page
            assertError(port, "GET /RPC2 HTTP/1.1 junk\r\nHost: localhost\r\n\r\n", 400);
            assertError(port, "GARBAGE\r\n\r\n", 400);
        }
    }

    /** supervisord's words and levels for requests it cannot answer, stack traces included. */
    @Test
    void failedRequestsAreLoggedAsSupervisordLogsThem() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            int port = s.port(inet);
            assertError(port, TestDispatcher.postBody("<methodCall><methodName>x"), 400);
            assertError(port, TestDispatcher.postBody("<methodCall><params/></methodCall>"), 400);
            assertError(port, TestDispatcher.post("test.throw"), 500);
            assertError(port, TestDispatcher.post("test.crash"), 500);
            String log = s.activityLog();
            assertTrue(log.contains(" ERRO XML-RPC request data b'<methodCall><methodName>x' is invalid: unmarshallable\n"),
                    log);
            assertTrue(log.contains(" ERRO XML-RPC request data b'<methodCall><params/></methodCall>' is invalid: "
                    + "no method name\n"), log);
            assertTrue(log.contains(" CRIT Handling XML-RPC request with data b\"<?xml version='1.0'?>\\n<methodCall>"
                    + "\\n<methodName>test.throw</methodName>"), log);
            assertTrue(log.contains("raised an unexpected exception: java.lang.IllegalStateException: "
                    + "thrown before any future\n\tat "), log);
            assertTrue(log.contains("raised an unexpected exception: java.lang.IllegalStateException: "
                    + "broken method\n"), log);
        }
    }

    /**
     * An Error (the heap running out while a body is parsed) used to vanish inside a future, and
     * the request waited for ever for its answer.
     */
    @Test
    void anErrorWhileHandlingIsStillAnswered() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            assertError(s.port(inet), TestDispatcher.post("test.error"), 500);
            assertTrue(s.activityLog().contains(" CRIT Handling XML-RPC request with data b\"<?xml version='1.0'?>"
                    + "\\n<methodCall>\\n<methodName>test.error</methodName>"), s.activityLog());
            assertTrue(s.activityLog().contains("raised an unexpected exception: java.lang.OutOfMemoryError: "
                    + "Java heap space\n\tat "), s.activityLog());
        }
    }

    /** medusa knows no chunked bodies (411); one past the limit is not read to its end. */
    @Test
    void aChunkedBodyIsRefusedAsSoonAsItPassesTheLimit() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet); RawConnection c = RawConnection.tcp(s.port(inet))) {
            c.send("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = Integer.toHexString(64 * 1024) + "\r\n" + "a".repeat(64 * 1024) + "\r\n";
            for (int sent = 0; sent <= BodyCollector.MAX_BODY_BYTES; sent += 64 * 1024)
                c.send(chunk);
            // no last chunk: the answer comes all the same
            RawConnection.Reply reply = c.readReply();
            assertEquals(413, reply.status());
            assertEquals("close", reply.header("Connection"));
            assertArrayEquals(medusaErrorPage(413), reply.body());
        }
    }

    /** Under the limit, but each of its four bytes would cost dozens once parsed. */
    @Test
    void aBodyMadeToBeExpensiveToParseIsTooLarge() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            String body = "<methodCall><methodName>a.b</methodName><params>" + "<a/>".repeat(200_000)
                    + "</params></methodCall>";
            assertError(s.port(inet), TestDispatcher.postBody(body), 413);
            assertTrue(s.activityLog().contains(" ERRO XML-RPC request data b'<methodCall><methodName>a.b</methodName>"
                    + "<params><a/><a/>"), s.activityLog());
            assertTrue(s.activityLog().contains("'... is invalid: too large\n"), s.activityLog());
            // an ordinary call on the same server is answered
            assertError(s.port(inet), TestDispatcher.post("test.throw"), 500);
        }
    }

    /** A hostile client cannot write megabytes into the activity log per request: 64 KiB of the body, then "...". */
    @Test
    void aFailedRequestLogsAtMost64KiBOfItsBody() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            String junk = "<methodCall><methodName>" + "x".repeat(200_000);
            assertError(s.port(inet), TestDispatcher.postBody(junk), 400);
            String line = s.activityLog().lines().filter(l -> l.contains(" is invalid: ")).findFirst().orElseThrow();
            String logged = line.substring(line.indexOf("b'") + 2, line.indexOf("'... is invalid"));
            assertEquals(RpcEndpoint.LOGGED_BODY_BYTES, logged.length());
            assertTrue(junk.startsWith(logged));
        }
    }

    @Test
    void anyPathStartingWithRpc2IsXmlRpc() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet); RawConnection c = RawConnection.tcp(s.port(inet))) {
            String request = TestDispatcher.post("supervisor.getVersion").replace("POST /RPC2 ", "POST /RPC2/extra?x=1 ");
            assertEquals("3.0", extractString(c.send(request).readReply()));
        }
    }

    @Test
    void pythonClientSeesProtocolErrorForServerFailure() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            assertEquals("500 Internal Server Error", ReferencePython.run("""
                    import sys, xmlrpc.client
                    try:
                        xmlrpc.client.ServerProxy('http://127.0.0.1:%s/RPC2' % sys.argv[1]).test.crash()
                    except xmlrpc.client.ProtocolError as e:
                        print(e.errcode, e.errmsg)
                    """, "", String.valueOf(s.port(inet))).stripTrailing());
        }
    }

    private static void assertError(int port, String request, int status) throws Exception {
        try (RawConnection c = RawConnection.tcp(port)) {
            RawConnection.Reply reply = c.send(request).readReply();
            assertEquals(status, reply.status(), request);
            assertEquals("text/html", reply.header("Content-Type"));
            assertEquals("Medusa/1.12", reply.header("Server"));
            assertArrayEquals(medusaErrorPage(status), reply.body(), reply.text());
        }
    }

    static String extractString(RawConnection.Reply reply) {
        String text = reply.text();
        assertTrue(text.contains("<string>"), text);
        return text.substring(text.indexOf("<string>") + 8, text.indexOf("</string>"));
    }
}
