package supervisor.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import supervisor.posix.Child;
import supervisor.posix.ExitHandler;
import supervisor.posix.OutputSink;
import supervisor.posix.ProcessTree;
import supervisor.posix.SpawnException;
import supervisor.posix.SpawnRequest;
import supervisor.posix.WaitStatus;

/** A process host whose children exist only on paper: the test decides when they exit. */
public final class ScriptedHost implements ProcessHost {
    public record Kill(int pid, int signal) {
    }

    public final List<SpawnRequest> spawned = new ArrayList<>();
    public final List<Kill> kills = new ArrayList<>();
    /** One attempt of a check asked for; the test completes its answer (or leaves it hanging). */
    public record Probe(supervisor.check.Check check, long boundMillis,
                        java.util.concurrent.CompletableFuture<Boolean> answer) {
    }

    /** Every check attempt asked for, in order. */
    public final List<Probe> probes = new ArrayList<>();
    private final Map<Integer, ExitHandler> alive = new HashMap<>();
    private final Map<Integer, OutputSink> stdouts = new HashMap<>();
    /** Everything written to each child's stdin. */
    final Map<Integer, StringBuilder> stdin = new HashMap<>();
    /** What {@link #tree} answers for every kill_tree program; null for none. */
    public ProcessTree tree;
    private int nextPid = 1000;
    private int spawnErrno;
    private Behaviour behaviour = new Behaviour() { };

    /**
     * How the children behave when no test step says otherwise, for tests that leave many of them
     * to a script of their own: which spawns fail, and what a signal does to a child.
     */
    public interface Behaviour {
        /** The errno this spawn fails with before any child exists (ENOENT, EAGAIN...), or 0 to spawn it. */
        default int spawnErrno(SpawnRequest request) {
            return 0;
        }

        /** A child was spawned with this pid. */
        default void spawned(int pid, SpawnRequest request) {
        }

        /**
         * A signal was sent ({@code pid} negative for the child's process group): whatever the child
         * does about it, and the errno kill() reports (0: delivered; EPERM: the child is beyond reach).
         */
        default int signalled(int pid, int signal) {
            return 0;
        }
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** The next spawn fails before any child exists, with this errno (EAGAIN, EMFILE...). */
    public void failNextSpawn(int errno) {
        spawnErrno = errno;
    }

    @Override
    public Child spawn(SpawnRequest request, OutputSink stdout, OutputSink stderr, ExitHandler exited)
            throws SpawnException {
        if (spawnErrno != 0) {
            int errno = spawnErrno;
            spawnErrno = 0;
            throw new SpawnException(errno, "fork");
        }
        int errno = behaviour.spawnErrno(request);
        if (errno != 0) {
            throw new SpawnException(errno, "fork");
        }
        spawned.add(request);
        int pid = nextPid++;
        alive.put(pid, exited);
        stdouts.put(pid, stdout);
        behaviour.spawned(pid, request);
        return new Child(pid, -1, -1, -1, -1);
    }

    @Override
    public supervisor.check.Prober prober() {
        return (check, bound) -> {
            Probe p = new Probe(check, bound, new java.util.concurrent.CompletableFuture<>());
            probes.add(p);
            return p.answer();
        };
    }

    /** The last check attempt asked for. */
    public Probe lastProbe() {
        return probes.getLast();
    }

    @Override
    public ProcessTree tree(String namespec) {
        return tree;
    }

    @Override
    public int kill(int pid, int signal) {
        kills.add(new Kill(pid, signal));
        return behaviour.signalled(pid, signal);
    }

    @Override
    public boolean writeStdin(Child child, byte[] data) {
        if (!alive.containsKey(child.pid())) {
            return false;
        }
        stdin.computeIfAbsent(child.pid(), k -> new StringBuilder())
                .append(new String(data, java.nio.charset.StandardCharsets.UTF_8));
        return true;
    }

    /** The child writes to its stdout, as the I/O thread would deliver it. */
    public void stdout(int pid, String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        stdouts.get(pid).output(b, 0, b.length);
    }

    /** What the child has read on its stdin so far. */
    public String stdinOf(int pid) {
        return stdin.getOrDefault(pid, new StringBuilder()).toString();
    }

    /** The child exits: its exit handler runs as the I/O thread would call it. */
    public void exit(int pid, WaitStatus status) {
        ExitHandler h = alive.remove(pid);
        if (h == null) {
            throw new IllegalStateException("no live child " + pid);
        }
        stdouts.remove(pid); // its output was all delivered before the exit
        h.exited(status);
    }

    public boolean isAlive(int pid) {
        return alive.containsKey(pid);
    }

    /** How many children have been spawned and have not exited. */
    public int aliveCount() {
        return alive.size();
    }
}
