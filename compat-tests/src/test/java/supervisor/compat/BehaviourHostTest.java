package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/**
 * Process behaviour a supervisorctl user notices beyond the command replies themselves: what the
 * daemon's own log (read back with {@code maintail}) says while it waits for processes.
 */
class BehaviourHostTest extends CompatSuite {

    /** Exits a second after SIGTERM, so every stop of it has to be waited for. */
    private static final String SLOW_TO_STOP = "/bin/sh -c 'trap \"sleep 1; exit 0\" TERM; while true; do sleep 0.1; done'";

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /**
     * A waited-for stop is reported at once ("waiting for b to stop"), not two seconds later, and
     * so is a restart that waits for the rest ("waiting for a to die"), not three seconds later.
     * Both processes stop within a second, so each wait is reported exactly once; a second stop
     * of b, less than two seconds after the first report, is reported again.
     */
    @AgainstBoth
    void waitingReportsComeAtOnce(Implementation impl) {
        scenario(impl, conf -> conf.program("a", SLOW_TO_STOP, "startsecs=1").program("b", SLOW_TO_STOP), s -> {
            s.awaitState("a", "RUNNING");
            s.awaitState("b", "RUNNING");
            SupervisorctlSuite.expect(s.ctl("stop", "b"), 0, "b: stopped");
            SupervisorctlSuite.expect(s.ctl("start", "b"), 0, "b: started");
            SupervisorctlSuite.expect(s.ctl("stop", "b"), 0, "b: stopped");
            SupervisorctlSuite.expect(s.ctl("reload"), 0, "Restarted supervisord");
            s.awaitState("a", "RUNNING");
            List<String> waiting = s.ctlUnrecorded("maintail", "-20000").lines().stream()
                    .filter(l -> l.contains(" waiting for "))
                    .map(l -> l.replaceFirst("^\\S+ \\S+ ", ""))
                    .toList();
            s.note("waiting reports: " + waiting);
            assertEquals(List.of("INFO waiting for b to stop", "INFO waiting for b to stop", "INFO waiting for a to die"), waiting);
        });
    }
}
