package supervisor.logging;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Predicate;

import supervisor.posix.UnixDatagram;

/**
 * The local syslog, as supervisord reaches it: Python's {@code syslog.syslog(message)}, that is
 * glibc's {@code syslog(3)} with the defaults Python opens it with (ident {@code supervisord},
 * facility user, priority info, no pid), one datagram per message to {@code /dev/log} in the
 * traditional local format {@code <14>Dec  2 05:40:00 supervisord: message}.
 *
 * <p>Unlike glibc, a send never blocks: when syslogd is missing or behind, the message is lost
 * rather than the daemon (or a child's output) held up.
 */
public final class Syslog {
    /** The local syslog socket. */
    public static final String DEV_LOG = "/dev/log";
    /** LOG_USER (1 << 3) | LOG_INFO (6): Python's syslog.syslog with one argument. */
    private static final int USER_INFO = 14;
    private static final String IDENT = "supervisord";
    /** glibc's "%h %e %T": month abbreviation, day padded with a space, time. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private static volatile Syslog local;

    /** Sends one datagram; false when it was lost. */
    private final Predicate<byte[]> socket;
    private final ZoneId zone;

    Syslog(Predicate<byte[]> socket, ZoneId zone) {
        this.socket = socket;
        this.zone = zone;
    }

    /** The daemon's one syslog connection, opened on first use as glibc opens it. */
    public static Syslog local() {
        Syslog s = local;
        if (s == null) {
            synchronized (Syslog.class) {
                s = local;
                if (s == null) {
                    s = new Syslog(UnixDatagram.to(DEV_LOG)::send, ZoneId.systemDefault());
                    local = s;
                }
            }
        }
        return s;
    }

    /** Sends one message as it is (a trailing newline included); false when it was lost. */
    public boolean send(String message) {
        return socket.test(datagram(ZonedDateTime.now(zone), message).getBytes(StandardCharsets.UTF_8));
    }

    /** What glibc sends: {@code <priority>} and the time, then {@code ident: } and the message. */
    static String datagram(ZonedDateTime when, String message) {
        return "<" + USER_INFO + ">" + STAMP.format(when) + " " + IDENT + ": " + message;
    }

    /**
     * supervisord's SyslogHandler: the message loses its trailing newlines, then each of its
     * lines is sent on its own, between {@code prefix} and {@code suffix}.
     */
    public void sendLines(String prefix, String message, String suffix) {
        int end = message.length();
        while (end > 0 && message.charAt(end - 1) == '\n') {
            end--;
        }
        int start = 0;
        while (true) {
            int nl = message.indexOf('\n', start);
            int stop = nl < 0 || nl >= end ? end : nl;
            send(prefix + message.substring(start, stop) + suffix);
            if (stop == end) {
                return;
            }
            start = stop + 1;
        }
    }
}
