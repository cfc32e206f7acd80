package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.server.logging.ActivityLogRoute;
import supervisor.testing.RawConnection;

/** Requests {@code HttpFrontFuzzTest} found mishandled, each now answered as medusa answers it. */
class HttpFuzzFindingsTest {
    @TempDir
    Path dir;

    @AfterEach
    void unroute() {
        ActivityLogRoute.uninstall();
    }

    /**
     * An HTTP/1.0 request may name no host; Jetty took the unix socket's path for one, could not
     * parse it, and answered 400 with a warning in the log.
     */
    @Test
    void anHttp10RequestWithoutHostOverAUnixSocketIsAnswered() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (Servers s = new Servers(Servers.unix(socket, null, null))) {
            s.logs.mainLog = Files.writeString(dir.resolve("supervisord.log"), "a line\n");
            try (RawConnection c = RawConnection.unix(socket)) {
                // the fuzzer's input
                RawConnection.Reply tail = c.send("GET /mainlogtail HTTP/1.0\r\n\r\n").readReply();
                assertEquals(200, tail.status());
            }
            String call = TestDispatcher.call("supervisor.getVersion");
            try (RawConnection c = RawConnection.unix(socket)) {
                RawConnection.Reply rpc = c.send("POST /RPC2 HTTP/1.0\r\nContent-Length: " + call.length() + "\r\n\r\n"
                        + call).readReply();
                assertEquals(200, rpc.status());
                assertArrayEquals(TestDispatcher.response("3.0"), rpc.body());
            }
            assertFalse(s.activityLog().contains("Bad Authority"), s.activityLog());
        }
    }

    /**
     * A tail whose client has gone before its first byte: Jetty was asked to fail the exchange,
     * wrote a 500 page nobody reads, and when the client had pipelined another request the
     * page's completion met a channel already serving that one: a warning with a stack trace
     * ("channel already completed"; an AssertionError under -ea). The connection is now just
     * closed, as supervisord closes it.
     */
    @Test
    void aTailWhoseClientLeftAfterPipeliningIsClosedQuietly() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (Servers s = new Servers(Servers.unix(socket, null, null))) {
            ActivityLogRoute.install(s.log); // Jetty's own warnings too
            s.logs.mainLog = Files.writeString(dir.resolve("supervisord.log"), "a line\n");
            String pipelined = "GET /mainlogtail HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /ok.html HTTP/1.1\r\nHost: localhost\r\n\r\n";
            for (int i = 0; i < 50; i++) {
                String answer = sendAndLeave(socket, pipelined);
                assertFalse(answer.startsWith("HTTP/1.1 500"), answer);
            }
            // the last stream's end is logged, if at all, on the poller's thread: let it finish
            s.servers.stop();
            assertEquals("", s.activityLog());
        }
    }

    /** Sends the bytes, shuts the sending side at once, and reads until the server closes. */
    private static String sendAndLeave(Path socket, String request) throws Exception {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            c.shutdownOutput();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (c.read(buffer.clear()) > 0) {
                got.write(buffer.array(), 0, buffer.position());
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
