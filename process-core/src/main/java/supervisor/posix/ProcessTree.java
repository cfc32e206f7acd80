package supervisor.posix;

import java.util.Map;

/**
 * Every process a supervised program started, however far it went: children that called
 * {@code setsid()} or changed their process group, and orphans the kernel handed to another
 * parent. {@code kill_tree} stops them all with the program. Two ways to know them:
 * {@link CgroupTree} (a cgroup v2 of the program's own, which nothing leaves) where the daemon
 * may create one, else {@link TrackedTree} (the parent links in /proc, plus the
 * {@code SUPERVISOR_*} variables every descendant inherits).
 *
 * <p>The program's own process (the root) is never signalled here: the state machine signals it
 * as supervisord does, this adds the rest.
 */
public interface ProcessTree {

    /** The {@code cgroup.procs} file the child is to enter before it runs the program; null for none. */
    default String cgroupProcs() {
        return null;
    }

    /** A new root was spawned with this environment. */
    void spawned(int pid, Map<String, String> environment);

    /**
     * Sends {@code sig} to every member alive but the root, leaving out the members of process
     * group {@code skipGroup} (already signalled as a group; 0 leaves out none). SIGKILL reaches
     * the root too. Returns how many were signalled.
     */
    int signal(int sig, int skipGroup);

    /** True when no member but the root is alive (zombies are not alive). */
    boolean isEmpty();

    /** The tree is not needed any more (its program was removed, or the daemon ends). */
    default void close() {
    }

    /** Makes the tree of one program; {@code namespec} names it. */
    @FunctionalInterface
    interface Factory {
        ProcessTree of(String namespec);
    }
}
