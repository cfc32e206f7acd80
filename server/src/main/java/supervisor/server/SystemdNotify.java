package supervisor.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import supervisor.posix.UnixDatagram;
import supervisor.process.EventLoop;

/**
 * systemd's readiness protocol (sd_notify(3)), for a {@code Type=notify} unit: when systemd
 * started the daemon with {@code NOTIFY_SOCKET}, it is told {@code READY=1} once the sockets
 * answer and autostart has been done, {@code RELOADING=1} (with {@code MONOTONIC_USEC}) when a
 * restart begins, {@code STOPPING=1} when the shutdown begins, and {@code WATCHDOG=1} every half
 * {@code WATCHDOG_USEC} from the supervisor loop, so that a loop that hangs stops the pings and
 * systemd acts. Without {@code NOTIFY_SOCKET} nothing is sent, as with supervisord 4.2.5.
 */
final class SystemdNotify {
    /** The variables systemd hands its notify-type service; not for the daemon's programs. */
    static final Set<String> VARIABLES = Set.of("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID");

    private static final SystemdNotify NONE = new SystemdNotify(null, 0);
    /** How long a change of state is tried when systemd's queue is full. */
    private static final long TELL_MILLIS = 2000;

    private final UnixDatagram socket;
    /** Half the watchdog period in milliseconds, or 0 without a watchdog. */
    private final long pingMillis;

    private SystemdNotify(UnixDatagram socket, long pingMillis) {
        this.socket = socket;
        this.pingMillis = pingMillis;
    }

    /** The notifier the environment asks for; one that sends nothing outside systemd. */
    static SystemdNotify from(Map<String, String> env, long pid) {
        String address = env.get("NOTIFY_SOCKET");
        if (address == null || address.isEmpty()) {
            return NONE;
        }
        UnixDatagram socket;
        try {
            socket = UnixDatagram.to(address);
        } catch (RuntimeException e) {
            return NONE; // not an address a unix socket can have: as sd_notify, say nothing
        }
        return new SystemdNotify(socket, pingMillis(env, pid));
    }

    /** sd_watchdog_enabled: WATCHDOG_USEC, when WATCHDOG_PID is absent or names this process. */
    static long pingMillis(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return 0;
        }
        try {
            long micros = Long.parseLong(usec);
            return micros <= 0 ? 0 : Math.max(1, micros / 2000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Sockets answer and autostart is done. A daemonized child is not the process systemd
     * started, so it names itself.
     */
    void ready(boolean daemonized, long pid) {
        tell(daemonized ? "READY=1\nMAINPID=" + pid : "READY=1");
    }

    /** A restart begins; CLOCK_MONOTONIC is what System.nanoTime reads on Linux. */
    void reloading() {
        tell("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
    }

    void stopping() {
        tell("STOPPING=1");
    }

    /** Pings from {@code loop} for as long as it runs (one life of the supervisor). */
    void watch(EventLoop loop) {
        if (socket != null && pingMillis > 0) {
            ping(loop);
        }
    }

    private void ping(EventLoop loop) {
        // a ping that finds systemd's queue full is dropped: the next one follows
        if (socket != null) {
            socket.send("WATCHDOG=1".getBytes(StandardCharsets.UTF_8));
        }
        loop.schedule(pingMillis, () -> ping(loop));
    }

    /**
     * A change of state must arrive, or systemd times the unit out: a datagram the receiver's
     * queue has no room for (a unix datagram queue holds few) is sent again, for up to
     * {@link #TELL_MILLIS}, with growing pauses. Only a receiver that stopped reading makes the
     * caller wait that long.
     */
    private void tell(String state) {
        if (socket == null) {
            return;
        }
        byte[] datagram = state.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TELL_MILLIS * 1_000_000L;
        for (long pause = 1; !socket.send(datagram) && System.nanoTime() < deadline; pause = Math.min(pause * 2, 100)) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
