package supervisor.posix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Datagrams to a unix-domain socket named by a path, or by {@code @name} for the abstract
 * namespace: syslog's {@code /dev/log} and systemd's {@code NOTIFY_SOCKET}. The JDK's channels
 * speak unix-domain streams only.
 *
 * <p>A send never blocks: a receiver that is missing, gone or behind (its queue full) loses the
 * datagram, which {@link #send} reports. The daemon must not stall its output or its loop on
 * syslogd, and systemd's notifications are best effort by design. The socket is unconnected and
 * each datagram names its address, so a receiver that restarts is found again.
 */
public final class UnixDatagram implements AutoCloseable {
    private final Arena arena;
    private final MemorySegment address;
    private final int addressLength;
    private final int fd;

    private UnixDatagram(int fd, Arena arena, MemorySegment address, int addressLength) {
        this.fd = fd;
        this.arena = arena;
        this.address = address;
        this.addressLength = addressLength;
    }

    /**
     * A socket that sends to {@code name}: a path, or {@code @} and an abstract name.
     *
     * @throws IllegalArgumentException when the name cannot be a unix-domain address
     */
    public static UnixDatagram to(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > Libc.SUN_PATH_MAX) {
            throw new IllegalArgumentException("not a unix socket address: '" + name + "'");
        }
        if (bytes[0] == '@') {
            bytes[0] = 0; // the abstract namespace: no file, the name is all the bytes given
        }
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket: " + Posix.strerror(Libc.errno()));
        }
        Arena arena = Arena.ofShared();
        MemorySegment addr = arena.allocate(Libc.SOCKADDR_UN_SIZE, 2);
        addr.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(bytes, 0, addr, JAVA_BYTE, 2, bytes.length);
        return new UnixDatagram(fd, arena, addr, 2 + bytes.length);
    }

    /** Sends one datagram; false when it was not delivered (no receiver, or its queue is full). */
    public boolean send(byte[] datagram) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment buf = call.allocate(Math.max(1, datagram.length));
            MemorySegment.copy(datagram, 0, buf, JAVA_BYTE, 0, datagram.length);
            return Libc.sendto(fd, buf, datagram.length, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL, address,
                    addressLength) == datagram.length;
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        arena.close();
    }
}
