package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import supervisor.testing.Json;
import supervisor.testing.Poll;

/**
 * A restart (SIGHUP, supervisorctl reload) stops the HTTP servers and starts new ones inside the
 * same process. Whatever clients and signals come meanwhile, supervisord answers each call or
 * refuses, resets or closes its connection, and is there again afterwards.
 */
class RestartUnderLoadHostTest extends CompatSuite {

    private static final int RESTARTS = 30;
    /** Far beyond any answer's time, even on a crowded machine; a call past it was never answered. */
    private static final int CALL_DEADLINE_SECONDS = 10;

    /** Sends SIGHUP and SIGUSR2 in turn, every 20 ms, for a few seconds. argv: pid, seconds. */
    private static final String SIGNAL_BURST = """
            import os, signal, sys, time
            pid, end = int(sys.argv[1]), time.monotonic() + float(sys.argv[2])
            try:
                while time.monotonic() < end:
                    os.kill(pid, signal.SIGHUP)
                    time.sleep(0.01)
                    os.kill(pid, signal.SIGUSR2)
                    time.sleep(0.01)
            except ProcessLookupError:
                sys.exit('the daemon has ended')
            """;

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /**
     * Clients call without pause over the unix socket and over inet, on kept-alive and on new
     * connections, while the daemon restarts again and again (SIGHUP and supervisor.restart, in
     * turn). Each call has its own deadline; one that passes it was accepted and then left
     * waiting, which supervisord never does. After the last restart the daemon answers on both
     * servers.
     */
    @AgainstBoth
    void everyCallIsAnsweredOrRefusedAcrossRestarts(Implementation impl) {
        scenario(impl, conf -> conf.program("sleeper", "sleep 1000"), s -> {
            s.awaitState("sleeper", "RUNNING");
            Path script = install(s.conf().dir(), "restart_under_load.py");
            ExecResult r = runner().run(Duration.ofSeconds(120), List.of(runner().python(), script.toString(),
                    s.conf().unixUrl(), s.conf().inetUrl(), Long.toString(s.daemon().pid()),
                    s.conf().dir().resolve("supervisord.log").toString(), Integer.toString(RESTARTS),
                    Integer.toString(CALL_DEADLINE_SECONDS)));
            assertEquals(0, r.exitCode(), () -> "the load script failed: " + r);
            Map<?, ?> report = (Map<?, ?>) Json.parse(r.stdout().strip());
            assertEquals(List.of(), report.get("hung"), () -> "calls neither answered nor refused within "
                    + CALL_DEADLINE_SECONDS + " s, as [client, seconds into the run]: " + report);
            s.note("restarts taken: " + report.get("restarts"));
            s.note("clients answered: " + ((Map<?, ?>) report.get("answered")).keySet().stream().sorted().toList());

            Poll.until(Duration.ofSeconds(30), impl + " to answer after the last restart",
                    () -> s.daemon().probe().answers());
            s.awaitState("sleeper", "RUNNING");
            s.rpc(Endpoint.unix(s.conf()), "supervisor.getState");
            s.rpc(Endpoint.inet(s.conf()), "supervisor.getState");
        });
    }

    /**
     * SIGHUP and SIGUSR2 keep coming while the daemon restarts, so some arrive between two of
     * its lives (the servers stopped, the next config not yet read): supervisord drops those and
     * goes on. The daemon is still there afterwards and answers.
     */
    @AgainstBoth
    void signalsDuringRestartsLeaveTheDaemonRunning(Implementation impl) {
        scenario(impl, conf -> conf.program("sleeper", "sleep 1000"), s -> {
            s.awaitState("sleeper", "RUNNING");
            ExecResult r = runner().run(Duration.ofSeconds(60), List.of(runner().python(), "-c", SIGNAL_BURST,
                    Long.toString(s.daemon().pid()), "3"));
            Poll.until(Duration.ofSeconds(30), impl + " to answer after the signals", () -> {
                if (!s.daemon().isAlive()) {
                    throw new AssertionError(impl + " supervisord ended during its restarts, with status "
                            + s.daemon().awaitExit(Duration.ZERO) + ":\n" + s.daemon().output());
                }
                return s.daemon().probe().answers();
            });
            assertEquals(0, r.exitCode(), () -> "the signals could not be sent: " + r);
            s.awaitState("sleeper", "RUNNING");
            s.rpc(Endpoint.unix(s.conf()), "supervisor.getState");
            s.rpc(Endpoint.inet(s.conf()), "supervisor.getState");
        });
    }

    /** Copies a script from the test resources into the scenario's folder. */
    private static Path install(Path dir, String name) {
        Path target = dir.resolve(name);
        try (InputStream in = RestartUnderLoadHostTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
