package supervisor.posix;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/** The few process-wide system calls the supervisor needs besides spawning and watching children. */
public final class Posix {
    /**
     * errno names as Python's {@code errno.errorcode} spells them on Linux (index = number), which
     * is what supervisord prints; empty where Python has no name.
     */
    private static final String[] ERRNO_NAMES = {
        "", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLOCK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY",
        "ELOOP", "", "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH",
        "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", "", "EBFONT",
        "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT",
        "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG",
        "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS",
        "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT",
        "ESOCKTNOSUPPORT", "ENOTSUP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL",
        "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN",
        "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH",
        "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT",
        "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED",
        "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL",
    };

    private Posix() {
    }

    /**
     * Sends a signal: to a process, or to a whole process group when {@code pid} is negative
     * (supervisord's {@code stopasgroup}). Returns 0, or the errno ({@code ESRCH} once the target is gone).
     */
    public static int kill(int pid, int sig) {
        if (pid == 0 || pid == -1) {
            // 0 and -1 address our own group or every process we may signal: never what a caller means.
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        return Libc.kill(pid, sig) == 0 ? 0 : Libc.errno();
    }

    public static int getpid() {
        return Libc.getpid();
    }

    /** The real user id, read from /proc (no native call needed at start-up). */
    public static int getuid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: ask the C library
        }
        return Libc.getuid();
    }

    /**
     * The symbolic name of an error number ({@code ENOENT}, {@code ESRCH}); the number itself when
     * it has none, as supervisord does.
     */
    public static String errnoName(int errno) {
        if (errno > 0 && errno < ERRNO_NAMES.length && !ERRNO_NAMES[errno].isEmpty()) {
            return ERRNO_NAMES[errno];
        }
        return Integer.toString(errno);
    }

    /** The C library's description of an error number ("No such file or directory"). */
    public static String strerror(int errno) {
        String text = Libc.strerror(errno);
        return text != null ? text : "Unknown error " + errno;
    }

    /**
     * Sets the process umask and returns the previous one. Process-wide: it also applies to files
     * the daemon itself creates, so children get their {@code umask=} another way (see Spawner).
     */
    public static int umask(int mask) {
        return Libc.umask(mask);
    }

    /** The two limits supervisord raises: {@code minfds} and {@code minprocs}. */
    public enum Rlimit {
        NOFILE(Libc.RLIMIT_NOFILE, "Max open files"), NPROC(Libc.RLIMIT_NPROC, "Max processes");

        final int resource;
        /** The line's name in /proc/self/limits. */
        final String procName;

        Rlimit(int resource, String procName) {
            this.resource = resource;
            this.procName = procName;
        }
    }

    /**
     * A limit's soft and hard values: {@code [soft, hard]}, -1 meaning unlimited. Read from
     * /proc/self/limits, so that a daemon with nothing to raise makes no native call at start-up.
     */
    public static long[] getRlimit(Rlimit which) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith(which.procName + " ")) {
                    String[] f = line.substring(which.procName.length()).strip().split("\\s+");
                    return new long[] {limitValue(f[0]), limitValue(f[1])};
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc, or a format not known: ask the C library
        }
        return nativeRlimit(which);
    }

    private static long limitValue(String text) {
        return text.equals("unlimited") ? -1 : Long.parseLong(text);
    }

    /** The same, from the C library. */
    static long[] nativeRlimit(Rlimit which) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lim = arena.allocate(16, 8);
            if (Libc.getrlimit(which.resource, lim) != 0) {
                throw new IllegalStateException("getrlimit: " + errnoName(Libc.errno()));
            }
            return new long[] {lim.get(JAVA_LONG, 0), lim.get(JAVA_LONG, 8)};
        }
    }

    /** Sets a limit's soft and hard values. Returns 0 or the errno. */
    public static int setRlimit(Rlimit which, long soft, long hard) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lim = arena.allocate(16, 8);
            lim.set(JAVA_LONG, 0, soft);
            lim.set(JAVA_LONG, 8, hard);
            return Libc.setrlimit(which.resource, lim) == 0 ? 0 : Libc.errno();
        }
    }

    /**
     * Becomes {@code user} for good: supplementary groups, then the group, then the user id, for
     * every thread of the process (glibc broadcasts set*id to all threads). Returns null, or the
     * step that failed in supervisord's words.
     */
    public static String becomeUser(String name, int uid, int gid) {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.initgroups(arena.allocateFrom(name), gid) != 0) {
                return "Could not set groups of effective user";
            }
        }
        if (Libc.setgid(gid) != 0) {
            return "Could not set group id of effective user";
        }
        if (Libc.setuid(uid) != 0) {
            return "Could not set user id of effective user: " + errnoName(Libc.errno());
        }
        return null;
    }

    /** The soft and hard limit on open files: {@code [soft, hard]}, -1 meaning unlimited. */
    public static long[] getRlimitNofile() {
        return getRlimit(Rlimit.NOFILE);
    }

    /**
     * Raises the soft and hard limit on open files to at least {@code minfds}, as supervisord does for
     * its {@code minfds} option. Returns 0 or the errno (EPERM when the hard limit cannot be raised).
     * Never lowers a limit.
     */
    public static int setRlimitNofile(long minfds) {
        long[] cur = getRlimitNofile();
        long soft = cur[0], hard = cur[1];
        if (soft == -1 || soft >= minfds) {
            return 0;
        }
        long newHard = hard == -1 || hard >= minfds ? hard : minfds;
        return setRlimit(Rlimit.NOFILE, minfds, newHard);
    }
}
