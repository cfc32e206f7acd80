package supervisor.process;

import static supervisor.process.ProcessState.BACKOFF;
import static supervisor.process.ProcessState.EXITED;
import static supervisor.process.ProcessState.FATAL;
import static supervisor.process.ProcessState.RUNNING;
import static supervisor.process.ProcessState.STARTING;
import static supervisor.process.ProcessState.STOPPED;
import static supervisor.process.ProcessState.STOPPING;
import static supervisor.process.ProcessState.UNKNOWN;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * supervisord 4.2.5's process state graph: every {@code change_state()} of process.py, from the
 * states its {@code _assertInState()} (or its branch) allows.
 */
final class StateGraph {
    private static final Map<ProcessState, Set<ProcessState>> EDGES = new EnumMap<>(ProcessState.class);

    static {
        // spawn(): from EXITED, FATAL, BACKOFF or STOPPED
        EDGES.put(STOPPED, EnumSet.of(STARTING));
        EDGES.put(EXITED, EnumSet.of(STARTING));
        EDGES.put(FATAL, EnumSet.of(STARTING));
        // spawn() again; kill() in BACKOFF; give_up()
        EDGES.put(BACKOFF, EnumSet.of(STARTING, STOPPED, FATAL));
        // spawn error or exited too quickly; transition() or finish() after startsecs; kill();
        // signal() failing (kill() goes to STOPPING before it signals, so it fails from there)
        EDGES.put(STARTING, EnumSet.of(BACKOFF, RUNNING, STOPPING, UNKNOWN));
        // finish(); kill(); signal() failing
        EDGES.put(RUNNING, EnumSet.of(EXITED, STOPPING, UNKNOWN));
        // finish() after a stop; kill() or signal() failing
        EDGES.put(STOPPING, EnumSet.of(STOPPED, UNKNOWN));
        // Nothing leaves UNKNOWN in process.py: spawn() asserts it is not there, and when its child
        // is reaped finish() asserts STOPPING, STARTING or RUNNING, so supervisord dies of an
        // AssertionError. See AFTER_UNKNOWN.
        EDGES.put(UNKNOWN, EnumSet.noneOf(ProcessState.class));
    }

    /**
     * Where this implementation goes instead of dying when the child of a process in UNKNOWN is
     * reaped: STOPPED if a stop was under way, else BACKOFF or EXITED by how long it ran, the rule
     * finish() applies to any other exit. Not supervisord's model, which has no such edge.
     */
    static final Set<ProcessState> AFTER_UNKNOWN = EnumSet.of(STOPPED, BACKOFF, EXITED);

    private StateGraph() {
    }

    /** True when process.py has a change_state() from {@code from} to {@code to}. */
    static boolean isEdge(ProcessState from, ProcessState to) {
        return EDGES.get(from).contains(to);
    }
}
