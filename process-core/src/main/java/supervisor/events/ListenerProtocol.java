package supervisor.events;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import supervisor.logging.ActivityLog;
import supervisor.python.PyBytes;
import supervisor.python.PyInt;

/**
 * The listener side of the event-listener protocol for one listener process: reads what the
 * listener writes on its stdout ({@code READY\n}, then {@code RESULT <n>\n} and n bytes of
 * result) and moves between ACKNOWLEDGED, READY, BUSY and UNKNOWN as supervisord does, with its
 * quirks: any byte while READY is a violation; the result length is whatever follows the first
 * seven characters of the result line. Loop thread only.
 */
public final class ListenerProtocol {
    private static final byte[] READY_TOKEN = "READY\n".getBytes(StandardCharsets.US_ASCII);
    private static final int RESULT_PREFIX_LEN = "RESULT ".length();
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

    /** What the protocol tells its pool. */
    interface Pool {
        /** The listener may be sent an event now. */
        void ready();

        /** The listener turned the event down, or broke the protocol while holding it. */
        void rejected(Event event);
    }

    private final String name;
    private final ActivityLog log;
    private final Pool pool;
    private ListenerState state = ListenerState.ACKNOWLEDGED;
    private byte[] buffer = new byte[0];
    private final ByteArrayOutputStream result = new ByteArrayOutputStream();
    /** The announced result length, or null while the result line is still awaited. */
    private Long resultLen;
    private Event event;

    ListenerProtocol(String name, ActivityLog log, Pool pool) {
        this.name = name;
        this.log = log;
        this.pool = pool;
    }

    public String name() {
        return name;
    }

    public ListenerState state() {
        return state;
    }

    /** The event sent and not yet answered, or null. */
    public Event event() {
        return event;
    }

    /** A new listener process: it starts ACKNOWLEDGED, with nothing read. */
    public void spawned() {
        state = ListenerState.ACKNOWLEDGED;
        buffer = new byte[0];
        result.reset();
        resultLen = null;
        event = null;
    }

    /** The listener process ended: an event it still held goes back to the pool. */
    public void exited() {
        Event held = event;
        event = null;
        if (held != null) {
            pool.rejected(held);
        }
    }

    /** The pool wrote {@code e} to the listener (no log line, as supervisord). */
    void sent(Event e) {
        state = ListenerState.BUSY;
        event = e;
    }

    /** Bytes the listener wrote on its stdout. */
    public void feed(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] joined = Arrays.copyOf(buffer, buffer.length + data.length);
        System.arraycopy(data, 0, joined, buffer.length, data.length);
        buffer = joined;
        process();
    }

    private void process() {
        while (buffer.length > 0) {
            switch (state) {
                case UNKNOWN -> {
                    buffer = new byte[0];
                    return;
                }
                case ACKNOWLEDGED -> {
                    if (buffer.length < READY_TOKEN.length) {
                        return;
                    }
                    if (Arrays.equals(buffer, 0, READY_TOKEN.length, READY_TOKEN, 0, READY_TOKEN.length)) {
                        buffer = Arrays.copyOfRange(buffer, READY_TOKEN.length, buffer.length);
                        event = null;
                        change(ListenerState.READY);
                    } else {
                        buffer = new byte[0];
                        event = null;
                        change(ListenerState.UNKNOWN);
                    }
                }
                case READY -> {
                    // output while nothing was asked of it: a protocol violation
                    buffer = new byte[0];
                    event = null;
                    change(ListenerState.UNKNOWN);
                    return;
                }
                case BUSY -> {
                    if (!busy()) {
                        return;
                    }
                }
            }
        }
    }

    /** One step while BUSY; false when more input is needed or the state machine must stop. */
    private boolean busy() {
        if (resultLen == null) {
            int nl = indexOf(buffer, (byte) '\n');
            if (nl < 0) {
                return false;
            }
            byte[] line = Arrays.copyOfRange(buffer, 0, nl);
            buffer = Arrays.copyOfRange(buffer, nl + 1, buffer.length);
            byte[] lenText = Arrays.copyOfRange(line, Math.min(RESULT_PREFIX_LEN, line.length), line.length);
            Long parsed = resultLength(lenText);
            if (parsed == null) {
                log.warn(name + ": bad result line: '" + decode(line) + "'");
                buffer = new byte[0];
                change(ListenerState.UNKNOWN);
                Event held = event;
                event = null;
                if (held != null) {
                    pool.rejected(held);
                }
                return false;
            }
            resultLen = parsed;
            // supervisord looks at the result bytes only once more input is there
            return true;
        }
        long needed = resultLen - result.size();
        if (needed < 0) {
            // a negative length never completes: supervisord keeps swallowing output
            buffer = new byte[0];
            return false;
        }
        if (needed > 0) {
            int take = (int) Math.min(needed, buffer.length);
            result.write(buffer, 0, take);
            buffer = Arrays.copyOfRange(buffer, take, buffer.length);
            needed -= take;
        }
        if (needed == 0) {
            byte[] r = result.toByteArray();
            result.reset();
            resultLen = null;
            Event held = event;
            handleResult(r, held);
            event = null;
        }
        return true;
    }

    /** supervisord's default result handler: OK is processed, anything else is a rejection. */
    private void handleResult(byte[] r, Event held) {
        if (Arrays.equals(r, OK)) {
            log.debug(name + ": event was processed");
            change(ListenerState.ACKNOWLEDGED);
        } else {
            log.warn(name + ": event was rejected");
            change(ListenerState.ACKNOWLEDGED);
            if (held != null) {
                pool.rejected(held);
            }
        }
    }

    private void change(ListenerState next) {
        ListenerState old = state;
        log.debug(name + ": " + old + " -> " + next);
        state = next;
        if (next == ListenerState.UNKNOWN) {
            log.warn(name + ": has entered the UNKNOWN state and will no longer receive events, this usually "
                    + "indicates the process violated the eventlistener protocol");
        }
        if (next == ListenerState.READY) {
            pool.ready();
        }
    }

    /**
     * supervisord's {@code int()} of the bytes after {@code RESULT }; null for a bad result line,
     * which a length beyond a Java long is taken as too.
     */
    static Long resultLength(byte[] text) {
        BigInteger length = PyInt.parse(text);
        return length == null || length.bitLength() > 63 ? null : length.longValue();
    }

    private static String decode(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            return "Undecodable: " + PyBytes.repr(line, 0, line.length);
        }
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
