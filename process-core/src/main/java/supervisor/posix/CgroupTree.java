package supervisor.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A program's descendants as the members of a cgroup v2 of its own. The child enters the cgroup
 * before it runs the program ({@link #cgroupProcs()}: the spawn writes its own pid there before
 * exec), so nothing it starts can be outside; SIGKILL goes through {@code cgroup.kill}, which
 * also reaches processes forked while it is being delivered. A {@link TrackedTree} backs it up,
 * should the child fail to enter (then the program runs, and is tracked instead).
 */
public final class CgroupTree implements ProcessTree {
    private static final Path PROC = Path.of("/proc");

    private final Path dir;
    private final TrackedTree backstop = new TrackedTree();
    private volatile int root;

    private CgroupTree(Path dir) {
        this.dir = dir;
    }

    /** The cgroup of {@code namespec} in the daemon's directory of cgroups, made if need be. */
    public static CgroupTree in(Path daemonDirectory, String namespec) throws IOException {
        Path dir = daemonDirectory.resolve(Cgroup.nameOf(namespec));
        Files.createDirectories(dir);
        return new CgroupTree(dir);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public String cgroupProcs() {
        return dir.resolve("cgroup.procs").toString();
    }

    @Override
    public void spawned(int pid, Map<String, String> environment) {
        root = pid;
        backstop.spawned(pid, environment);
    }

    /** The members alive now, root excluded: the cgroup's and the backstop's. */
    private List<ProcessTable.Stat> members() {
        List<ProcessTable.Stat> found = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long pid : procs()) {
            ProcessTable.Stat s = ProcessTable.stat(PROC, pid);
            if (s != null && pid != root && s.state() != 'Z' && seen.add(pid)) {
                found.add(s);
            }
        }
        for (ProcessTable.Stat s : backstop.members()) {
            if (seen.add(s.pid())) {
                found.add(s);
            }
        }
        return found;
    }

    private List<Long> procs() {
        try {
            return Files.readAllLines(dir.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank())
                    .map(l -> Long.parseLong(l.strip())).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public int signal(int sig, int skipGroup) {
        List<ProcessTable.Stat> members = members();
        if (sig == Signals.SIGKILL) {
            kill(); // where there is no cgroup.kill, the signals below do it one by one
        }
        int n = 0;
        for (ProcessTable.Stat s : members) {
            if (sig == Signals.SIGKILL || skipGroup == 0 || s.pgid() != skipGroup) {
                n += Libc.kill((int) s.pid(), sig) == 0 ? 1 : 0;
            }
        }
        if (sig == Signals.SIGKILL) {
            backstop.signal(sig, 0); // and the root
        }
        return n;
    }

    /** Writes cgroup.kill (Linux 5.14 and later); false where there is none. */
    private boolean kill() {
        try {
            Files.writeString(dir.resolve("cgroup.kill"), "1");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean isEmpty() {
        return members().isEmpty();
    }

    @Override
    public void close() {
        Cgroup.removeEmpty(dir);
    }
}
