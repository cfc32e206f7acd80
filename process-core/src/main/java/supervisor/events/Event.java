package supervisor.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import supervisor.python.PyBytes;

/**
 * One event: its type and its payload, rendered when the event is created so that later
 * changes (a new pid, a new state) do not alter an event still waiting in a buffer. The serial
 * numbers are handed out by the pools that accept it (see {@link EventListenerPool}); they stay
 * with the event when it is delivered again. A PROCESS_LOG event keeps its output as bytes and
 * renders its payload when first asked, so that a pool can join later output to it (see
 * {@link #joinedWith}). Events are created and passed around on the loop thread only.
 */
public final class Event {
    /** The most one read's PROCESS_LOG event carries: what supervisord reads at most per wake-up. */
    public static final int MAX_LOG_BYTES = 128 * 1024;
    /** The most a pool lets waiting PROCESS_LOG events of one child grow to by joining them. */
    public static final int MAX_JOINED_LOG_BYTES = 1024 * 1024;

    private final EventType type;
    /** The rendered payload; for a PROCESS_LOG event, rendered when first asked for. */
    private String payload;
    /** For a PROCESS_LOG event: the payload's first line and the output, so that events can be joined. */
    private final String logHeader;
    private final ByteArrayOutputStream logData;
    /** The pool that made this event by joining others, and alone holds it; null for any other. */
    private final Object joinedBy;
    /** The last event joined into this one, so that an event offered twice is not joined to itself. */
    private Event lastJoined;
    /** The global serial; -1 until a pool first accepts the event. */
    private long serial = -1;
    private final Map<String, Long> poolSerials = new HashMap<>();

    public Event(EventType type, String payload) {
        this(type, payload, null, null, null);
    }

    private Event(EventType type, String payload, String logHeader, ByteArrayOutputStream logData, Object joinedBy) {
        if (type.isAbstract()) {
            throw new IllegalArgumentException(type + " is abstract");
        }
        this.type = type;
        this.payload = payload;
        this.logHeader = logHeader;
        this.logData = logData;
        this.joinedBy = joinedBy;
    }

    public EventType type() {
        return type;
    }

    public String payload() {
        if (payload == null) {
            payload = logHeader + "\n" + text(logData.toByteArray());
        }
        return payload;
    }

    /** The global serial, or -1 when no pool has accepted the event. */
    public long serial() {
        return serial;
    }

    void assignSerial(long serial) {
        this.serial = serial;
    }

    /** The serial the named pool gave the event, or null when that pool never accepted it. */
    public Long poolSerial(String pool) {
        return poolSerials.get(pool);
    }

    void assignPoolSerial(String pool, long serial) {
        poolSerials.put(pool, serial);
    }

    @Override
    public String toString() {
        return type + "#" + serial + " " + payload();
    }

    // --- the event kinds, with supervisord's payloads ------------------------------------

    /**
     * A process entered {@code toState}. Which extra tokens follow from_state depends on the
     * state: tries for STARTING/BACKOFF, pid for RUNNING/STOPPING/STOPPED, expected and pid for
     * EXITED, nothing for FATAL/UNKNOWN.
     */
    public static Event processState(String toState, String processName, String groupName, String fromState,
                                     int tries, boolean expected, int pid) {
        StringBuilder b = new StringBuilder()
                .append("processname:").append(processName)
                .append(" groupname:").append(groupName)
                .append(" from_state:").append(fromState);
        switch (toState) {
            case "STARTING", "BACKOFF" -> b.append(" tries:").append(tries);
            case "RUNNING", "STOPPING", "STOPPED" -> b.append(" pid:").append(pid);
            case "EXITED" -> b.append(" expected:").append(expected ? 1 : 0).append(" pid:").append(pid);
            default -> { }
        }
        return new Event(EventType.processState(toState), b.toString());
    }

    /** A chunk of output handed to a channel's log (stdout_events_enabled / stderr_events_enabled). */
    public static Event processLog(String channel, String processName, String groupName, int pid, byte[] data) {
        EventType type = channel.equals("stdout") ? EventType.PROCESS_LOG_STDOUT : EventType.PROCESS_LOG_STDERR;
        String header = "processname:" + processName + " groupname:" + groupName + " pid:" + pid
                + " channel:" + channel;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length);
        bytes.writeBytes(data);
        return new Event(type, null, header, bytes, null);
    }

    /**
     * This PROCESS_LOG event with a later one's output after its own, when both come from the
     * same channel of the same child and together fit in {@link #MAX_JOINED_LOG_BYTES};
     * otherwise null. The joined event keeps this one's serials and takes its place in
     * {@code pool}'s buffer; it belongs to that pool alone, which joins further output to it in
     * place, while this event stays as it was for the other pools that hold it.
     */
    Event joinedWith(Event later, Object pool) {
        if (logData == null || later.logData == null || later == this || later == lastJoined
                || later.type != type || !later.logHeader.equals(logHeader)
                || logData.size() + later.logData.size() > MAX_JOINED_LOG_BYTES) {
            return null;
        }
        Event joined = this;
        if (joinedBy != pool) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(logData.size() + later.logData.size());
            append(bytes, logData);
            joined = new Event(type, null, logHeader, bytes, pool);
            joined.serial = serial;
            joined.poolSerials.putAll(poolSerials);
        }
        append(joined.logData, later.logData);
        joined.payload = null;
        joined.lastJoined = later;
        return joined;
    }

    /** The text a process wrote between the capture tokens. */
    public static Event processCommunication(String channel, String processName, String groupName, int pid,
                                             byte[] data) {
        EventType type = channel.equals("stdout")
                ? EventType.PROCESS_COMMUNICATION_STDOUT : EventType.PROCESS_COMMUNICATION_STDERR;
        return new Event(type, "processname:" + processName + " groupname:" + groupName + " pid:" + pid
                + "\n" + text(data));
    }

    /** sendRemoteCommEvent(type, data). */
    public static Event remoteCommunication(String type, String data) {
        return new Event(EventType.REMOTE_COMMUNICATION, "type:" + type + "\n" + data);
    }

    public static Event supervisorRunning() {
        return new Event(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, "");
    }

    public static Event supervisorStopping() {
        return new Event(EventType.SUPERVISOR_STATE_CHANGE_STOPPING, "");
    }

    /** A 5, 60 or 3600 second period began at {@code when} (epoch seconds). */
    public static Event tick(int period, long when) {
        EventType type = switch (period) {
            case 5 -> EventType.TICK_5;
            case 60 -> EventType.TICK_60;
            case 3600 -> EventType.TICK_3600;
            default -> throw new IllegalArgumentException("no tick of " + period + " s");
        };
        return new Event(type, "when:" + when);
    }

    /** Group events end with a newline, unlike every other token payload. */
    public static Event groupAdded(String group) {
        return new Event(EventType.PROCESS_GROUP_ADDED, "groupname:" + group + "\n");
    }

    public static Event groupRemoved(String group) {
        return new Event(EventType.PROCESS_GROUP_REMOVED, "groupname:" + group + "\n");
    }

    private static void append(ByteArrayOutputStream to, ByteArrayOutputStream from) {
        try {
            from.writeTo(to);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // one byte array into another cannot fail
        }
    }

    /** Output bytes as text: UTF-8, or supervisord's "Undecodable: b'...'" when they are not. */
    static String text(byte[] data) {
        // the JDK's own decoding is fast; it only hides malformed bytes behind U+FFFD, which
        // output rarely holds, so only then is the strict decoder asked
        String fast = new String(data, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return "Undecodable: " + PyBytes.repr(data, 0, data.length);
        }
    }
}
