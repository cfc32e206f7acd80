package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import supervisor.testing.Command;
import supervisor.testing.Poll;

/**
 * Our daemon as a {@code Type=notify} systemd service: what it tells the notify socket, and the
 * unit file that ships beside the launcher. The socket is a test's own, named by
 * {@code NOTIFY_SOCKET} as systemd names it.
 */
class SystemdHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /**
     * READY=1 once the sockets answer and autostart has been done (the program is spawned
     * before it), watchdog pings at half WATCHDOG_USEC, RELOADING=1 with CLOCK_MONOTONIC on
     * SIGHUP and READY=1 again, STOPPING=1 at shutdown; the programs do not inherit the
     * variables.
     */
    @Test
    void systemdIsToldReadyReloadingStoppingAndPingedByTheWatchdog() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base());
        Path env = conf.dir().resolve("p.env");
        conf.program("p", "/bin/sh -c 'env > " + env + "; exec sleep 1000'");
        try (DatagramSink sink = DatagramSink.in(conf.dir(), "notify")) {
            try (Supervisord d = Supervisord.start(Implementation.OURS, conf, List.of(),
                    Map.of("NOTIFY_SOCKET", sink.socket().toString(), "WATCHDOG_USEC", "1000000"))) {
                Poll.until(DEADLINE, "READY=1", sink::texts, t -> t.contains("READY=1"));
                assertTrue(activityLog(conf).contains("spawned: 'p' with pid"),
                        "autostart was done before READY=1: " + activityLog(conf));
                Poll.until(DEADLINE, "two watchdog pings", sink::texts, t -> count(t, "WATCHDOG=1") >= 2);

                Poll.until(DEADLINE, "p's environment", () -> Files.exists(env) && Files.readString(env).contains("SUPERVISOR_"));
                String seen = Files.readString(env);
                assertFalse(seen.contains("NOTIFY_SOCKET") || seen.contains("WATCHDOG_"), seen);

                assertEquals(0, Command.of("kill", "-HUP", Long.toString(d.pid())).run().exitCode());
                DatagramSink.Datagram reloading = Poll.until(DEADLINE, "RELOADING=1", () -> sink.received().stream()
                        .filter(g -> g.text().startsWith("RELOADING=1\nMONOTONIC_USEC=")).findFirst().orElse(null),
                        g -> g != null);
                long usec = Long.parseLong(reloading.text().substring("RELOADING=1\nMONOTONIC_USEC=".length()));
                // CLOCK_MONOTONIC, as sd_notify wants it: at most the receiver's reading, and close to it
                assertTrue(usec <= reloading.usec() && usec > reloading.usec() - 60_000_000L,
                        usec + " for a datagram received at " + reloading.usec());
                Poll.until(DEADLINE, "READY=1 after the restart", sink::texts, t -> count(t, "READY=1") == 2);
                List<String> order = sink.texts().stream().filter(t -> !t.equals("WATCHDOG=1")).toList();
                assertEquals("READY=1", order.get(order.size() - 1), order.toString());
            }
            Poll.until(DEADLINE, "STOPPING=1", sink::texts, t -> t.contains("STOPPING=1"));
            List<String> order = sink.texts().stream().filter(t -> !t.equals("WATCHDOG=1"))
                    .map(t -> t.startsWith("RELOADING=1") ? "RELOADING=1" : t).distinct().toList();
            assertEquals(List.of("READY=1", "RELOADING=1", "STOPPING=1"), order);
        }
    }

    /** The unit file beside the launcher passes systemd's own check once it names this checkout. */
    @Test
    void theShippedUnitFileIsValid() throws IOException {
        Path repo = Implementation.repoRoot();
        String unit = Files.readString(repo.resolve("scripts/supervisord.service"));
        assertTrue(unit.contains("\nType=notify\n"), unit);
        Path dir = Files.createTempDirectory(base(), "unit");
        Path copy = dir.resolve("supervisord.service");
        Files.writeString(copy, unit.replace("/opt/supervisord/", repo + "/"));
        Command.Result r = Command.of("systemd-analyze", "verify", copy.toString()).run();
        assertEquals(0, r.exitCode(), "systemd-analyze verify (Debian's systemd package): " + r);
    }

    private static String activityLog(SupervisorConf conf) throws IOException {
        return Files.readString(conf.dir().resolve("supervisord.log"));
    }

    private static long count(List<String> texts, String text) {
        return texts.stream().filter(text::equals).count();
    }
}
