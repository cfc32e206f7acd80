package supervisor.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import supervisor.posix.Child;
import supervisor.posix.ExitHandler;
import supervisor.posix.OutputSink;
import supervisor.posix.SpawnException;
import supervisor.posix.SpawnRequest;
import supervisor.posix.WaitStatus;

/** A process host whose children exist only on paper: the test decides when they exit. */
final class ScriptedHost implements ProcessHost {
    record Kill(int pid, int signal) {
    }

    final List<SpawnRequest> spawned = new ArrayList<>();
    final List<Kill> kills = new ArrayList<>();
    private final Map<Integer, ExitHandler> alive = new HashMap<>();
    private int nextPid = 1000;

    @Override
    public Child spawn(SpawnRequest request, OutputSink stdout, OutputSink stderr, ExitHandler exited)
            throws SpawnException {
        spawned.add(request);
        int pid = nextPid++;
        alive.put(pid, exited);
        return new Child(pid, -1, -1, -1, -1);
    }

    @Override
    public int kill(int pid, int signal) {
        kills.add(new Kill(pid, signal));
        return 0;
    }

    @Override
    public boolean writeStdin(Child child, byte[] data) {
        return alive.containsKey(child.pid());
    }

    /** The child exits: its exit handler runs as the I/O thread would call it. */
    void exit(int pid, WaitStatus status) {
        ExitHandler h = alive.remove(pid);
        if (h == null) {
            throw new IllegalStateException("no live child " + pid);
        }
        h.exited(status);
    }

    boolean isAlive(int pid) {
        return alive.containsKey(pid);
    }
}
