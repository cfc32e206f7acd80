package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.HttpServerConfig;
import supervisor.testing.RawConnection;
import supervisor.testing.ReferencePython;

@SuppressWarnings("try") // servers are opened for their side effect: listening
class AuthenticationTest {
    @TempDir
    Path dir;

    /** Calls getVersion through supervisor's own transport; prints the version or the HTTP error. */
    private static final String CALL = """
            import sys, xmlrpc.client
            from supervisor.xmlrpc import SupervisorTransport
            user = sys.argv[2] if sys.argv[2] != '-' else None
            password = sys.argv[3] if sys.argv[3] != '-' else None
            t = SupervisorTransport(user, password, sys.argv[1])
            try:
                print(xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t).supervisor.getVersion())
            except xmlrpc.client.ProtocolError as e:
                print(e.errcode, e.errmsg)
            """;

    private static String call(String url, String user, String password) throws Exception {
        return ReferencePython.run(CALL, "", url, user == null ? "-" : user, password == null ? "-" : password)
                .stripTrailing();
    }

    @Test
    void plainPasswordOverUnixSocket() throws Exception {
        Path socket = dir.resolve("a.sock");
        try (Servers ignored = new Servers(Servers.unix(socket, "chris", "123"))) {
            String url = "unix://" + socket;
            assertEquals("3.0", call(url, "chris", "123"));
            assertEquals("401 Unauthorized", call(url, "chris", "wrong"));
            assertEquals("401 Unauthorized", call(url, "Chris", "123"));
            assertEquals("401 Unauthorized", call(url, null, null));
        }
    }

    @Test
    void shaPasswordOverInet() throws Exception {
        String hash = ReferencePython.run("import hashlib; print(hashlib.sha1(b'thepassword').hexdigest())", "")
                .stripTrailing();
        HttpServerConfig inet = Servers.inet("chris", "{SHA}" + hash);
        try (Servers s = new Servers(inet)) {
            String url = "http://127.0.0.1:" + s.port(inet);
            assertEquals("3.0", call(url, "chris", "thepassword"));
            assertEquals("401 Unauthorized", call(url, "chris", "wrong"));
            // knowing the stored hash is not enough
            assertEquals("401 Unauthorized", call(url, "chris", "{SHA}" + hash));
            assertEquals("401 Unauthorized", call(url, "chris", hash));
        }
    }

    @Test
    void eachServerChecksItsOwnSectionsCredentials() throws Exception {
        Path socket = dir.resolve("b.sock");
        HttpServerConfig inet = Servers.inet("inetuser", "inetpass");
        try (Servers s = new Servers(Servers.unix(socket, "unixuser", "unixpass"), inet)) {
            String unix = "unix://" + socket;
            String tcp = "http://127.0.0.1:" + s.port(inet);
            assertEquals("3.0", call(unix, "unixuser", "unixpass"));
            assertEquals("3.0", call(tcp, "inetuser", "inetpass"));
            assertEquals("401 Unauthorized", call(unix, "inetuser", "inetpass"));
            assertEquals("401 Unauthorized", call(tcp, "unixuser", "unixpass"));
        }
    }

    @Test
    void serverWithoutUsernameIgnoresCredentials() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            String url = "http://127.0.0.1:" + s.port(inet);
            assertEquals("3.0", call(url, null, null));
            // childutils sends empty credentials when none are configured
            assertEquals("3.0", call(url, "", ""));
            assertEquals(List.of("inet_http_server"), s.servers.sectionsWithoutAuthentication());
        }
    }

    @Test
    void unauthorizedReplyHeadersBodyAndClose() throws Exception {
        HttpServerConfig inet = Servers.inet("user", "pw");
        try (Servers s = new Servers(inet); RawConnection c = RawConnection.tcp(s.port(inet))) {
            RawConnection.Reply reply = c.send(TestDispatcher.post("supervisor.getVersion")).readReply();
            assertEquals("HTTP/1.1 401 Unauthorized", reply.statusLine());
            assertEquals("Basic realm=\"default\"", reply.header("WWW-Authenticate"));
            assertEquals("close", reply.header("Connection"));
            assertEquals("text/html", reply.header("Content-Type"));
            assertArrayEquals(RpcEndpointTest.medusaErrorPage(401), reply.body());
            assertTrue(c.closedByServer(Duration.ofSeconds(10)));
        }
    }

    @Test
    void credentialsGuardEveryPath() throws Exception {
        HttpServerConfig inet = Servers.inet("user", "pw");
        try (Servers s = new Servers(inet)) {
            for (String path : List.of("/logtail/foo", "/mainlogtail", "/index.html", "/nothing/here")) {
                try (RawConnection c = RawConnection.tcp(s.port(inet))) {
                    assertEquals(401, c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").readReply().status(), path);
                }
                try (RawConnection c = RawConnection.tcp(s.port(inet))) {
                    // dXNlcjpwdw== is user:pw: past authentication the path itself answers (404 here)
                    assertEquals(404, c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Basic dXNlcjpwdw==\r\n\r\n")
                            .readReply().status(), path);
                }
            }
        }
    }

    @Test
    void malformedCredentialsAnswerLikeSupervisord() throws Exception {
        HttpServerConfig inet = Servers.inet("user", "pw");
        try (Servers s = new Servers(inet)) {
            // "dXNlcg==" is "user" without a colon; "dXNlcjp" lacks its padding
            assertEquals(500, status(s.port(inet), "Basic dXNlcg=="));
            assertEquals(400, status(s.port(inet), "Basic dXNlcjp"));
            assertEquals(401, status(s.port(inet), "Digest dXNlcjpwdw=="));
            assertEquals(200, status(s.port(inet), "bAsIc dXNl cjpwdw=="));
        }
    }

    private static int status(int port, String authorization) throws Exception {
        byte[] body = TestDispatcher.call("supervisor.getVersion").getBytes();
        try (RawConnection c = RawConnection.tcp(port)) {
            return c.send("POST /RPC2 HTTP/1.1\r\nHost: x\r\nAuthorization: " + authorization + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").send(body).readReply().status();
        }
    }

    @Test
    void lenientBase64MatchesPython() throws Exception {
        List<String> inputs = List.of("dXNlcjpwYXNz", "dXNl cjpw YXNz", "YWI=", "Y!WI=", "YWI=junk", "YW=Jj", "YWI",
                "YQ", "Y", "", "w6k6w6k=", "/w==");
        String python = ReferencePython.run("""
                import sys, base64
                for s in sys.argv[1:]:
                    try:
                        print(base64.decodebytes(s.encode()).decode('utf-8'))
                    except Exception:
                        print('<error>')
                """, "", inputs.toArray(String[]::new)).stripTrailing();
        StringBuilder java = new StringBuilder();
        for (String input : inputs) {
            String decoded = BasicAuth.decodeLeniently(input);
            java.append(decoded == null ? "<error>" : decoded).append('\n');
        }
        assertEquals(python, java.toString().stripTrailing());
    }
}
