package supervisor.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Downcalls into glibc (Linux, x86_64 and aarch64). Functions that report failure through
 * {@code errno} capture it per call; read it with {@link #errno()} right after a call returned -1,
 * on the same thread. Functions of the posix_spawn family return their error number directly.
 * Structure sizes are glibc's, rounded up where the exact size does not matter.
 */
final class Libc {
    // Constants of Linux/glibc (identical on x86_64 and aarch64).
    static final int O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    static final int F_GETFL = 3, F_SETFL = 4;
    static final int EINTR = 4, EAGAIN = 11, ENOMEM = 12, ENFILE = 23, EMFILE = 24, EPIPE = 32, ESRCH = 3;
    static final short POSIX_SPAWN_SETPGROUP = 0x02, POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08;
    static final int P_PIDFD = 3, WEXITED = 4, WNOHANG = 1;
    static final int P_ALL = 0, P_PID = 1, WNOWAIT = 0x01000000, ECHILD = 10;
    static final int PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37;
    static final int EPOLL_CLOEXEC = O_CLOEXEC, EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x001, EPOLLOUT = 0x004, EPOLLERR = 0x008, EPOLLHUP = 0x010;
    static final int EFD_CLOEXEC = O_CLOEXEC, EFD_NONBLOCK = O_NONBLOCK;
    static final int CLONE_FS = 0x200;
    static final int RLIMIT_NPROC = 6;
    static final int RLIMIT_NOFILE = 7;

    /** glibc: posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128, siginfo_t 128. */
    static final long SPAWNATTR_SIZE = 512, FILE_ACTIONS_SIZE = 128, SIGSET_SIZE = 128, SIGINFO_SIZE = 128;
    /** siginfo_t offsets for SIGCHLD-style records. */
    static final long SI_CODE = 8, SI_PID = 16, SI_STATUS = 24;
    /** struct epoll_event is packed on x86_64 (12 bytes) and naturally aligned elsewhere (16 bytes). */
    static final boolean EPOLL_PACKED = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> true;
        default -> false;
    };
    static final long EPOLL_EVENT_SIZE = EPOLL_PACKED ? 12 : 16, EPOLL_DATA_OFFSET = EPOLL_PACKED ? 4 : 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    /** One capture buffer per thread, so that concurrent callers never read each other's errno. */
    private static final ThreadLocal<MemorySegment> CAPTURED =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final Downcall POSIX_SPAWN = Downcall.plain("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final Downcall SPAWNATTR_INIT = Downcall.plain("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Downcall SPAWNATTR_DESTROY = Downcall.plain("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Downcall SPAWNATTR_SETFLAGS = Downcall.plain("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final Downcall SPAWNATTR_SETPGROUP = Downcall.plain("posix_spawnattr_setpgroup",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Downcall SPAWNATTR_SETSIGMASK = Downcall.plain("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final Downcall SPAWNATTR_SETSIGDEFAULT = Downcall.plain("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final Downcall FA_INIT = Downcall.plain("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Downcall FA_DESTROY = Downcall.plain("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Downcall FA_ADDDUP2 = Downcall.plain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final Downcall FA_ADDCLOSE = Downcall.plain("posix_spawn_file_actions_addclose",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Downcall FA_ADDCHDIR = Downcall.plain("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final Downcall FA_ADDCLOSEFROM = Downcall.plain("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Downcall SIGEMPTYSET = Downcall.plain("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Downcall SIGFILLSET = Downcall.plain("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Downcall SIGDELSET = Downcall.plain("sigdelset", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private static final Downcall PIPE2 = Downcall.capturing("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Downcall FCNTL = new Downcall("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), CAPTURE);
    private static final Downcall READ = Downcall.capturing("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Downcall WRITE = Downcall.capturing("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Downcall CLOSE = Downcall.capturing("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Downcall PIDFD_OPEN = Downcall.capturing("pidfd_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Downcall WAITID = Downcall.capturing("waitid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Downcall EPOLL_CREATE1 = Downcall.capturing("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Downcall EPOLL_CTL = Downcall.capturing("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final Downcall EPOLL_WAIT = Downcall.capturing("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final Downcall EVENTFD = Downcall.capturing("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Downcall KILL = Downcall.capturing("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Downcall SIGNAL = Downcall.plain("signal", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    private static final Downcall PRCTL = new Downcall("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CAPTURE);
    private static final Downcall UNSHARE = Downcall.capturing("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Downcall SETRLIMIT = Downcall.capturing("setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final Downcall GETRLIMIT = Downcall.capturing("getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final Downcall INITGROUPS = Downcall.capturing("initgroups", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Downcall SETGID = Downcall.capturing("setgid", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Downcall SETUID = Downcall.capturing("setuid", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Downcall GETPID = Downcall.plain("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final Downcall GETUID = Downcall.plain("getuid", FunctionDescriptor.of(JAVA_INT));
    private static final Downcall UMASK = Downcall.plain("umask", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Downcall STRERROR = Downcall.plain("strerrordesc_np", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final Downcall GETPWUID_R = Downcall.plain("getpwuid_r",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    private Libc() {
    }

    /**
     * A glibc function linked on its first call. Linking a downcall costs milliseconds, there are
     * forty of them, and start-up needs few: linking them all eagerly cost a third of a second
     * before the daemon could answer.
     */
    private static final class Downcall {
        private final String name;
        private final FunctionDescriptor descriptor;
        private final Linker.Option[] options;
        private volatile MethodHandle handle;

        Downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            this.name = name;
            this.descriptor = descriptor;
            this.options = options;
        }

        static Downcall plain(String name, FunctionDescriptor descriptor) {
            return new Downcall(name, descriptor);
        }

        static Downcall capturing(String name, FunctionDescriptor descriptor) {
            return new Downcall(name, descriptor, CAPTURE);
        }

        /** The linked handle; two threads racing here link it twice, which is harmless. */
        MethodHandle handle() {
            MethodHandle h = handle;
            if (h == null) {
                h = LINKER.downcallHandle(symbol(name), descriptor, options);
                handle = h;
            }
            return h;
        }
    }

    private static MemorySegment symbol(String name) {
        return LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("glibc has no " + name));
    }



    private static MemorySegment captured() {
        return CAPTURED.get();
    }

    /** The errno left by the last capturing call of this thread. */
    static int errno() {
        return (int) ERRNO.get(captured(), 0L);
    }

    /** Wraps the checked Throwable of invokeExact: a failing downcall means a broken binding, not an OS error. */
    private static Error broken(Throwable t) {
        return t instanceof Error e ? e : new AssertionError("native call failed", t);
    }

    // --- posix_spawn family: these return an error number, 0 on success --------------------------

    static int posixSpawn(MemorySegment pid, MemorySegment path, MemorySegment fileActions, MemorySegment attr,
                          MemorySegment argv, MemorySegment envp) {
        try {
            return (int) POSIX_SPAWN.handle().invokeExact(pid, path, fileActions, attr, argv, envp);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int spawnattrInit(MemorySegment attr) {
        try {
            return (int) SPAWNATTR_INIT.handle().invokeExact(attr);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int spawnattrDestroy(MemorySegment attr) {
        try {
            return (int) SPAWNATTR_DESTROY.handle().invokeExact(attr);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int spawnattrSetflags(MemorySegment attr, short flags) {
        try {
            return (int) SPAWNATTR_SETFLAGS.handle().invokeExact(attr, flags);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int spawnattrSetpgroup(MemorySegment attr, int pgroup) {
        try {
            return (int) SPAWNATTR_SETPGROUP.handle().invokeExact(attr, pgroup);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int spawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) {
        try {
            return (int) SPAWNATTR_SETSIGMASK.handle().invokeExact(attr, sigset);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int spawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) {
        try {
            return (int) SPAWNATTR_SETSIGDEFAULT.handle().invokeExact(attr, sigset);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int fileActionsInit(MemorySegment fa) {
        try {
            return (int) FA_INIT.handle().invokeExact(fa);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int fileActionsDestroy(MemorySegment fa) {
        try {
            return (int) FA_DESTROY.handle().invokeExact(fa);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int fileActionsAdddup2(MemorySegment fa, int fd, int newfd) {
        try {
            return (int) FA_ADDDUP2.handle().invokeExact(fa, fd, newfd);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int fileActionsAddclose(MemorySegment fa, int fd) {
        try {
            return (int) FA_ADDCLOSE.handle().invokeExact(fa, fd);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int fileActionsAddchdir(MemorySegment fa, MemorySegment path) {
        try {
            return (int) FA_ADDCHDIR.handle().invokeExact(fa, path);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int fileActionsAddclosefrom(MemorySegment fa, int from) {
        try {
            return (int) FA_ADDCLOSEFROM.handle().invokeExact(fa, from);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int sigemptyset(MemorySegment set) {
        try {
            return (int) SIGEMPTYSET.handle().invokeExact(set);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int sigfillset(MemorySegment set) {
        try {
            return (int) SIGFILLSET.handle().invokeExact(set);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int sigdelset(MemorySegment set, int sig) {
        try {
            return (int) SIGDELSET.handle().invokeExact(set, sig);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    // --- errno-reporting calls: -1 on failure, then errno() -----------------------------------------

    static int pipe2(MemorySegment fds, int flags) {
        try {
            return (int) PIPE2.handle().invokeExact(captured(), fds, flags);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int fcntl(int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.handle().invokeExact(captured(), fd, cmd, arg);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static long read(int fd, MemorySegment buf, long count) {
        try {
            return (long) READ.handle().invokeExact(captured(), fd, buf, count);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static long write(int fd, MemorySegment buf, long count) {
        try {
            return (long) WRITE.handle().invokeExact(captured(), fd, buf, count);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.handle().invokeExact(captured(), fd);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int pidfdOpen(int pid) {
        try {
            return (int) PIDFD_OPEN.handle().invokeExact(captured(), pid, 0);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int waitid(int idtype, int id, MemorySegment siginfo, int options) {
        try {
            return (int) WAITID.handle().invokeExact(captured(), idtype, id, siginfo, options);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int epollCreate1(int flags) {
        try {
            return (int) EPOLL_CREATE1.handle().invokeExact(captured(), flags);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int epollCtl(int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.handle().invokeExact(captured(), epfd, op, fd, event);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int epollWait(int epfd, MemorySegment events, int maxevents, int timeout) {
        try {
            return (int) EPOLL_WAIT.handle().invokeExact(captured(), epfd, events, maxevents, timeout);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int eventfd(int initval, int flags) {
        try {
            return (int) EVENTFD.handle().invokeExact(captured(), initval, flags);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int kill(int pid, int sig) {
        try {
            return (int) KILL.handle().invokeExact(captured(), pid, sig);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    /** signal(2) with SIG_DFL: the default disposition back; true unless it failed (SIG_ERR). */
    static boolean defaultDisposition(int sig) {
        try {
            MemorySegment previous = (MemorySegment) SIGNAL.handle().invokeExact(sig, MemorySegment.NULL);
            return previous.address() != -1L;
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    /** prctl(2) with one argument that matters (the rest are 0). */
    static int prctl(int option, long arg) {
        try {
            return (int) PRCTL.handle().invokeExact(captured(), option, arg, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int unshare(int flags) {
        try {
            return (int) UNSHARE.handle().invokeExact(captured(), flags);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    /** initgroups(3): the supplementary groups of {@code user} plus {@code gid}. */
    static int initgroups(MemorySegment user, int gid) {
        try {
            return (int) INITGROUPS.handle().invokeExact(captured(), user, gid);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    /** setgid(2); glibc applies it to every thread of the process. */
    static int setgid(int gid) {
        try {
            return (int) SETGID.handle().invokeExact(captured(), gid);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    /** setuid(2); glibc applies it to every thread of the process. */
    static int setuid(int uid) {
        try {
            return (int) SETUID.handle().invokeExact(captured(), uid);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int setrlimit(int resource, MemorySegment rlimit) {
        try {
            return (int) SETRLIMIT.handle().invokeExact(captured(), resource, rlimit);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int getrlimit(int resource, MemorySegment rlimit) {
        try {
            return (int) GETRLIMIT.handle().invokeExact(captured(), resource, rlimit);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    // --- calls that cannot fail ---------------------------------------------------------------------

    static int getpid() {
        try {
            return (int) GETPID.handle().invokeExact();
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int getuid() {
        try {
            return (int) GETUID.handle().invokeExact();
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int umask(int mask) {
        try {
            return (int) UMASK.handle().invokeExact(mask);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    /** The C library's description of an error number ("No such file or directory"), or null. */
    static String strerror(int errnum) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.handle().invokeExact(errnum);
            return text.equals(MemorySegment.NULL) ? null : text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    /**
     * The primary gid and login name of a uid from the passwd database (through NSS), or null
     * when there is no such entry.
     */
    static Passwd getpwuid(int uid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pwd = arena.allocate(64, 8);
            MemorySegment result = arena.allocate(ADDRESS);
            for (long size = 1024; size <= 1 << 20; size *= 4) {
                MemorySegment buf = arena.allocate(size);
                int rc = (int) GETPWUID_R.handle().invokeExact(uid, pwd, buf, size, result);
                if (rc == 34 /* ERANGE: buffer too small */) {
                    continue;
                }
                if (rc != 0 || result.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                    return null;
                }
                // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
                String name = pwd.get(ADDRESS, 0).reinterpret(Long.MAX_VALUE).getString(0);
                return new Passwd(name, pwd.get(JAVA_INT, 16), pwd.get(JAVA_INT, 20));
            }
            return null;
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    record Passwd(String name, int uid, int gid) {
    }

    // --- sockets: listening ones for [fcgi-program:x], datagrams for syslog and systemd (kept together at the end) ---

    static final int AF_UNIX = 1, AF_INET = 2, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = O_CLOEXEC;
    static final int SOCK_NONBLOCK = O_NONBLOCK, MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;
    static final int SOL_SOCKET = 1, SO_REUSEADDR = 2;
    /** struct sockaddr_un: a 2-byte family, then sun_path[108]; struct sockaddr_in is 16 bytes. */
    static final int SUN_PATH_MAX = 108;
    static final long SOCKADDR_UN_SIZE = 2 + SUN_PATH_MAX, SOCKADDR_IN_SIZE = 16;

    private static final Downcall SOCKET = Downcall.capturing("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Downcall SETSOCKOPT = Downcall.capturing("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Downcall BIND = Downcall.capturing("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Downcall LISTEN = Downcall.capturing("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Downcall CHMOD = Downcall.capturing("chmod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Downcall CHOWN = Downcall.capturing("chown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final Downcall UNLINK = Downcall.capturing("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Downcall SENDTO = Downcall.capturing("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    static int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.handle().invokeExact(captured(), domain, type, protocol);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int setsockopt(int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.handle().invokeExact(captured(), fd, level, name, value, length);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int bind(int fd, MemorySegment addr, int length) {
        try {
            return (int) BIND.handle().invokeExact(captured(), fd, addr, length);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int listen(int fd, int backlog) {
        try {
            return (int) LISTEN.handle().invokeExact(captured(), fd, backlog);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int chmod(MemorySegment path, int mode) {
        try {
            return (int) CHMOD.handle().invokeExact(captured(), path, mode);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int chown(MemorySegment path, int uid, int gid) {
        try {
            return (int) CHOWN.handle().invokeExact(captured(), path, uid, gid);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static int unlink(MemorySegment path) {
        try {
            return (int) UNLINK.handle().invokeExact(captured(), path);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    static long sendto(int fd, MemorySegment buf, long length, int flags, MemorySegment addr, int addrLength) {
        try {
            return (long) SENDTO.handle().invokeExact(captured(), fd, buf, length, flags, addr, addrLength);
        } catch (Throwable t) {
            throw broken(t);
        }
    }
}
