package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.HttpServerConfig;
import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;
import supervisor.testing.Poll;
import supervisor.testing.RawConnection;

class AcceptedConnectionsTest {
    @TempDir
    Path dir;

    /** What Jetty closes is forgotten at once: a long-lived daemon does not collect its clients. */
    @Test
    void connectionsClosedByTheServersAreForgotten() throws Exception {
        HttpServerConfig unix = Servers.unix(dir.resolve("s.sock"), null, null);
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(unix, inet)) {
            try (RawConnection u = RawConnection.unix(dir.resolve("s.sock"));
                 RawConnection i = RawConnection.tcp(s.port(inet))) {
                Poll.until(Duration.ofSeconds(10), "both connections to be known",
                        () -> s.servers.openConnections() == 2);
            }
            for (int k = 0; k < 100; k++) {
                try (RawConnection c = k % 2 == 0 ? RawConnection.unix(dir.resolve("s.sock"))
                        : RawConnection.tcp(s.port(inet))) {
                    c.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                    assertEquals(404, c.readToClose(RawConnection.TIMEOUT).status());
                }
            }
            Poll.until(Duration.ofSeconds(10), "every connection to be forgotten",
                    () -> s.servers.openConnections() == 0);
        }
    }

    /**
     * A connection kept alive between calls is closed when the servers stop, without waiting out
     * the stop timeout for it and without a word in the activity log.
     */
    @Test
    void idleKeptAliveConnectionsAreClosedQuietlyOnStop() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        Servers s = new Servers(inet);
        try (RawConnection kept = RawConnection.tcp(s.port(inet))) {
            kept.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(404, kept.readReply().status());
            s.close();
            assertTrue(kept.closedByServer(RawConnection.TIMEOUT));
        }
        assertFalse(s.activityLog().contains("stopping the HTTP servers failed"), s.activityLog());
    }

    /** A connection accepted and never closed by Jetty is closed when the servers have stopped. */
    @Test
    void whatIsLeftOpenIsClosed() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept();
             SocketChannel other = SocketChannel.open(listener.getLocalAddress());
             SocketChannel closedByJetty = listener.accept()) {
            AcceptedConnections connections = new AcceptedConnections(ConnectionLimit.forOpenFiles(-1),
                    ActivityLog.console(LogLevel.DEBUG, OutputStream.nullOutputStream()));
            connections.onAccepting(accepted);
            connections.onAccepting(closedByJetty);
            connections.onClosed(closedByJetty);
            assertEquals(1, connections.open());

            connections.closeAll();
            assertFalse(accepted.isOpen());
            assertTrue(closedByJetty.isOpen(), "not ours to close: Jetty said it had closed it");
            assertEquals(0, connections.open());
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the client sees its connection closed");
        }
    }

    /**
     * Past the cap, a flood of silent connections closes its own oldest members: a connection
     * kept alive after an answer and a {@code tail -f} being answered stay open, a new client
     * is answered, and the activity log says so once.
     */
    @Test
    void pastTheCapSilentConnectionsMakeRoom() throws Exception {
        HttpServerConfig unix = Servers.unix(dir.resolve("s.sock"), null, null);
        HttpServerConfig inet = Servers.inet(null, null);
        Path main = Files.writeString(dir.resolve("main.log"), "started\n");
        List<RawConnection> flood = new ArrayList<>();
        try (Servers s = new Servers(new ConnectionLimit(8, 600_000), unix, inet);
             RawConnection keptAlive = RawConnection.tcp(s.port(inet));
             RawConnection tail = RawConnection.unix(dir.resolve("s.sock"))) {
            s.logs.mainLog = main;
            keptAlive.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(404, keptAlive.readReply().status());
            tail.send("GET /mainlogtail HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, tail.readReply().status());
            for (int k = 0; k < 40; k++) {
                flood.add(k % 2 == 0 ? RawConnection.unix(dir.resolve("s.sock")) : RawConnection.tcp(s.port(inet)));
                if (k % 4 == 0)
                    flood.getLast().send("POST /RP");
            }
            Poll.until(Duration.ofSeconds(10), "the servers to be down to their cap", () -> s.servers.openConnections() <= 8);
            assertFalse(keptAlive.closedByServer(Duration.ofMillis(200)), "kept alive after an answer: closed last");
            assertFalse(tail.closedByServer(Duration.ofMillis(200)), "being answered: never closed");
            assertTrue(flood.getFirst().closedByServer(RawConnection.TIMEOUT), "the silent one idle longest is closed");
            try (RawConnection client = RawConnection.unix(dir.resolve("s.sock"))) {
                client.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertEquals(404, client.readToClose(RawConnection.TIMEOUT).status());
            }
            String log = s.activityLog();
            assertEquals(1, log.split("WARN too many HTTP connections open", -1).length - 1, log);
            assertTrue(log.contains("the most kept is 8): closing the ones idle longest without a request"), log);
        } finally {
            for (RawConnection c : flood)
                c.close();
        }
    }

    /**
     * A connection that has sent no complete request by the timeout is closed, whether silent or
     * half a request line; one kept alive after an answer is not.
     */
    @Test
    void connectionsWithoutACompleteRequestTimeOut() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(new ConnectionLimit(100, 500), inet);
             RawConnection silent = RawConnection.tcp(s.port(inet));
             RawConnection half = RawConnection.tcp(s.port(inet));
             RawConnection keptAlive = RawConnection.tcp(s.port(inet))) {
            half.send("POST /RPC2 HTT");
            keptAlive.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(404, keptAlive.readReply().status());
            assertTrue(silent.closedByServer(RawConnection.TIMEOUT));
            assertTrue(half.closedByServer(RawConnection.TIMEOUT));
            assertFalse(keptAlive.closedByServer(Duration.ofSeconds(2)));
            keptAlive.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(404, keptAlive.readReply().status());
        }
    }
}
