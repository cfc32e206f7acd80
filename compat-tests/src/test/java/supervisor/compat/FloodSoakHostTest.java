package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.rpc.XmlRpcClient;
import supervisor.testing.Poll;

/**
 * A child writes 1 GiB to stdout as fast as it can, into a log that rotates at 100 MB: the
 * daemon, in its default 96 MB heap, keeps every byte, in order, across the rotations, and
 * answers XML-RPC calls all along.
 */
@Tag("soak")
class FloodSoakHostTest {

    /** 64-byte lines (flood.py): 2^24 of them are 1 GiB. */
    private static final long LINES = 1L << 24;
    private static final long BYTES = LINES * 64;
    private static final long MAX_BYTES = 100L * 1024 * 1024;
    private static final int BACKUPS = 20;
    /** The launcher's -Xmx (scripts/daemon-jvm.sh): the point is that the default heap suffices. */
    private static final long DEFAULT_HEAP = 96L * 1024 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(300);
    /** Far beyond any answer's time, even while the daemon is busy: a call past it was never answered. */
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    private static final long PACE_MILLIS = 10;

    @TempDir
    Path base;

    @Test
    void aGibibyteFloodIsLoggedWhole() throws Exception {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base);
        long free = Files.getFileStore(conf.dir()).getUsableSpace();
        assertTrue(free > 3 * BYTES, "the flood needs 3 GiB free under " + conf.dir() + ", there are " + free + " bytes");
        Path script = install(conf.dir(), "flood.py");
        Path side = conf.dir().resolve("flood.sum");
        Path log = conf.dir().resolve("flood.log");
        conf.program("flood", HostRunner.INSTANCE.python() + " " + script + " " + LINES + " " + side,
                "autostart=false", "stdout_logfile=" + log, "stdout_logfile_maxbytes=100MB",
                "stdout_logfile_backups=" + BACKUPS);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (Supervisord daemon = Supervisord.start(Implementation.OURS, conf);
                XmlRpcClient rpc = new XmlRpcClient(conf.unixUrl())) {
            assertEquals(DEFAULT_HEAP, Vitals.maxHeapBytes(daemon.pid()),
                    "the daemon runs with the launcher's default heap (is SUPERVISORD_JAVA_OPTS set?)");
            Object pid = rpc.call("supervisor.getPID");
            Vitals before = Vitals.of(daemon.pid());

            long started = System.nanoTime();
            assertEquals(true, rpc.call("supervisor.startProcess", "flood", false));
            AtomicBoolean flooding = new AtomicBoolean(true);
            Future<Calls> calls = caller.submit(() -> callWhile(conf, flooding));
            daemon.awaitState("flood", "EXITED", DEADLINE);
            Map<?, ?> info = (Map<?, ?>) rpc.call("supervisor.getProcessInfo", "flood");
            if (((Number) info.get("exitstatus")).intValue() != 0) {
                throw new AssertionError("flood failed: " + info + "\n"
                        + rpc.call("supervisor.tailProcessStderrLog", "flood", 0, 2000));
            }
            String[] sum = Files.readString(side).strip().split(" ");
            assertEquals(BYTES, Long.parseLong(sum[0]), "flood wrote what it was asked to");
            Poll.until(DEADLINE, "all " + BYTES + " bytes in flood's logs", () -> size(logs(log)), n -> n == BYTES);
            double seconds = (System.nanoTime() - started) / 1e9;
            flooding.set(false);
            Calls answered = await(calls);

            List<Path> logs = logs(log);
            assertEquals(sum[1], sha256(logs), "the logs, oldest backup first, hold exactly what flood wrote");
            assertTrue(answered.count() > 0, "no call was answered during the flood");
            assertTrue(daemon.isAlive(), "the daemon is alive");
            // a JVM may live on after an OutOfMemoryError in one of its threads: alive is not enough
            String activity = Files.readString(conf.dir().resolve("supervisord.log"));
            assertFalse(activity.contains("OutOfMemoryError") || daemon.output().contains("OutOfMemoryError"),
                    "the daemon ran out of heap");
            assertEquals(pid, rpc.call("supervisor.getPID"), "the daemon that answers is the one that started");
            Vitals after = Vitals.of(daemon.pid());
            System.out.printf("SOAK flood bytes=%d seconds=%.1f MB/s=%.0f files=%d rpcDuringFlood=%d slowestMs=%d "
                    + "heapAfterGC=%s..%sMB maxHeap=%sMB%n", BYTES, seconds, BYTES / 1e6 / seconds, logs.size(),
                    answered.count(), answered.slowestMillis(), VitalsCurve.mb(before.heapAfterGcBytes()),
                    VitalsCurve.mb(after.heapAfterGcBytes()), VitalsCurve.mb(DEFAULT_HEAP));
        } finally {
            caller.shutdownNow();
        }
    }

    private record Calls(long count, long slowestMillis) {
    }

    /**
     * While the flood lasts, asks what supervisorctl status and tail ask, on one connection, some
     * fifty times a second each, and checks each answer; a tail of flood's log reads the file the
     * rotations keep replacing.
     */
    private static Calls callWhile(SupervisorConf conf, AtomicBoolean flooding) throws IOException, InterruptedException {
        long count = 0;
        long slowest = 0;
        try (XmlRpcClient rpc = new XmlRpcClient(conf.unixUrl())) {
            while (flooding.get()) {
                long t = System.nanoTime();
                assertEquals("RUNNING", ((Map<?, ?>) rpc.call("supervisor.getState")).get("statename"));
                assertEquals(3, ((List<?>) rpc.call("supervisor.tailProcessStdoutLog", "flood", 0, 1000)).size());
                slowest = Math.max(slowest, (System.nanoTime() - t) / 1_000_000);
                count += 2;
                // a client's pace, not a wait: calls without pause would take the cores the flood needs
                Thread.sleep(PACE_MILLIS);
            }
        }
        return new Calls(count, slowest);
    }

    private static Calls await(Future<Calls> calls) throws InterruptedException {
        try {
            return calls.get(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("a call made during the flood was not answered within " + CALL_DEADLINE);
        } catch (ExecutionException e) {
            throw new AssertionError("a call during the flood: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The backups, oldest (highest number) first, then the current log: the order the bytes were written in. */
    private static List<Path> logs(Path log) {
        List<Path> logs = new ArrayList<>();
        for (int k = BACKUPS; k >= 1; k--) {
            Path backup = log.resolveSibling(log.getFileName() + "." + k);
            if (Files.exists(backup)) {
                logs.add(backup);
            }
        }
        logs.add(log);
        return logs;
    }

    private static long size(List<Path> files) throws IOException {
        long total = 0;
        for (Path f : files) {
            total += Files.exists(f) ? Files.size(f) : 0;
        }
        return total;
    }

    private static String sha256(List<Path> files) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Copies a script from the test resources into the scenario's folder. */
    private static Path install(Path dir, String name) {
        Path target = dir.resolve(name);
        try (InputStream in = FloodSoakHostTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
