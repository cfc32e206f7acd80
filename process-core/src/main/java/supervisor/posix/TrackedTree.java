package supervisor.posix;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program's descendants found in /proc: each walk starts from the root, from the members found
 * by earlier walks (a pid counts only while its start time is the one seen then, so a reused pid
 * is never taken for a member) and from every process whose environment carries the program's
 * {@code SUPERVISOR_PROCESS_NAME}, {@code SUPERVISOR_GROUP_NAME} and {@code SUPERVISOR_SERVER_URL}
 * (which finds the orphans that went to the daemon as subreaper, or to init), and follows the
 * parent links down. Processes that clear their environment and were orphaned before any walk
 * saw them escape it; a cgroup does not have that gap.
 */
public final class TrackedTree implements ProcessTree {
    private static final List<String> MARKS = List.of("SUPERVISOR_PROCESS_NAME", "SUPERVISOR_GROUP_NAME",
            "SUPERVISOR_SERVER_URL");

    private final Path proc;
    private final long self;
    private long root;
    private long rootStart = -1;
    private Map<String, String> marks = Map.of();
    /** Members seen by earlier walks: pid -> start time. */
    private final Map<Long, Long> known = new HashMap<>();

    public TrackedTree() {
        this(Path.of("/proc"), ProcessHandle.current().pid());
    }

    /** @param proc a /proc, or a copy of one; @param self the daemon's pid, never a member */
    TrackedTree(Path proc, long self) {
        this.proc = proc;
        this.self = self;
    }

    @Override
    public synchronized void spawned(int pid, Map<String, String> environment) {
        root = pid;
        ProcessTable.Stat s = ProcessTable.stat(proc, pid);
        rootStart = s == null ? -1 : s.starttime();
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : MARKS) {
            if (environment.containsKey(name)) {
                m.put(name, environment.get(name));
            }
        }
        // without the names a mark would match every supervised process
        marks = m.containsKey("SUPERVISOR_PROCESS_NAME") ? m : Map.of();
    }

    /** The members alive now, root excluded. */
    public synchronized List<ProcessTable.Stat> members() {
        Map<Long, ProcessTable.Stat> byPid = new HashMap<>();
        Map<Long, List<ProcessTable.Stat>> children = new HashMap<>();
        for (ProcessTable.Stat s : ProcessTable.stats(proc)) {
            byPid.put(s.pid(), s);
            children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s);
        }
        Deque<Long> seeds = new ArrayDeque<>();
        ProcessTable.Stat r = byPid.get(root);
        if (r != null && r.starttime() == rootStart) {
            seeds.add(root);
        }
        known.forEach((pid, start) -> {
            ProcessTable.Stat s = byPid.get(pid);
            if (s != null && s.starttime() == start) {
                seeds.add(pid);
            }
        });
        if (!marks.isEmpty()) {
            seeds.addAll(ProcessTable.withEnvironment(proc, marks));
        }
        Map<Long, ProcessTable.Stat> found = new LinkedHashMap<>();
        while (!seeds.isEmpty()) {
            long pid = seeds.poll();
            ProcessTable.Stat s = byPid.get(pid);
            if (s == null || pid == self || found.containsKey(pid)) {
                continue;
            }
            found.put(pid, s);
            for (ProcessTable.Stat c : children.getOrDefault(pid, List.of())) {
                seeds.add(c.pid());
            }
        }
        found.remove(root);
        found.values().removeIf(s -> s.state() == 'Z' || s.state() == 'X');
        known.clear();
        found.values().forEach(s -> known.put(s.pid(), s.starttime()));
        return List.copyOf(found.values());
    }

    @Override
    public int signal(int sig, int skipGroup) {
        int n = 0;
        for (ProcessTable.Stat s : members()) {
            if (skipGroup == 0 || s.pgid() != skipGroup) {
                n += Libc.kill((int) s.pid(), sig) == 0 ? 1 : 0;
            }
        }
        if (sig == Signals.SIGKILL) {
            killRoot();
        }
        return n;
    }

    private synchronized void killRoot() {
        ProcessTable.Stat r = ProcessTable.stat(proc, root);
        if (r != null && r.starttime() == rootStart && r.state() != 'Z') {
            Libc.kill((int) root, Signals.SIGKILL);
        }
    }

    @Override
    public boolean isEmpty() {
        return members().isEmpty();
    }
}
