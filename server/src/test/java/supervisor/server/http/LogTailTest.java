package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.HttpServerConfig;
import supervisor.logging.RotatingFileWriter;
import supervisor.testing.Poll;
import supervisor.testing.RawConnection;
import supervisor.testing.ReferencePython;

@SuppressWarnings("try") // servers are opened for their side effect: listening
class LogTailTest {
    @TempDir
    Path dir;

    /** supervisorctl's tail -f request over a unix socket, byte for byte (spec http.md §5.1). */
    static String supervisorctlRequest(String path, String authorization) {
        return "GET " + path + " HTTP/1.1\r\n"
                + "Host: \r\n"
                + "Accept-Encoding: chunked\r\n"
                + "Accept: */*\r\n"
                + "User-agent: Supervisor HTTP Client\r\n"
                + (authorization == null ? "" : "Authorization: Basic " + authorization + "\r\n")
                + "\r\n"
                + "\r\n";
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    /**
     * With the unprompted look at the files switched off (once an hour), only the writer's own
     * notice can bring new lines to the stream: for a child's log and for the activity log alike,
     * and across a rotation.
     */
    @Test
    void theWriterWakesTheStream() throws Exception {
        Path socket = dir.resolve("w.sock");
        Path log = dir.resolve("child.log");
        try (RotatingFileWriter writer = new RotatingFileWriter(log, 40, 1);
             Servers s = new Servers(null, 3_600_000, Servers.unix(socket, null, null))) {
            writer.write("first line\n".getBytes(StandardCharsets.US_ASCII));
            s.logs.processLogs.put("w/stdout", log);
            try (RawConnection c = RawConnection.unix(socket)) {
                assertEquals(200, c.send(supervisorctlRequest("/logtail/w/stdout", null)).readReply().status());
                assertEquals("first line\n", c.readChunksUntil("first line\n"));
                writer.write("second line\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("second line\n", c.readChunksUntil("second line\n"));
                // past 40 bytes the file rotates: the stream follows the new one from its start
                writer.write("a line long enough to rotate the file\n".getBytes(StandardCharsets.US_ASCII));
                writer.write("after the rotation\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(c.readChunksUntil("after the rotation\n").endsWith("after the rotation\n"));
            }
        }
    }

    @Test
    void blankHostFromSupervisorctlIsAccepted() throws Exception {
        Path socket = dir.resolve("t.sock");
        Path log = Files.writeString(dir.resolve("foo.log"), "first line\n");
        try (Servers s = new Servers(Servers.unix(socket, "user", "123"))) {
            s.logs.processLogs.put("grp:foo/stdout", log);
            try (RawConnection c = RawConnection.unix(socket)) {
                // "dXNlcjoxMjM=" is user:123
                RawConnection.Reply reply = c.send(supervisorctlRequest("/logtail/grp:foo/stdout", "dXNlcjoxMjM=")).readReply();
                assertEquals("HTTP/1.1 200 OK", reply.statusLine());
                assertEquals("chunked", reply.header("Transfer-Encoding"));
                assertEquals("text/plain;charset=utf-8", reply.header("Content-Type"));
                assertEquals("no", reply.header("X-Accel-Buffering"));
                assertNotNull(reply.header("Last-Modified"));
                assertNull(reply.header("Content-Length"));
                assertEquals("first line\n", c.readChunksUntil("first line\n"));
                append(log, "second line\n");
                assertEquals("second line\n", c.readChunksUntil("second line\n"));
            }
        }
    }

    @Test
    void lastModifiedIsFormattedLikeMedusa() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        Path log = Files.writeString(dir.resolve("dated.log"), "x\n");
        long mtime = 1_780_628_645L; // 2026-06-05T03:04:05Z: single digits everywhere
        Files.setLastModifiedTime(log, java.nio.file.attribute.FileTime.from(java.time.Instant.ofEpochSecond(mtime)));
        String expected = ReferencePython.run("""
                import sys
                from supervisor.medusa import http_date
                print(http_date.build_http_date(int(sys.argv[1])))
                """, "", String.valueOf(mtime)).stripTrailing();
        try (Servers s = new Servers(inet); RawConnection c = RawConnection.tcp(s.port(inet))) {
            s.logs.mainLog = log;
            assertEquals(expected, c.send("GET /mainlogtail HTTP/1.1\r\nHost: x\r\n\r\n").readReply().header("Last-Modified"));
        }
    }

    @Test
    void startsWithTheLast1024BytesThenFollows() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        String old = "x".repeat(5000);
        String recent = "y".repeat(1024);
        Path log = Files.writeString(dir.resolve("big.log"), old + recent);
        try (Servers s = new Servers(inet); RawConnection c = RawConnection.tcp(s.port(inet))) {
            s.logs.processLogs.put("big/stdout", log);
            assertEquals(200, c.send("GET /logtail/big HTTP/1.1\r\nHost: x\r\n\r\n").readReply().status());
            assertArrayEquals(recent.getBytes(StandardCharsets.US_ASCII), c.readChunk());
            append(log, "more\n");
            assertEquals("more\n", c.readChunksUntil("more\n"));
        }
    }

    @Test
    void truncationIsAnnouncedAndRotationFollowed() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        Path log = Files.writeString(dir.resolve("r.log"), "before truncation\n");
        try (Servers s = new Servers(inet); RawConnection c = RawConnection.tcp(s.port(inet))) {
            s.logs.processLogs.put("r/stderr", log);
            c.send("GET /logtail/r/stderr HTTP/1.1\r\nHost: x\r\n\r\n").readReply();
            c.readChunksUntil("before truncation\n");

            Files.writeString(log, ""); // truncated in place, as clearProcessLogs does
            assertEquals("==> File truncated <==\n", c.readChunksUntil("==> File truncated <==\n"));
            append(log, "after truncation\n");
            assertEquals("after truncation\n", c.readChunksUntil("after truncation\n"));

            // rotation: the old file moves away, a new one takes the name
            Files.move(log, dir.resolve("r.log.1"));
            Files.writeString(log, "new file\n");
            assertEquals("new file\n", c.readChunksUntil("new file\n"));
        }
    }

