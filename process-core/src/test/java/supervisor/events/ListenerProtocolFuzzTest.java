package supervisor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;

/**
 * What an event listener writes on its stdout ({@code READY}, {@code RESULT n}, {@code OK},
 * {@code FAIL}, or anything else), read in the pieces the pipe delivers, with the pool sending an
 * event between reads whenever the listener is ready and one is waiting, and the listener
 * sometimes dying and being spawned again.
 *
 * <p>Whatever the bytes: reading never throws; an event is answered at most once (taken, or given
 * back to the pool) and only while the listener holds it; the pool hears {@code ready()} exactly
 * when the listener becomes READY; a listener holds an event only while BUSY; and how the pipe
 * cuts the bytes between two sends changes nothing: the same run fed byte by byte ends in the same
 * state with the same answers and the same log.
 */
class ListenerProtocolFuzzTest {

    /** One read from the pipe, or the listener's death and respawn; {@code send}: an event waits after it. */
    private record Step(byte[] read, boolean respawn, boolean send) {
    }

    // libFuzzer's dictionaries cannot hold a line end (Jazzer writes it unescaped): the seeds have them
    @DictionaryEntries({"READY", "RESULT ", "RESULT 2", "RESULT 4", "OK", "FAIL", "-1", "0x10", "1_0", " 2 ",
            "\u00e9", "9223372036854775808"})
    @FuzzTest
    void listenerOutput(FuzzedDataProvider data) {
        List<Step> script = new ArrayList<>();
        while (data.remainingBytes() > 0 && script.size() < 64) {
            boolean respawn = data.consumeInt(0, 15) == 0;
            byte[] read = respawn ? new byte[0] : data.consumeBytes(data.consumeInt(1, 64));
            script.add(new Step(read, respawn, data.consumeBoolean()));
        }
        Run whole = new Run(script, false);
        Run byteByByte = new Run(script, true);
        assertEquals(whole.trace, byteByByte.trace, "how the pipe cuts the output changes nothing");
        assertEquals(whole.log(), byteByByte.log(), "how the pipe cuts the output changes nothing");
    }

    /** The script played against one protocol, checked as it goes; {@code trace} says what happened. */
    private static final class Run implements ListenerProtocol.Pool {
        final List<String> trace = new ArrayList<>();
        private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        private final ListenerProtocol protocol = new ListenerProtocol("listener", ActivityLog.console(LogLevel.TRACE,
                logBytes), this);
        /** Events sent and not yet answered (at most one), and every event ever given back. */
        private Event held;
        private final Set<Event> givenBack = new HashSet<>();
        private int readies;
        private int serial;

        Run(List<Step> script, boolean byteByByte) {
            for (Step step : script) {
                if (step.respawn) {
                    protocol.exited();
                    assertEquals(null, held, "an event held by a dead listener goes back to the pool");
                    protocol.spawned();
                    trace.add("respawned");
                } else if (byteByByte) {
                    for (byte b : step.read) {
                        feed(new byte[] {b});
                    }
                } else {
                    feed(step.read);
                }
                if (step.send && protocol.state() == ListenerState.READY) {
                    held = new Event(EventType.TICK_5, "when:" + serial++);
                    protocol.sent(held);
                    trace.add("sent " + held.payload());
                }
                trace.add(protocol.state() + (protocol.event() == null ? "" : " holding " + protocol.event().payload()));
                checkHolding();
            }
        }

        private void feed(byte[] bytes) {
            ListenerState before = protocol.state();
            int readiesBefore = readies;
            protocol.feed(bytes);
            if (before != ListenerState.READY && protocol.state() == ListenerState.READY) {
                assertTrue(readies > readiesBefore, "ready() when the listener becomes READY");
            }
            noticeAnswer();
            checkHolding();
        }

        /** The listener let go of its event without giving it back: the pool counts it as taken. */
        private void noticeAnswer() {
            if (held != null && protocol.event() == null) {
                trace.add("answered " + held.payload());
                held = null;
            }
        }

        private void checkHolding() {
            assertNotNull(protocol.state());
            if (protocol.event() != null) {
                assertSame(held, protocol.event(), "the listener holds the event it was sent");
                assertEquals(ListenerState.BUSY, protocol.state(), "only a BUSY listener holds an event");
            }
        }

        @Override
        public void ready() {
            assertEquals(ListenerState.READY, protocol.state(), "ready() only for a READY listener");
            noticeAnswer(); // within the same read: the answer came first
            readies++;
            trace.add("ready");
        }

        @Override
        public void rejected(Event event) {
            assertSame(held, event, "only the event the listener holds comes back");
            assertTrue(givenBack.add(event), "an event comes back once");
            trace.add("rejected " + event.payload());
            held = null;
        }

        /** The log without its timestamps. */
        String log() {
            return logBytes.toString(StandardCharsets.UTF_8)
                    .replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ", "");
        }
    }
}
