package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import supervisor.testing.Command;
import supervisor.testing.Poll;

/**
 * A daemon started with HUP and INT ignored, as {@code nohup} or a non-interactive shell's
 * {@code &} starts it, still restarts on SIGHUP and shuts down on SIGINT: supervisord installs its
 * handlers whatever it inherited. (The JVM, left alone, keeps an inherited SIG_IGN for them.)
 */
class InheritedSignalsHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Runs its arguments with HUP and INT ignored, as nohup and a background job leave them. */
    private static final List<String> IGNORING = List.of("/bin/sh", "-c", "trap '' HUP INT; exec \"$@\"", "sh");

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    @AgainstBoth
    void hupAndIntWorkThoughTheyWereIgnored(Implementation impl) {
        impl.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base()).program("a", "sleep 1000");
        try (Supervisord d = Supervisord.start(impl, conf, IGNORING, Map.of())) {
            d.awaitState("a", "RUNNING", DEADLINE);
            long first = d.probe().pid("a");
            assertEquals(0, Command.of("kill", "-HUP", Long.toString(d.pid())).run().exitCode());
            Poll.until(DEADLINE, "a started again by the restart SIGHUP asks for", () -> d.probe().pid("a"),
                    pid -> pid > 0 && pid != first);
            assertEquals(0, Command.of("kill", "-INT", Long.toString(d.pid())).run().exitCode());
            assertEquals(0, d.awaitExit(DEADLINE), "SIGINT is a clean shutdown:\n" + d.output());
        }
    }
}