    @Test
    void emptyLogStillAnswersAtOnce() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        Path log = Files.createFile(dir.resolve("empty.log"));
        try (Servers s = new Servers(inet); RawConnection c = RawConnection.tcp(s.port(inet))) {
            s.logs.mainLog = log;
            RawConnection.Reply reply = c.send("GET /mainlogtail HTTP/1.1\r\nHost: x\r\n\r\n").readReply();
            assertEquals(200, reply.status());
            assertNull(reply.header("X-Accel-Buffering"));
            append(log, "main log line\n");
            assertEquals("main log line\n", c.readChunksUntil("main log line\n"));
        }
    }

    @Test
    void missingLogsAndWrongMethodsAreRefused() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        Path log = Files.writeString(dir.resolve("p.log"), "x\n");
        try (Servers s = new Servers(inet)) {
            s.logs.processLogs.put("p/stdout", log);
            s.logs.processLogs.put("gone/stdout", dir.resolve("never-created.log"));
            assertEquals(404, status(s.port(inet), "GET /logtail/unknown HTTP/1.1"));
            assertEquals(404, status(s.port(inet), "GET /logtail/p/stdin HTTP/1.1"));
            assertEquals(404, status(s.port(inet), "GET /logtail/gone HTTP/1.1"));
            assertEquals(404, status(s.port(inet), "GET /mainlogtail HTTP/1.1"));
            assertEquals(400, status(s.port(inet), "POST /logtail/p HTTP/1.1"));
            assertEquals(400, status(s.port(inet), "PUT /mainlogtail HTTP/1.1"));
            assertEquals(500, status(s.port(inet), "GET /logtail HTTP/1.1"));
        }
    }

    private static int status(int port, String requestLine) throws Exception {
        try (RawConnection c = RawConnection.tcp(port)) {
            return c.send(requestLine + "\r\nHost: x\r\nContent-Length: 0\r\n\r\n").readReply().status();
        }
    }

    @Test
    void clientDisconnectEndsTheTail() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        Path log = Files.writeString(dir.resolve("d.log"), "line\n");
        try (Servers s = new Servers(inet)) {
            s.logs.processLogs.put("d/stdout", log);
            try (RawConnection c = RawConnection.tcp(s.port(inet))) {
                c.send("GET /logtail/d HTTP/1.1\r\nHost: x\r\n\r\n").readReply();
                c.readChunksUntil("line\n");
                assertEquals(1, s.servers.openLogTails());
            }
            // nothing is written to the file: the server must notice the close by itself
            Poll.until(RawConnection.TIMEOUT, "no open log tail", s.servers::openLogTails, n -> n == 0);
        }
    }

    @Test
    void stopEndsOpenTails() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        Path log = Files.writeString(dir.resolve("s.log"), "line\n");
        Servers s = new Servers(inet);
        try (RawConnection c = RawConnection.tcp(s.port(inet))) {
            s.logs.processLogs.put("s/stdout", log);
            c.send("GET /logtail/s HTTP/1.1\r\nHost: x\r\n\r\n").readReply();
            c.readChunksUntil("line\n");
            s.close();
            assertEquals(0, s.servers.openLogTails());
            assertTrue(c.closedByServer(Duration.ofSeconds(10)));
        }
    }
}
