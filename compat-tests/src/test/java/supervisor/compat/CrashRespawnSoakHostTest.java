package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.rpc.XmlRpcClient;
import supervisor.testing.Poll;

/**
 * Programs that crash as soon as they start, respawned again and again by autorestart, 10,000
 * times over: the daemon's open descriptors, threads and live heap stay where they were.
 * Every child had pipes, log files and a reaping; one of them kept per cycle is a leak this
 * finds. Ours paces a program that crashes at once (ten autorestarts a second, README), so many
 * programs crash side by side to reach the count in CI's time.
 */
@Tag("soak")
class CrashRespawnSoakHostTest {

    private static final int CYCLES = 10_000;
    private static final int SAMPLE_EVERY = 1_000;
    private static final int PROGRAMS = 40;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path base;

    /**
     * Each child prints a line on stdout and on stderr and exits 3, unexpected, so autorestart
     * spawns it again; every 1,000 spawns a pause file makes the next ones exit 0, expected, so
     * that all of them come to rest in EXITED and the daemon is sampled with no child alive.
     * Then the group is started again over XML-RPC.
     */
    @Test
    void tenThousandCrashesLeaveNothingBehind() {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base);
        Path pause = conf.dir().resolve("pause");
        touch(pause);
        conf.program("crash", "/bin/sh -c \"echo out; echo err >&2; test -e " + pause + " && exit 0; exit 3\"",
                "process_name=%(program_name)s_%(process_num)02d", "numprocs=" + PROGRAMS,
                "autorestart=unexpected", "exitcodes=0");
        try (Supervisord daemon = Supervisord.start(Implementation.OURS, conf);
                XmlRpcClient rpc = new XmlRpcClient(conf.unixUrl())) {
            SpawnCounter spawns = new SpawnCounter(conf.dir().resolve("supervisord.log"));
            VitalsCurve curve = new VitalsCurve();
            long started = System.nanoTime();
            curve.add(atRest(daemon, rpc, spawns), Vitals.of(daemon.pid()));
            for (int target = SAMPLE_EVERY; target <= CYCLES; target += SAMPLE_EVERY) {
                Files.delete(pause);
                rpc.call("supervisor.startProcessGroup", "crash", false);
                int goal = target;
                Poll.until(DEADLINE, goal + " spawns", spawns::count, n -> n >= goal, daemon::output);
                touch(pause);
                curve.add(atRest(daemon, rpc, spawns), Vitals.of(daemon.pid()));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("SOAK crash-respawn cycles=%d programs=%d seconds=%.1f %s %s%n", spawns.count(),
                    PROGRAMS, seconds, curve.summary(), curve);
            assertTrue(spawns.count() >= CYCLES);
            curve.assertFlat("after " + spawns.count() + " spawns", 2, 2, 1L << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until every crash process has exited expectedly (nothing alive, nothing about to be
     * respawned) and the daemon has reaped them all; returns the spawns so far.
     */
    private static long atRest(Supervisord daemon, XmlRpcClient rpc, SpawnCounter spawns) throws IOException {
        Poll.until(DEADLINE, "every crash process to rest in EXITED with status 0", () -> {
            List<?> all = (List<?>) rpc.call("supervisor.getAllProcessInfo");
            assertEquals(PROGRAMS, all.size(), all::toString);
            return all.stream().map(Map.class::cast).allMatch(
                    info -> "EXITED".equals(info.get("statename")) && ((Number) info.get("exitstatus")).intValue() == 0);
        });
        ProcessHandle self = ProcessHandle.of(daemon.pid()).orElseThrow();
        Poll.until(DEADLINE, "the daemon to have no child left (none unreaped)", () -> self.children().count() == 0);
        return spawns.count();
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
