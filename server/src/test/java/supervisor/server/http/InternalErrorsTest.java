package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import supervisor.config.HttpServerConfig;
import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;
import supervisor.rpc.RpcRegistry;
import supervisor.server.logging.ActivityLogRoute;
import supervisor.server.web.WebUi;
import supervisor.testing.RawConnection;

/**
 * No internal error vanishes: a failure behind a log tail or a web page reaches the activity
 * log with its stack trace, at the level supervisord gives such messages, and Jetty's own
 * messages take the same path. (Failed XML-RPC requests: {@link RpcEndpointTest}.)
 */
class InternalErrorsTest {

    @AfterEach
    void unroute() {
        ActivityLogRoute.uninstall();
    }

    @Test
    void aLogTailThatFailsIsAServerErrorWithItsStackTrace() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            s.logs.failure = new IllegalStateException("the process table is gone");
            assertEquals(500, status(s.port(inet), "GET /logtail/foo/stdout"));
            String log = s.activityLog();
            assertTrue(log.contains(" ERRO Server Error: GET /logtail/foo/stdout: java.lang.IllegalStateException: "
                    + "the process table is gone\n\tat "), log);
        }
    }

    @Test
    void aWebPageThatFailsIsAWebInterfaceErrorWithItsStackTrace() throws Exception {
        RpcRegistry registry = new RpcRegistry();
        registry.register("supervisor.getAllProcessInfo", 0, 0, null, a -> {
            throw new IllegalStateException("no process table");
        });
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(log -> new WebUi(registry, log), inet)) {
            assertEquals(500, status(s.port(inet), "GET /index.html"));
            String log = s.activityLog();
            assertTrue(log.contains(" ERRO Web interface error (status page):java.lang.IllegalStateException: "
                    + "no process table\n\tat "), log);
        }
    }

    @Test
    void jettyLogsToTheActivityLogAtTrace() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ActivityLog log = ActivityLog.console(LogLevel.TRACE, bytes);
        ActivityLogRoute.install(log);
        try (Servers s = new Servers(Servers.inet(null, null))) {
            String text;
            synchronized (log) {
                text = bytes.toString(StandardCharsets.UTF_8);
            }
            assertTrue(text.contains(" TRAC org.eclipse.jetty.server.Server: jetty-12."), text);
        }
    }

    private static int status(int port, String requestLine) throws Exception {
        try (RawConnection c = RawConnection.tcp(port)) {
            return c.send(requestLine + " HTTP/1.1\r\nHost: localhost\r\n\r\n").readReply().status();
        }
    }
}
