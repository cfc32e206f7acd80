package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.RawConnection;
import supervisor.testing.ReferencePython;

/**
 * No request body can exhaust our daemon, started as users start it ({@code scripts/supervisord},
 * its default 96 MB heap): bodies up to the limit are answered, bigger ones refused with 413 at
 * once, bodies that lie about their length, chunked ones and many big ones at a time all get an
 * answer, what a program leaves unread of its stdin is bounded, and afterwards the daemon still
 * answers with its memory bounded. supervisord 4.2.5 reads any body whole and keeps any unread
 * stdin (its memory grows with them), so these run against ours only.
 */
class BodyLimitHostTest {
    /** The largest body the daemon reads (see the README's limits). */
    private static final int LIMIT = 4 * 1024 * 1024;
    /**
     * Generous: the heap is capped at 96 MB and the JVM around it needs well under 100 MB more.
     * Reading bodies whole took the daemon past 280 MB before it ran out of heap.
     */
    private static final long PEAK_RSS_KB = 256 * 1024;

    @TempDir
    static Path base;

    /**
     * Runs {@code scenario} on a fresh daemon with a program that reads its stdin and one that
     * never does, then checks that the daemon is well.
     */
    private static void withDaemon(Consumer<Supervisord> scenario) {
        Implementation.OURS.assumeAvailable();
        ReferencePython.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base).program("cat", "/bin/cat").program("deaf", "/bin/sleep 1000");
        try (Supervisord daemon = Supervisord.start(Implementation.OURS, conf)) {
            daemon.awaitState("cat", "RUNNING", Duration.ofSeconds(30));
            daemon.awaitState("deaf", "RUNNING", Duration.ofSeconds(30));
            scenario.accept(daemon);
            assertTrue(daemon.isAlive(), "the daemon died:\n" + daemon.output());
            Probe.Reply state = call(daemon, "supervisor.getState");
            assertEquals(200, state.status(), state.body());
            assertTrue(state.body().contains("<string>RUNNING</string>"), state.body());
            long peak = peakRssKb(daemon.pid());
            assertTrue(peak < PEAK_RSS_KB, "peak RSS " + peak + " kB");
        }
    }

    private static Probe.Reply call(Supervisord daemon, String method) {
        try {
            return daemon.probe().call(method);
        } catch (IOException e) {
            throw new AssertionError("the daemon does not answer " + method + ":\n" + daemon.output(), e);
        }
    }

    /** VmHWM: the most the daemon's resident memory has ever been. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:"))
                    return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no VmHWM for pid " + pid);
    }

    /** A call to supervisor.sendRemoteCommEvent('big', 'x' * n) exactly {@code bodyBytes} long. */
    private static byte[] bigCall(int bodyBytes) {
        String head = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.sendRemoteCommEvent</methodName>\n"
                + "<params>\n<param>\n<value><string>big</string></value>\n</param>\n<param>\n<value><string>";
        String tail = "</string></value>\n</param>\n</params>\n</methodCall>\n";
        return (head + "x".repeat(bodyBytes - head.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    private static String post(long contentLength) {
        return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: " + contentLength
                + "\r\n\r\n";
    }

    /** Python's xmlrpc.client with supervisor's transport on the unix socket, as supervisorctl calls. */
    private static final String CLIENT = """
            import sys, xmlrpc.client
            from supervisor.xmlrpc import SupervisorTransport
            def proxy():
                return xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, sys.argv[1]))
            def outcome(call):
                try:
                    return repr(call())
                except xmlrpc.client.Fault as f:
                    return 'fault %d %s' % (f.faultCode, f.faultString)
                except xmlrpc.client.ProtocolError as e:
                    return '%d %s' % (e.errcode, e.errmsg)
                except Exception as e:
                    return type(e).__name__
            """;

    @Test
    void bodiesUpToTheLimitAreAnsweredAndBiggerOnesRefused() {
        withDaemon(daemon -> {
            String out = ReferencePython.run(CLIENT + """
                    limit = int(sys.argv[2])
                    p = proxy()
                    print(outcome(lambda: p.supervisor.sendProcessStdin('cat', 'x' * (limit - 1000))))
                    calls = [{'methodName': 'supervisor.getState', 'params': []}] * 10000
                    print(outcome(lambda: len(p.system.multicall(calls))))
                    print(outcome(lambda: p.supervisor.sendProcessStdin('cat', 'x' * (limit + 1))))
                    print(outcome(lambda: p.supervisor.sendProcessStdin('cat', 'x' * (64 * 1024 * 1024))))
                    """, "", daemon.conf().unixUrl(), String.valueOf(LIMIT));
            assertEquals(List.of("True", "10000", "413 Request Entity Too Large", "413 Request Entity Too Large"),
                    out.lines().toList());
            try (RawConnection c = RawConnection.unix(daemon.conf().socket())) {
                RawConnection.Reply reply = c.send(post(LIMIT)).send(bigCall(LIMIT)).readReply();
                assertEquals(200, reply.status(), reply.toString());
                assertTrue(reply.text().contains("<boolean>1</boolean>"), reply.text());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            // refused before a byte of the body is sent
            try (RawConnection c = RawConnection.unix(daemon.conf().socket())) {
                RawConnection.Reply reply = c.send(post(LIMIT + 1)).readReply();
                assertEquals(413, reply.status(), reply.toString());
                assertEquals("close", reply.header("Connection"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void bodiesWhoseLengthIsALieAreAnswered() {
        withDaemon(daemon -> {
            try {
                // claims a terabyte, sends a few bytes: refused at once
                try (RawConnection c = RawConnection.unix(daemon.conf().socket())) {
                    assertEquals(413, c.send(post(1L << 40)).send("<methodCall>").readReply().status());
                }
                // claims less than it sends: the call it claims is answered, the rest is a bad request
                byte[] call = "<methodCall><methodName>supervisor.getState</methodName></methodCall>"
                        .getBytes(StandardCharsets.US_ASCII);
                try (RawConnection c = RawConnection.unix(daemon.conf().socket())) {
                    RawConnection.Reply reply = c.send(post(call.length)).send(call).send("x".repeat(1000) + "\r\n\r\n")
                            .readReply();
                    assertEquals(200, reply.status(), reply.toString());
                    assertEquals(400, c.readReply().status());
                    assertTrue(c.closedByServer(RawConnection.TIMEOUT));
                }
                // claims more than it sends, then says it is done: a bad request
                try (RawConnection c = RawConnection.unix(daemon.conf().socket())) {
                    c.send(post(LIMIT)).send(call).shutdownOutput();
                    assertEquals(400, c.readToClose(RawConnection.TIMEOUT).status());
                }
                // claims more than it sends, and waits: the daemon does not wait for ever
                try (RawConnection c = RawConnection.unix(daemon.conf().socket())) {
                    RawConnection.Reply reply = c.send(post(LIMIT)).send(call).readToClose(Duration.ofSeconds(90));
                    assertEquals(408, reply.status(), reply.toString());
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void chunkedBodiesAreRefusedAsSoonAsTheyPassTheLimit() {
        withDaemon(daemon -> {
            String start = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
            String chunk = Integer.toHexString(64 * 1024) + "\r\n" + "x".repeat(64 * 1024) + "\r\n";
            try {
                // medusa knows no chunked bodies
                try (RawConnection c = RawConnection.unix(daemon.conf().socket())) {
                    assertEquals(411, c.send(start).send(chunk).send("0\r\n\r\n").readReply().status());
                }
                // past the limit, with no end in sight: answered all the same
                try (RawConnection c = RawConnection.unix(daemon.conf().socket())) {
                    c.send(start);
                    for (int sent = 0; sent <= LIMIT; sent += 64 * 1024)
                        c.send(chunk);
                    RawConnection.Reply reply = c.readReply();
                    assertEquals(413, reply.status(), reply.toString());
                    assertEquals("close", reply.header("Connection"));
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    /**
     * Many clients sending big bodies at once: ordinary ones just under the limit, ones over it,
     * and ones under it made of elements that cost dozens of bytes each once parsed. Each gets
     * its answer; none takes the heap.
     */
    @Test
    void manyBigBodiesAtOnceAreAllAnswered() {
        withDaemon(daemon -> {
            String out = ReferencePython.run(CLIENT + """
                    import collections, socket, threading
                    limit = int(sys.argv[2])
                    def hostile():
                        body = (b"<methodCall><methodName>supervisor.getState</methodName><params>"
                                + b"<a/>" * ((limit - 100) // 4) + b"</params></methodCall>")
                        s = socket.socket(socket.AF_UNIX)
                        s.connect(sys.argv[1][len('unix://'):])
                        s.sendall(b'POST /RPC2 HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: %d\\r\\n\\r\\n' % len(body) + body)
                        return s.makefile('rb').readline().decode().strip()
                    kinds = {
                        'under': lambda: proxy().supervisor.sendRemoteCommEvent('big', 'x' * (limit - 1000)),
                        'over': lambda: proxy().supervisor.sendRemoteCommEvent('big', 'x' * (limit * 2)),
                        'hostile': hostile,
                    }
                    results = collections.Counter()
                    lock = threading.Lock()
                    def run(kind):
                        r = outcome(kinds[kind])
                        with lock:
                            results[kind + ' ' + r] += 1
                    threads = [threading.Thread(target=run, args=(k,)) for k in ['under'] * 12 + ['over'] * 6 + ['hostile'] * 6]
                    for t in threads: t.start()
                    for t in threads: t.join()
                    for k in sorted(results): print('%s: %d' % (k, results[k]))
                    """, "", daemon.conf().unixUrl(), String.valueOf(LIMIT));
            assertEquals(List.of("hostile 'HTTP/1.1 413 Request Entity Too Large': 6",
                    "over 413 Request Entity Too Large: 6", "under True: 12"), out.lines().toList());
        });
    }

    /**
     * A program that never reads its stdin cannot make the daemon keep all it is sent: beyond
     * 4 MiB left unread, sendProcessStdin is a fault. One that reads gets what it is sent.
     */
    @Test
    void stdinAProgramLeavesUnreadIsBounded() {
        withDaemon(daemon -> {
            String out = ReferencePython.run(CLIENT + """
                    import re
                    limit = int(sys.argv[2])
                    p = proxy()
                    for i in range(8):
                        print(re.sub(r'\\d+ bytes', 'N bytes', outcome(lambda: p.supervisor.sendProcessStdin('deaf', 'x' * (limit - 1000)))))
                    print(outcome(lambda: p.supervisor.sendProcessStdin('cat', 'hello')))
                    """, "", daemon.conf().unixUrl(), String.valueOf(LIMIT));
            List<String> lines = out.lines().toList();
            assertEquals(9, lines.size(), out);
            assertEquals("True", lines.getFirst(), out);
            assertEquals(List.of("fault 30 FAILED: deaf: stdin full (N bytes not read yet)"),
                    lines.subList(1, 8).stream().distinct().toList(), out);
            assertEquals("True", lines.getLast(), out);
        });
    }

    /**
     * A client that sends a big body and stops holds room in the daemon until its deadline; what
     * supervisorctl sends still gets through at once, and another big body waits, then gets 503.
     */
    @Test
    void aStalledBigBodyDoesNotLockOutSupervisorctl() {
        withDaemon(daemon -> {
            try (RawConnection stalled = RawConnection.unix(daemon.conf().socket())) {
                stalled.send(post(LIMIT)).send("<methodCall>");
                ExecResult status = HostRunner.INSTANCE.run(Duration.ofSeconds(60),
                        List.of(ReferencePython.SUPERVISORCTL.toString(), "-c", daemon.conf().file().toString(), "status"));
                assertEquals(0, status.exitCode(), status.toString());
                assertTrue(status.stdout().contains("RUNNING"), status.toString());
                String out = ReferencePython.run(CLIENT + """
                        p = proxy()
                        print(outcome(lambda: p.supervisor.sendRemoteCommEvent('big', 'x' * 1000000)))
                        """, "", daemon.conf().unixUrl());
                assertEquals("503 Service Unavailable", out.strip());
                assertEquals(408, stalled.readToClose(Duration.ofSeconds(90)).status());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }
}
