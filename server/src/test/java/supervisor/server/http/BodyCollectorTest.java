package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;
import supervisor.testing.RawConnection;

/**
 * Request bodies read within their limits: refused unread when too big, let in only with room in
 * the budget, given a deadline to arrive, and their room given back whatever becomes of them.
 * Here on a bare Jetty server whose handler answers with the length of the body it was handed,
 * with a small budget and short deadlines.
 */
class BodyCollectorTest {
    private static final int MAX = BodyCollector.MAX_BODY_BYTES;

    private Server server;
    private BodyBudget budget;

    private int serve(long capacity, Duration wait, Duration bodyDeadline) throws Exception {
        budget = new BodyBudget(capacity, 1024 * 1024, wait);
        BodyCollector collector = new BodyCollector(budget, bodyDeadline);
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer((request, headers) -> {
            request.addHttpStreamWrapper(MedusaReasonPhrases::new);
            return request;
        });
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setIdleTimeout(0); // as the daemon's: only the collector's deadlines apply
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                collector.collect(request, response, callback, (body, done) ->
                        response.write(true, ByteBuffer.wrap(String.valueOf(body.length).getBytes(StandardCharsets.US_ASCII)),
                                done));
                return true;
            }
        });
        server.start();
        return connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null)
            server.stop();
    }

    private static String post(long length) {
        return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + length + "\r\n\r\n";
    }

    private void assertAllRoomGivenBack() {
        Poll.until(Duration.ofSeconds(30), "every body's room to be given back", () -> budget.taken() == 0);
    }

    @Test
    void aBodyUpToTheLimitIsReadWhole() throws Exception {
        int port = serve(3L * MAX, Duration.ofMinutes(1), Duration.ofMinutes(1));
        try (RawConnection c = RawConnection.tcp(port)) {
            RawConnection.Reply reply = c.send(post(MAX)).send(new byte[MAX]).readReply();
            assertEquals(200, reply.status());
            assertEquals(String.valueOf(MAX), reply.text());
        }
        assertAllRoomGivenBack();
    }

    /**
     * Refused from its Content-Length alone, before the client has sent any of it; what it sends
     * then is thrown away until it is done, and the connection closes.
     */
    @Test
    void aBodyOverTheLimitIsRefusedUnread() throws Exception {
        int port = serve(3L * MAX, Duration.ofMinutes(1), Duration.ofMinutes(1));
        for (long length : List.of(MAX + 1L, 1L << 40)) {
            try (RawConnection c = RawConnection.tcp(port)) {
                RawConnection.Reply reply = c.send(post(length)).readReply();
                assertEquals(413, reply.status());
                assertEquals("close", reply.header("Connection"));
                c.send(new byte[MAX]).shutdownOutput();
                assertTrue(c.closedByServer(RawConnection.TIMEOUT));
            }
        }
        assertEquals(0, budget.taken());
    }

    /** A client that stops sending gets 408 and loses its room; a Content-Length is no promise. */
    @Test
    void aBodyThatStopsComingGetsRequestTimeout() throws Exception {
        int port = serve(3L * MAX, Duration.ofMinutes(1), Duration.ofMillis(300));
        try (RawConnection c = RawConnection.tcp(port)) {
            RawConnection.Reply reply = c.send(post(MAX)).send("only this").readReply();
            assertEquals(408, reply.status());
            assertEquals("Request Time-out", reply.statusLine().substring("HTTP/1.1 408 ".length()));
            assertTrue(c.closedByServer(RawConnection.TIMEOUT));
        }
        assertAllRoomGivenBack();
    }

    /** A client that closes its side early gets an answer too, and the room comes back. */
    @Test
    void aBodyCutShortIsABadRequest() throws Exception {
        int port = serve(3L * MAX, Duration.ofMinutes(1), Duration.ofMinutes(1));
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                new java.net.InetSocketAddress("127.0.0.1", port))) {
            channel.write(ByteBuffer.wrap((post(1000) + "short").getBytes(StandardCharsets.US_ASCII)));
            channel.shutdownOutput();
            ByteBuffer answer = ByteBuffer.allocate(4096);
            while (channel.read(answer) >= 0 && answer.hasRemaining()) {
                // until the server closes
            }
            String text = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
            assertTrue(text.startsWith("HTTP/1.1 400 "), text);
        }
        assertAllRoomGivenBack();
    }

    /**
     * With the budget held by bodies that do not come, a big body waits its turn and is refused
     * with 503 when its wait ends; small bodies still get through, from the part of the budget
     * that is theirs.
     */
    @Test
    void aBodyThatFindsNoRoomInTimeGetsServiceUnavailable() throws Exception {
        int port = serve(3L * 1024 * 1024, Duration.ofMillis(300), Duration.ofMinutes(1));
        List<RawConnection> holding = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++)
                holding.add(RawConnection.tcp(port).send(post(1024 * 1024)).send("a start"));
            Poll.until(Duration.ofSeconds(30), "both bodies to hold their room", () -> budget.taken() == 2L << 20);
            try (RawConnection waiting = RawConnection.tcp(port)) {
                RawConnection.Reply reply = waiting.send(post(1000 * 1000)).send(new byte[1000 * 1000]).readReply();
                assertEquals(503, reply.status());
                assertEquals("Service Unavailable", reply.statusLine().substring("HTTP/1.1 503 ".length()));
                // the 503 came after its body was read and thrown away: the connection still serves
                assertEquals("5", waiting.send(post(5)).send("hello").readReply().text());
            }
        } finally {
            for (RawConnection c : holding)
                c.close();
        }
        assertAllRoomGivenBack();
    }
}
