package supervisor.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts children with glibc's posix_spawn the way supervisord's fork/exec does: a new process
 * group led by the child, an empty signal mask, default signal dispositions, only fds 0/1/2 open
 * (pipes to us, or for an fcgi program the listening socket as fd 0), the configured directory,
 * umask and user.
 *
 * <p>supervisord forks first and reports what goes wrong in the child (setuid, chdir, exec) on the
 * child's stderr, then exits 127. posix_spawn reports such errors synchronously instead; to stay
 * indistinguishable we then start a tiny {@code /bin/sh} in the same pipes that prints
 * supervisord's two lines and exits 127. Only failures to create pipes or a process at all
 * throw {@link SpawnException}.
 *
 * <p>{@code umask=}: posix_spawn has no umask action, and the process umask is shared with the
 * daemon's own threads. A platform thread that spawns therefore takes a private copy of its file
 * system context once ({@code unshare(CLONE_FS)}), so that setting the umask around the spawn
 * affects only that thread and the child. On a virtual thread (which may change carrier between
 * calls) the child goes through {@code sh -c 'umask NNN; exec "$@"'} instead.
 * {@code user=}: the child goes through {@code setpriv --reuid --regid --init-groups}, which keeps
 * the pid but makes argv[0] the resolved path.
 *
 * <p>A cgroup ({@code kill_tree}): posix_spawn cannot start a child in another cgroup
 * (clone3's CLONE_INTO_CGROUP is not among its attributes), and moving the child after the spawn
 * would race with the program's first fork. So the child goes through
 * {@code sh -c 'echo $$ >cgroup.procs; exec "$@"'}: it enters the cgroup itself, before exec, as
 * root if the daemon is, before setpriv drops privileges; argv[0] becomes the resolved path. Should
 * it fail to enter, the program still runs and its tree is tracked instead (see CgroupTree).
 *
 * <p>Every child's pid is in {@link PidHistory} from the moment posix_spawn returns until it is
 * reaped, so that {@link Orphans} never takes it for an orphan.
 */
public final class Spawner {
    private static final String SH = "/bin/sh";
    private static final String SETPRIV = Files.isExecutable(Path.of("/usr/bin/setpriv")) ? "/usr/bin/setpriv" : "/bin/setpriv";
    private static final String REPORT_SCRIPT = "printf '%s\\n' \"$@\" >&2; exit 127";
    private static final String UMASK_SCRIPT = "umask %s; exec \"$@\"";
    private static final String CGROUP_SCRIPT = "{ echo $$ >\"$1\"; } 2>/dev/null; shift; exec \"$@\"";
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int P_PID = 1;

    /** The spawn attributes never change, so one immutable copy is shared by every spawn. */
    private static final MemorySegment ATTR = makeAttr();
    private static final ThreadLocal<Boolean> OWN_FS_CONTEXT = ThreadLocal.withInitial(() -> false);

    private Spawner() {
    }

    public static Child spawn(SpawnRequest req) throws SpawnException {
        boolean stdinPipe = req.stdinFd() < 0;
        int[] in = stdinPipe ? pipe() : null, out = null, err = null;
        try {
            out = pipe();
            err = req.redirectStderr() ? null : pipe();
            // Parent ends: read stdout/stderr, write stdin; the child gets the other ends as 0/1/2
            // (or the caller's fd as 0, which stays the caller's).
            int[] childFds = {stdinPipe ? in[0] : req.stdinFd(), out[1], err == null ? out[1] : err[1]};
            if (stdinPipe) {
                nonBlocking(in[1]);
            }
            nonBlocking(out[0]);
            if (err != null) {
                nonBlocking(err[0]);
            }
            int pid = spawnWithUmask(req, childFds);
            int pidfd = Libc.pidfdOpen(pid);
            if (pidfd < 0) {
                int errno = Libc.errno();
                abandon(pid);
                throw new SpawnException(errno, "pidfd_open");
            }
            closeQuietly(stdinPipe ? in[0] : -1, out[1], err == null ? -1 : err[1]);
            return new Child(pid, pidfd, stdinPipe ? in[1] : -1, out[0], err == null ? -1 : err[0]);
        } catch (SpawnException | RuntimeException | Error e) {
            if (in != null) {
                closeQuietly(in[0], in[1]);
            }
            if (out != null) {
                closeQuietly(out[0], out[1]);
            }
            if (err != null) {
                closeQuietly(err[0], err[1]);
            }
            throw e;
        }
    }

    private static int spawnWithUmask(SpawnRequest req, int[] childFds) throws SpawnException {
        if (req.umask() == null || !ownFsContext()) {
            return spawnChecked(req, childFds, req.umask() != null);
        }
        int old = Libc.umask(req.umask());
        try {
            return spawnChecked(req, childFds, false);
        } finally {
            Libc.umask(old);
        }
    }

    /** Gives the current platform thread its own cwd/umask context; false on virtual threads. */
    private static boolean ownFsContext() {
        if (Thread.currentThread().isVirtual()) {
            return false;
        }
        if (!OWN_FS_CONTEXT.get()) {
            if (Libc.unshare(Libc.CLONE_FS) != 0) {
                return false;
            }
            OWN_FS_CONTEXT.set(true);
        }
        return true;
    }

    /** Spawns the program, or the reporter standing in for a child that fails before exec. */
    private static int spawnChecked(SpawnRequest req, int[] childFds, boolean umaskByShell) throws SpawnException {
        List<String> argv = new ArrayList<>(req.argv());
        String path = req.path();
        String argv0 = req.argv().getFirst();
        if (req.uid() != null) {
            int uid = req.uid();
            Libc.Passwd pw = Libc.getpwuid(uid);
            String refusal = pw == null ? "Can't find uid " + uid
                    : uid != Libc.getuid() && Libc.getuid() != 0 ? "Can't drop privilege as nonroot user" : null;
            if (refusal != null) {
                return report(childFds, null, "couldn't setuid to " + uid + ": " + refusal);
            }
            if (uid != Libc.getuid()) {
                List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + pw.gid(),
                        "--init-groups", "--", path));
                wrapped.addAll(argv.subList(1, argv.size()));
                argv = wrapped;
                path = SETPRIV;
            }
        }
        if (umaskByShell) {
            List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                    UMASK_SCRIPT.formatted("0" + Integer.toOctalString(req.umask())), "sh", path));
            wrapped.addAll(argv.subList(1, argv.size()));
            argv = wrapped;
            path = SH;
        }
        if (req.cgroupProcs() != null) {
            List<String> wrapped = new ArrayList<>(List.of("sh", "-c", CGROUP_SCRIPT, "sh", req.cgroupProcs(), path));
            wrapped.addAll(argv.subList(1, argv.size()));
            argv = wrapped;
            path = SH;
        }
        int[] pid = new int[1];
        int errno = rawSpawn(path, argv, req.env(), req.directory(), childFds, pid);
        if (errno == 0) {
            return pid[0];
        }
        failIfResource(errno);
        String execFailed = "couldn't exec " + argv0 + ": " + Posix.errnoName(errno);
        if (req.directory() == null) {
            return report(childFds, null, execFailed);
        }
        // Was it the chdir or the exec? The reporter itself, started in the same directory, tells.
        int[] reporterPid = new int[1];
        int chdirErrno = rawSpawn(SH, reportArgv(execFailed), Map.of(), req.directory(), childFds, reporterPid);
        if (chdirErrno == 0) {
            return reporterPid[0];
        }
        failIfResource(chdirErrno);
        return report(childFds, null, "couldn't chdir to " + req.directory() + ": " + Posix.errnoName(chdirErrno));
    }

    private static int report(int[] childFds, String directory, String message) throws SpawnException {
        int[] pid = new int[1];
        int errno = rawSpawn(SH, reportArgv(message), Map.of(), directory, childFds, pid);
        if (errno != 0) {
            throw new SpawnException(errno, "posix_spawn " + SH);
        }
        return pid[0];
    }

    private static List<String> reportArgv(String message) {
        return List.of("sh", "-c", REPORT_SCRIPT, "sh", "supervisor: " + message,
                "supervisor: child process was not spawned");
    }

    /** Errors of fork itself (or of the fd table) are the caller's to report, as supervisord does. */
    private static void failIfResource(int errno) throws SpawnException {
        if (errno == Libc.EAGAIN || errno == Libc.ENOMEM || errno == Libc.EMFILE || errno == Libc.ENFILE) {
            throw new SpawnException(errno, "posix_spawn");
        }
    }

    /** posix_spawn proper; returns 0 or its error number and the pid in {@code pidOut[0]}. */
    private static int rawSpawn(String path, List<String> argv, Map<String, String> env, String directory,
                                int[] childFds, int[] pidOut) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fa = arena.allocate(Libc.FILE_ACTIONS_SIZE, 16);
            check(Libc.fileActionsInit(fa), "posix_spawn_file_actions_init");
            try {
                for (int target = 0; target < 3; target++) {
                    check(Libc.fileActionsAdddup2(fa, childFds[target], target), "adddup2");
                }
                if (directory != null) {
                    check(Libc.fileActionsAddchdir(fa, arena.allocateFrom(directory)), "addchdir_np");
                }
                check(Libc.fileActionsAddclosefrom(fa, 3), "addclosefrom_np");
                MemorySegment pid = arena.allocate(JAVA_INT);
                MemorySegment argvz = strings(arena, argv);
                MemorySegment envz = strings(arena, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
                MemorySegment file = arena.allocateFrom(path);
                return PidHistory.spawning(pidOut, () -> {
                    int rc = Libc.posixSpawn(pid, file, fa, ATTR, argvz, envz);
                    pidOut[0] = pid.get(JAVA_INT, 0);
                    return rc;
                });
            } finally {
                Libc.fileActionsDestroy(fa);
            }
        }
    }

    /** A NULL-terminated {@code char *[]}. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        return array;
    }

    private static MemorySegment makeAttr() {
        Arena arena = Arena.global();
        MemorySegment attr = arena.allocate(Libc.SPAWNATTR_SIZE, 16);
        check(Libc.spawnattrInit(attr), "posix_spawnattr_init");
        MemorySegment empty = arena.allocate(Libc.SIGSET_SIZE, 16);
        Libc.sigemptyset(empty);
        MemorySegment all = arena.allocate(Libc.SIGSET_SIZE, 16);
        Libc.sigfillset(all);
        Libc.sigdelset(all, Signals.SIGKILL);
        Libc.sigdelset(all, Signals.SIGSTOP);
        // glibc's sigfillset leaves out its two internal signals (32, 33), and for signals outside
        // this set posix_spawn sets SIG_IGN in the child, which exec keeps. Set their bits by hand
        // so the child starts with every disposition at default, as from a shell.
        long word = all.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0);
        all.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, word | 1L << (32 - 1) | 1L << (33 - 1));
        check(Libc.spawnattrSetsigmask(attr, empty), "setsigmask");
        check(Libc.spawnattrSetsigdefault(attr, all), "setsigdefault");
        check(Libc.spawnattrSetpgroup(attr, 0), "setpgroup");
        check(Libc.spawnattrSetflags(attr, (short) (Libc.POSIX_SPAWN_SETPGROUP | Libc.POSIX_SPAWN_SETSIGMASK
                | Libc.POSIX_SPAWN_SETSIGDEF)), "setflags");
        return attr;
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException(what + ": " + Posix.errnoName(rc));
        }
    }

    /** A close-on-exec pipe whose ends are both above 2, so that dup2 onto 0/1/2 cannot clobber them. */
    private static int[] pipe() throws SpawnException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) {
                throw new SpawnException(Libc.errno(), "pipe2");
            }
            int[] pair = {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
            for (int i = 0; i < 2; i++) {
                if (pair[i] < 3) {
                    int moved = Libc.fcntl(pair[i], F_DUPFD_CLOEXEC, 3);
                    int errno = Libc.errno();
                    Libc.close(pair[i]);
                    pair[i] = moved;
                    if (moved < 0) {
                        closeQuietly(pair[0], pair[1]);
                        throw new SpawnException(errno, "fcntl");
                    }
                }
            }
            return pair;
        }
    }

    private static void nonBlocking(int fd) {
        int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        if (flags < 0 || Libc.fcntl(fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0) {
            throw new IllegalStateException("fcntl O_NONBLOCK: " + Posix.errnoName(Libc.errno()));
        }
    }

    /** A child we cannot watch must not run unsupervised: kill it and reap it by its pid. */
    private static void abandon(int pid) {
        Libc.kill(pid, Signals.SIGKILL);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Libc.SIGINFO_SIZE, 8);
            while (Libc.waitid(P_PID, pid, info, Libc.WEXITED) != 0 && Libc.errno() == Libc.EINTR) {
                // retry
            }
            PidHistory.reaped(pid);
        }
    }

    static void closeQuietly(int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
    }
}
