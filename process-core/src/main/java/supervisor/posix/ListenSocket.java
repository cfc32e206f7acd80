package supervisor.posix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;

/**
 * Raw listening stream sockets, for the sockets an {@code [fcgi-program:x]} hands its children on
 * fd 0. The JDK's channels keep their fd to themselves, so these are made with socket(2) directly:
 * blocking (the children accept on them), close-on-exec (only a spawn's dup2 onto fd 0 passes one
 * on) and numbered above 2 (so that dup2 onto 0/1/2 cannot clobber them).
 *
 * <p>Failures carry the text Python's {@code OSError} would print, which is what supervisord puts
 * in its messages: {@code [Errno 98] Address already in use}, with {@code : '<path>'} appended for
 * the calls that name a file.
 */
public final class ListenSocket {
    /** The backlog when none is configured: Python's {@code socket.SOMAXCONN} on Linux. */
    public static final int SOMAXCONN = 4096;

    private static final int F_DUPFD_CLOEXEC = 1030;

    private ListenSocket() {
    }

    /** A failed system call; the message is Python's rendering of the error. */
    public static final class Failure extends Exception {
        private final int errno;

        Failure(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        /** The error number; 0 for the failures Python raises without one ("AF_UNIX path too long"). */
        public int errno() {
            return errno;
        }
    }

    /** A unix-domain stream socket bound to {@code path} (which must not exist), not yet listening. */
    public static int bindUnix(String path) throws Failure {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length > Libc.SUN_PATH_MAX) {
            throw new Failure(0, "AF_UNIX path too long");
        }
        int fd = open(Libc.AF_UNIX);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(Libc.SOCKADDR_UN_SIZE, 2);
            addr.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
            MemorySegment.copy(name, 0, addr, JAVA_BYTE, 2, name.length);
            if (Libc.bind(fd, addr, 2 + name.length) != 0) {
                throw closing(fd, failure(Libc.errno()));
            }
        }
        return fd;
    }

    /** A TCP socket with SO_REUSEADDR bound to {@code address:port}, not yet listening. */
    public static int bindTcp(Inet4Address address, int port) throws Failure {
        int fd = open(Libc.AF_INET);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocateFrom(JAVA_INT, 1);
            if (Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, one, 4) != 0) {
                throw closing(fd, failure(Libc.errno()));
            }
            // struct sockaddr_in: family (host order), port and address (network order), zero padding
            MemorySegment addr = arena.allocate(Libc.SOCKADDR_IN_SIZE, 4);
            addr.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
            addr.set(JAVA_BYTE, 2, (byte) (port >>> 8));
            addr.set(JAVA_BYTE, 3, (byte) port);
            MemorySegment.copy(address.getAddress(), 0, addr, JAVA_BYTE, 4, 4);
            if (Libc.bind(fd, addr, (int) Libc.SOCKADDR_IN_SIZE) != 0) {
                throw closing(fd, failure(Libc.errno()));
            }
        }
        return fd;
    }

    public static void listen(int fd, int backlog) throws Failure {
        if (Libc.listen(fd, backlog) != 0) {
            throw failure(Libc.errno());
        }
    }

    public static void close(int fd) {
        if (fd >= 0) {
            Libc.close(fd);
        }
    }

    public static void unlink(String path) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.unlink(arena.allocateFrom(path)) != 0) {
                throw failure(Libc.errno(), path);
            }
        }
    }

    /** chown(2); -1 leaves that id unchanged. */
    public static void chown(String path, int uid, int gid) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.chown(arena.allocateFrom(path), uid, gid) != 0) {
                throw failure(Libc.errno(), path);
            }
        }
    }

    public static void chmod(String path, int mode) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.chmod(arena.allocateFrom(path), mode) != 0) {
                throw failure(Libc.errno(), path);
            }
        }
    }

    /** A close-on-exec stream socket numbered above 2. */
    private static int open(int family) throws Failure {
        int fd = Libc.socket(family, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure(Libc.errno());
        }
        if (fd < 3) {
            int moved = Libc.fcntl(fd, F_DUPFD_CLOEXEC, 3);
            int errno = Libc.errno();
            Libc.close(fd);
            if (moved < 0) {
                throw failure(errno);
            }
            fd = moved;
        }
        return fd;
    }

    private static Failure closing(int fd, Failure failure) {
        Libc.close(fd);
        return failure;
    }

    private static Failure failure(int errno) {
        return new Failure(errno, "[Errno " + errno + "] " + Posix.strerror(errno));
    }

    private static Failure failure(int errno, String path) {
        return new Failure(errno, "[Errno " + errno + "] " + Posix.strerror(errno) + ": '" + path + "'");
    }
}
