package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;

/**
 * {@code [supervisord] remember_state} (beyond.md) with the stock supervisorctl: a program with
 * autostart=true that the operator stopped stays STOPPED, and one with autostart=false that the
 * operator started is started, after SIGHUP, {@code supervisorctl reload}, and SIGTERM followed
 * by a new start. A damaged file is logged and ignored.
 */
class RememberStateHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    private static SupervisorConf conf() {
        return SupervisorConf.in(base()).supervisord("remember_state=%(here)s/intent.state")
                .program("auto", "sleep 1000")
                .program("manual", "sleep 1000", "autostart=false")
                .program("other", "sleep 1000");
    }

    /** The stock supervisorctl against the daemon of {@code conf}. */
    private static ExecResult ctl(SupervisorConf conf, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(HostRunner.INSTANCE.supervisorctl(), "-c",
                conf.file().toString()));
        argv.addAll(List.of(args));
        return HostRunner.INSTANCE.run(Duration.ofSeconds(60), argv);
    }

    private static long runningPid(Supervisord d, String name) {
        return Poll.until(DEADLINE, name + " RUNNING", () -> "RUNNING".equals(d.probe().statename(name))
                ? d.probe().pid(name) : 0L, pid -> pid > 0);
    }

    /** The operator stops auto and starts manual; then {@code restart} restarts the daemon in place. */
    private void intentsOutlive(Consumer<Supervisord> restart) {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = conf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            runningPid(d, "auto");
            assertEquals(List.of("auto: stopped"), ctl(conf, "stop", "auto").lines());
            assertEquals(List.of("manual: started"), ctl(conf, "start", "manual").lines());
            long manual = runningPid(d, "manual");
            long other = runningPid(d, "other");
            restart.accept(d);
            // the new life has started its programs once other runs again under a new pid
            Poll.until(DEADLINE, "other restarted with the daemon", () -> {
                long pid = d.probe().pid("other");
                return pid > 0 && pid != other && "RUNNING".equals(d.probe().statename("other"));
            });
            assertTrue(runningPid(d, "manual") != manual, "manual was started again by the new life");
            assertEquals("STOPPED", d.probe().statename("auto"), "auto stays stopped");
        }
    }

    @Test
    void acrossSighup() {
        intentsOutlive(d -> HostRunner.INSTANCE.run(Duration.ofSeconds(5),
                List.of("kill", "-HUP", Long.toString(d.pid()))));
    }

    @Test
    void acrossSupervisorctlReload() {
        intentsOutlive(d -> {
            ExecResult r = ctl(d.conf(), "reload");
            assertEquals(List.of("Restarted supervisord"), r.lines(), r.toString());
        });
    }

    @Test
    void acrossSigtermAndANewStart() {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = conf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            runningPid(d, "auto");
            ctl(conf, "stop", "auto");
            ctl(conf, "start", "manual");
            runningPid(d, "manual");
            HostRunner.INSTANCE.run(Duration.ofSeconds(5), List.of("kill", "-TERM", Long.toString(d.pid())));
            assertEquals(0, d.awaitExit(DEADLINE), d.output());
        }
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            runningPid(d, "other");
            runningPid(d, "manual");
            assertEquals("STOPPED", d.probe().statename("auto"));
            // the operator changes their mind: the file follows
            ctl(conf, "start", "auto");
            ctl(conf, "stop", "manual");
        }
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            runningPid(d, "auto");
            runningPid(d, "other");
            assertEquals("STOPPED", d.probe().statename("manual"));
        }
    }

    @Test
    void aDamagedFileIsLoggedAndIgnored() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = conf();
        Path state = conf.dir().resolve("intent.state");
        Files.writeString(state, "stopped auto\n\0\0garbage");
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            runningPid(d, "auto");
            assertEquals("STOPPED", d.probe().statename("manual"), "as if there were no file");
            String log = Files.readString(conf.dir().resolve("supervisord.log"));
            assertTrue(log.contains("WARN remember_state: ignoring " + state
                    + ": line 1: expected '# supervisord remember_state 1'"), log);
            ctl(conf, "stop", "auto");
            Poll.until(DEADLINE, "the next request to replace the file",
                    () -> Files.readString(state).equals("# supervisord remember_state 1\nstopped auto\n"));
        }
    }
}
