package supervisor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class RawConnectionTest {

    /** Accepts one connection, reads the request head, writes {@code reply} and closes (or not). */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String reply, boolean close) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket s = server.accept();
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                OutputStream out = s.getOutputStream();
                out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (close) {
                    s.close();
                }
                return head.toString();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void repliesOneAfterAnotherAndChunks() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: 1\r\nx-a: 2\r\n\r\nhi"
                    + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", false);
            try (RawConnection c = RawConnection.tcp(server.getLocalPort())) {
                RawConnection.Reply first = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readReply();
                assertEquals("GET / HTTP/1.1\r\nHost: x\r\n\r\n", request.get());
                assertEquals(200, first.status());
                assertEquals("1", first.header("x-A"), "the first of a repeated header");
                assertEquals("hi", first.text());
                assertEquals("chunked", c.readReply().header("Transfer-Encoding"));
                assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), c.readChunk());
                assertEquals("de", c.readChunksUntil("e"));
                assertNull(c.readChunk());
            }
        }
    }

    @Test
    void http10RepliesAreReadToTheClose() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "HTTP/1.0 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"default\"\r\n\r\nno\r\n\r\nmore", true);
            try (RawConnection c = RawConnection.tcp(server.getLocalPort())) {
                c.send("GET / HTTP/1.0\r\nAuthorization: " + RawConnection.basic("user", "123") + "\r\n\r\n");
                RawConnection.Reply r = c.readToClose(Duration.ofSeconds(10));
                assertEquals(401, r.status());
                assertEquals("Basic realm=\"default\"", r.header("www-authenticate"));
                assertEquals("no\r\n\r\nmore", r.text());
            }
        }
    }

    @Test
    void aServerThatSaysNothingFailsTheRead() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "", false);
            try (RawConnection c = RawConnection.tcp(server.getLocalPort())) {
                c.send("GET / HTTP/1.0\r\n\r\n");
                IOException e = assertThrows(IOException.class, () -> c.readToClose(Duration.ofMillis(100)));
                assertTrue(e.getMessage().startsWith("timed out"), e.getMessage());
                assertEquals("Basic dXNlcjoxMjM=", RawConnection.basic("user", "123"));
            }
        }
    }
}
