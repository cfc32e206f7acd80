package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.Poll;

/** Output capture, reaping and stdin through the single I/O thread, with real children. */
class IoLoopTest {
    private IoLoop loop;

    @BeforeEach
    void start() {
        loop = new IoLoop("io-loop-test", FailureReport.STDERR);
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    @Test
    void exitCodeAndSignalDeathAreTellApart() throws Exception {
        Captured exit143 = Captured.run(loop, Captured.sh("exit 143"));
        WaitStatus s = exit143.await();
        assertTrue(s.exited());
        assertEquals(143, s.exitstatus());
        assertEquals("exit status 143", s.describe());

        Captured term = Captured.run(loop, Captured.request("/bin/sleep", "sleep", "30"));
        assertEquals(0, Posix.kill(term.child.pid(), Signals.SIGTERM));
        s = term.await();
        assertFalse(s.exited());
        assertEquals(-1, s.exitstatus());
        assertEquals(Signals.SIGTERM, s.termsig());
        assertEquals("terminated by SIGTERM", s.describe());
        assertEquals(Libc.ESRCH, Posix.kill(term.child.pid(), Signals.SIGTERM), "reaped: pid gone");
    }

    @Test
    void coreDumpIsDescribed(@TempDir Path dir) throws Exception {
        SpawnRequest req = new SpawnRequest("/bin/sh", List.of("sh", "-c", "ulimit -c unlimited 2>/dev/null; kill -SEGV $$"),
                Captured.ENV, dir.toString(), null, null, false);
        WaitStatus s = Captured.run(loop, req).await();
        assertEquals(Signals.name(11), Signals.name(s.termsig()));
        assumeTrue(s.coreDumped(), "this machine did not write a core: " + s);
        assertEquals("terminated by SIGSEGV (core dumped)", s.describe());
        assertEquals(-1, s.exitstatus());
    }

    @Test
    void outputIsDeliveredBeforeTheExit() throws Exception {
        // Many children that write and exit immediately: the race between pidfd and pipe readiness.
        List<Captured> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(Captured.run(loop, Captured.sh("i=0; while [ $i -lt 200 ]; do echo line$i; echo err$i >&2; "
                    + "i=$((i+1)); done; exit " + (i % 3))));
        }
        StringBuilder expectedOut = new StringBuilder(), expectedErr = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            expectedOut.append("line").append(i).append('\n');
            expectedErr.append("err").append(i).append('\n');
        }
        for (int i = 0; i < all.size(); i++) {
            Captured c = all.get(i);
            CompletableFuture<String> atExit = c.exit.thenApply(st -> c.out() + "|" + c.err());
            assertEquals(WaitStatus.exited(i % 3), c.await());
            assertEquals(expectedOut + "|" + expectedErr, atExit.get(), "output complete when the exit is told");
        }
    }

    @Test
    void floodIsCapturedByteExact(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.bin");
        byte[] block = new byte[1 << 20];
        Random random = new Random(42);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (var os = Files.newOutputStream(big)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(block);
                os.write(block);
                expected.update(block);
            }
        }
        byte[] expectedBig = expected.digest();
        Path small = dir.resolve("small.bin");
        Files.write(small, java.util.Arrays.copyOf(block, 5 << 20 >> 2));
        byte[] expectedSmall = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(small));

        List<Digesting> all = new ArrayList<>();
        all.add(new Digesting(loop, Captured.request("/bin/cat", "cat", big.toString())));
        for (int i = 0; i < 6; i++) {
            all.add(new Digesting(loop, Captured.sh("cat " + small + "; cat " + small + " >&2")));
        }
        for (Digesting d : all) {
            assertEquals(WaitStatus.exited(0), d.exit.get(120, TimeUnit.SECONDS));
        }
        assertEquals(100L << 20, all.get(0).outBytes.get());
        assertArrayEquals(expectedBig, all.get(0).outDigestAtExit);
        for (Digesting d : all.subList(1, all.size())) {
            assertArrayEquals(expectedSmall, d.outDigestAtExit);
            assertArrayEquals(expectedSmall, d.errDigestAtExit);
        }
    }

    /** Hashes a stream as it arrives; the digest is taken inside the exit callback. */
    private static final class Digesting {
        final MessageDigest out = sha256(), err = sha256();
        final AtomicLong outBytes = new AtomicLong();
        final CompletableFuture<WaitStatus> exit = new CompletableFuture<>();
        volatile byte[] outDigestAtExit, errDigestAtExit;

        Digesting(IoLoop loop, SpawnRequest req) throws SpawnException {
            loop.register(Spawner.spawn(req), (b, o, l) -> {
                out.update(b, o, l);
                outBytes.addAndGet(l);
            }, err::update, status -> {
                outDigestAtExit = out.digest();
                errDigestAtExit = err.digest();
                exit.complete(status);
            });
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void fiveHundredChildrenNeedNoThreadEach() throws Exception {
        assertEquals(0, Posix.setRlimitNofile(4096), "minfds");
        assertTrue(Posix.getRlimitNofile()[0] == -1 || Posix.getRlimitNofile()[0] >= 4096);
        List<Captured> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            all.add(Captured.run(loop, Captured.request("/bin/sleep", "sleep", "600")));
        }
        long spawnNanos = System.nanoTime() - t0;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("500 children: %.2f ms per spawn+register, %d JVM threads, %d watched%n",
                spawnNanos / 500 / 1e6, threads, loop.size());
        assertEquals(500, loop.size());
        assertTrue(threads < 60, "JVM threads with 500 children: " + threads);
        for (Captured c : all) {
            assertEquals(0, Posix.kill(c.child.pid(), Signals.SIGKILL));
        }
        for (Captured c : all) {
            assertEquals("terminated by SIGKILL", c.await().describe());
        }
        assertEquals(0, loop.size());
    }

    @Test
    void stdinRoundTripThroughCat() throws Exception {
        Captured c = Captured.run(loop, Captured.request("/bin/cat", "cat"));
        assertTrue(loop.writeStdin(c.child, "hello\n".getBytes(StandardCharsets.UTF_8)));
        Poll.until(SpawnerTest.WAIT, "echo from cat", c::out, "hello\n"::equals);
        // More than a pipe holds: the rest must be flushed when the pipe drains.
        byte[] big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        assertTrue(loop.writeStdin(c.child, big));
        assertTrue(loop.writeStdin(c.child, "tail\n".getBytes(StandardCharsets.UTF_8)));
        Poll.until(SpawnerTest.WAIT, "all of stdin echoed", c.out::size, n -> n == 6 + big.length + 5);
        loop.closeStdin(c.child);
        assertEquals(WaitStatus.exited(0), c.await(), "cat ends on EOF");
        byte[] echoed;
        synchronized (c.out) {
            echoed = c.out.toByteArray();
        }
        assertArrayEquals(big, java.util.Arrays.copyOfRange(echoed, 6, 6 + big.length));
        assertFalse(loop.writeStdin(c.child, new byte[] {1}), "after exit");
    }

    /** What a child leaves unread is counted, per child and for all, and nothing of it stays once it is gone. */
    @Test
    void unreadStdinIsCountedUntilWrittenOrDropped() throws Exception {
        Captured deaf = Captured.run(loop, Captured.request("/bin/sleep", "sleep", "30"));
        Captured cat = Captured.run(loop, Captured.request("/bin/cat", "cat"));
        byte[] big = new byte[2 << 20];
        assertTrue(loop.writeStdin(deaf.child, big));
        long unread = loop.queuedStdin(deaf.child);
        // the pipe takes what it holds (64 KiB by default); the rest waits in the daemon
        assertTrue(unread > big.length - (1 << 20) && unread < big.length, unread + " bytes unread");
        assertEquals(unread, loop.queuedStdin());
        assertTrue(loop.writeStdin(cat.child, new byte[3 << 20]));
        Poll.until(SpawnerTest.WAIT, "cat to read all it was sent", () -> loop.queuedStdin(cat.child) == 0);
        assertEquals(unread, loop.queuedStdin());
        Posix.kill(deaf.child.pid(), Signals.SIGKILL);
        deaf.await();
        assertEquals(0, loop.queuedStdin(deaf.child));
        assertEquals(0, loop.queuedStdin());
        loop.closeStdin(cat.child);
        cat.await();
    }

    @Test
    void writeToAClosedStdinFailsWithEpipe() throws Exception {
        Captured c = Captured.run(loop, Captured.sh("exec 0<&-; echo closed; exec sleep 30"));
        Poll.until(SpawnerTest.WAIT, "child closing its stdin", c::out, "closed\n"::equals);
        assertFalse(loop.writeStdin(c.child, "x".getBytes(StandardCharsets.UTF_8)));
        assertFalse(loop.writeStdin(c.child, "y".getBytes(StandardCharsets.UTF_8)), "stays closed");
        Posix.kill(c.child.pid(), Signals.SIGKILL);
        c.await();
    }

    @Test
    void closedStdinRefusesWrites() throws Exception {
        Captured c = Captured.run(loop, Captured.request("/bin/cat", "cat"));
        loop.closeStdin(c.child);
        assertFalse(loop.writeStdin(c.child, new byte[] {1}));
        assertEquals(WaitStatus.exited(0), c.await());
    }

    @Test
    void jdkProcessesAreNotReapedByUs() throws Exception {
        List<Captured> ours = new ArrayList<>();
        List<Process> jdk = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ours.add(Captured.run(loop, Captured.sh("exit 3")));
            jdk.add(new ProcessBuilder("/bin/sh", "-c", "exit 7").start());
        }
        for (Captured c : ours) {
            assertEquals(WaitStatus.exited(3), c.await());
        }
        for (Process p : jdk) {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(7, p.exitValue());
        }
    }

    @Test
    void outputSinkFailureIsReportedAndDoesNotStopTheLoop() throws Exception {
        List<String> reported = new CopyOnWriteArrayList<>();
        try (IoLoop reporting = new IoLoop("reporting-io", (what, failure) -> reported.add(what + ": "
                + failure.getMessage()))) {
            CompletableFuture<WaitStatus> exit = new CompletableFuture<>();
            Child child = Spawner.spawn(Captured.sh("echo boom"));
            reporting.register(child, (b, o, l) -> {
                throw new IllegalStateException("sink broke");
            }, null, exit::complete);
            assertEquals(WaitStatus.exited(0), exit.get(30, TimeUnit.SECONDS));
            assertEquals(List.of("output sink of pid " + child.pid() + ": sink broke"), reported);
            Captured after = Captured.run(reporting, Captured.sh("echo still"));
            after.await();
            assertEquals("still\n", after.out());
        }
    }

    @Test
    void closeStopsTheThread() throws Exception {
        IoLoop other = new IoLoop("closing-io", FailureReport.STDERR);
        Captured c = Captured.run(other, Captured.request("/bin/sleep", "sleep", "30"));
        other.close();
        assertEquals(0, other.size());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("closing-io")));
        assertEquals(0, Posix.kill(c.child.pid(), Signals.SIGKILL), "child left running, not reaped");
    }
}
