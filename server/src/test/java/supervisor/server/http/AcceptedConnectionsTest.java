package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.HttpServerConfig;
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
            AcceptedConnections connections = new AcceptedConnections();
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
}
