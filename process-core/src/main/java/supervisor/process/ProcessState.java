package supervisor.process;

import java.util.EnumSet;
import java.util.Set;

/** The states of a supervised process, with the codes the XML-RPC API reports. */
public enum ProcessState {
    STOPPED(0),
    STARTING(10),
    RUNNING(20),
    BACKOFF(30),
    STOPPING(40),
    EXITED(100),
    FATAL(200),
    UNKNOWN(1000);

    /** Not running: {@code status} exits 3 for these, and a group of them can be removed. */
    public static final Set<ProcessState> STOPPED_STATES = EnumSet.of(STOPPED, EXITED, FATAL, UNKNOWN);
    /** startProcess answers ALREADY_STARTED for these; stopProcess accepts them. */
    public static final Set<ProcessState> RUNNING_STATES = EnumSet.of(RUNNING, BACKOFF, STARTING);
    /** signalProcess accepts these. */
    public static final Set<ProcessState> SIGNALLABLE_STATES = EnumSet.of(RUNNING, STARTING, STOPPING);

    public final int code;

    ProcessState(int code) {
        this.code = code;
    }

    public boolean isStopped() {
        return STOPPED_STATES.contains(this);
    }
}
