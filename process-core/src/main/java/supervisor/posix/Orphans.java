package supervisor.posix;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Adopts and reaps the orphans of the supervised processes, as supervisord's {@code reap()} reaps
 * every child it did not start ("reaped unknown pid"): with {@link #becomeSubreaper()} (or as
 * PID 1, which is every orphan's reaper anyway) the kernel makes this daemon the parent of a
 * descendant whose own parent died.
 *
 * <p>Managed children are reaped through their pidfds by the {@link IoLoop}; an orphan must never
 * take one's place. A sweep therefore first peeks ({@code waitid(P_ALL, WNOWAIT)}, which reaps
 * nothing) and, only when some child is waitable, lists this daemon's zombie children from /proc
 * and reaps each that is not in {@link PidHistory}, by its pid. Children the JDK started (a
 * ProcessBuilder's) are reaped by the JDK's own thread the moment they end; they stay in the
 * daemon's process group, while a supervised program's descendants are in the program's group or
 * one of their own. So a zombie in the daemon's group is only reaped when it was already a zombie
 * at the previous sweep, long after the JDK would have reaped it.
 */
public final class Orphans implements AutoCloseable {
    /** No zombie lives longer than about two of these. */
    static final long SWEEP_MILLIS = 500;
    private static final Path PROC = Path.of("/proc");

    private final BiConsumer<Integer, WaitStatus> reaped;
    private final Thread thread;
    private final long self = ProcessHandle.current().pid();
    private final long ownGroup;
    private Set<Long> lingering = new HashSet<>();
    private volatile boolean closed;

    /**
     * Starts sweeping every {@value #SWEEP_MILLIS} ms on a thread of its own.
     *
     * @param reaped told of each orphan reaped, on the sweeping thread
     */
    public Orphans(BiConsumer<Integer, WaitStatus> reaped) {
        this.reaped = reaped;
        ProcessTable.Stat own = ProcessTable.stat(PROC, self);
        ownGroup = own == null ? self : own.pgid();
        thread = Thread.ofPlatform().name("orphans").daemon().start(this::run);
    }

    /**
     * Makes this process the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER).
     * Returns false where the kernel refuses.
     */
    public static boolean becomeSubreaper() {
        return Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1) == 0;
    }

    /** Whether this process is a child subreaper (or PID 1, which reaps orphans regardless). */
    public static boolean isSubreaper() {
        if (Libc.getpid() == 1) {
            return true;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment flag = arena.allocate(JAVA_INT);
            return Libc.prctl(Libc.PR_GET_CHILD_SUBREAPER, flag.address()) == 0 && flag.get(JAVA_INT, 0) != 0;
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(SWEEP_MILLIS);
                sweep();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // /proc raced with an exit: the next sweep sees the truth
            }
        }
    }

    /** One sweep: reaps the zombie children that are orphans; returns how many. */
    synchronized int sweep() {
        if (!anyWaitable()) {
            lingering = new HashSet<>();
            return 0;
        }
        int[] count = {0};
        Set<Long> zombies = new HashSet<>();
        PidHistory.exclusively(() -> {
            for (ProcessTable.Stat s : zombieChildren()) {
                int pid = (int) s.pid();
                if (PidHistory.contains(pid)) {
                    continue; // a managed child: its pidfd reaps it
                }
                zombies.add(s.pid());
                if (s.pgid() == ownGroup && !lingering.contains(s.pid())) {
                    continue; // perhaps the JDK's: its reaper gets a moment first
                }
                WaitStatus status = reap(pid);
                if (status != null) {
                    count[0]++;
                    reaped.accept(pid, status);
                }
            }
        });
        lingering = zombies;
        return count[0];
    }

    private List<ProcessTable.Stat> zombieChildren() {
        return ProcessTable.stats(PROC).stream().filter(s -> s.ppid() == self && s.state() == 'Z').toList();
    }

    /** True when some child of this process has ended and is not reaped yet; reaps nothing. */
    private static boolean anyWaitable() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Libc.SIGINFO_SIZE, 8);
            int rc = Libc.waitid(Libc.P_ALL, 0, info, Libc.WEXITED | Libc.WNOHANG | Libc.WNOWAIT);
            return rc == 0 && info.get(JAVA_INT, Libc.SI_PID) != 0;
        }
    }

    private static WaitStatus reap(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Libc.SIGINFO_SIZE, 8);
            if (Libc.waitid(Libc.P_PID, pid, info, Libc.WEXITED | Libc.WNOHANG) != 0
                    || info.get(JAVA_INT, Libc.SI_PID) == 0) {
                return null;
            }
            return new WaitStatus(info.get(JAVA_INT, Libc.SI_CODE), info.get(JAVA_INT, Libc.SI_STATUS));
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
