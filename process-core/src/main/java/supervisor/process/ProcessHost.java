package supervisor.process;

import supervisor.check.Prober;
import supervisor.posix.Child;
import supervisor.posix.ExitHandler;
import supervisor.posix.IoLoop;
import supervisor.posix.OutputSink;
import supervisor.posix.Posix;
import supervisor.posix.ProcessTree;
import supervisor.posix.SpawnException;
import supervisor.posix.SpawnRequest;
import supervisor.posix.Spawner;

/**
 * What the state machine asks of the operating system. The production host spawns through
 * posix_spawn and watches children on the I/O loop; the state-machine tests use a scripted
 * host so that every transition can be driven with an injected clock.
 */
public interface ProcessHost {

    /**
     * Spawns the child and starts watching it. {@code output} receives every chunk of stdout and
     * stderr, then {@code exited} is called once with the wait status, all on the I/O thread and
     * in that order.
     */
    Child spawn(SpawnRequest request, OutputSink stdout, OutputSink stderr,
                ExitHandler exited) throws SpawnException;

    /** Sends a signal (a negative pid names a process group). Returns 0 or the errno. */
    int kill(int pid, int signal);

    /** Queues bytes for the child's stdin; false when its stdin is closed. */
    boolean writeStdin(Child child, byte[] data);

    /** Bytes queued for every child's stdin that their pipes have not taken yet. */
    default long queuedStdin() {
        return 0;
    }

    /** Bytes queued for this child's stdin that its pipe has not taken yet. */
    default long queuedStdin(Child child) {
        return 0;
    }

    /** The tree of a kill_tree program ({@code namespec}); null where this host knows no trees. */
    default ProcessTree tree(String namespec) {
        return null;
    }

    /** Runs the attempts of tcp, http and exec checks (ready_check) off the loop. */
    default Prober prober() {
        return Prober.system();
    }

    /** The host used in production: posix_spawn, pidfd and one epoll thread. */
    static ProcessHost posix(IoLoop io) {
        return posix(io, namespec -> null);
    }

    /** The same, with the trees of kill_tree programs made by {@code trees}. */
    static ProcessHost posix(IoLoop io, ProcessTree.Factory trees) {
        return new ProcessHost() {
            @Override
            public ProcessTree tree(String namespec) {
                return trees.of(namespec);
            }

            @Override
            public Child spawn(SpawnRequest request, OutputSink stdout, OutputSink stderr,
                               ExitHandler exited) throws SpawnException {
                Child child = Spawner.spawn(request);
                io.register(child, stdout, stderr, exited);
                return child;
            }

            @Override
            public int kill(int pid, int signal) {
                return Posix.kill(pid, signal);
            }

            @Override
            public boolean writeStdin(Child child, byte[] data) {
                return io.writeStdin(child, data);
            }

            @Override
            public long queuedStdin() {
                return io.queuedStdin();
            }

            @Override
            public long queuedStdin(Child child) {
                return io.queuedStdin(child);
            }
        };
    }
}
