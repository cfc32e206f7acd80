package supervisor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;

/** The listener protocol and the pool's buffering and dispatch, with listeners on paper. */
class EventListenerPoolTest {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final ActivityLog log = ActivityLog.console(LogLevel.BLATHER, logBytes);
    private final SerialCounter serials = new SerialCounter();
    private final EventBus bus = new EventBus(serials);

    /** A listener process: what was written to its stdin, whether it is RUNNING, whether writes fail. */
    private static final class FakeListener implements EventListenerPool.Member {
        final String name;
        final List<String> received = new ArrayList<>();
        boolean running = true;
        boolean epipe;
        ListenerProtocol protocol;

        FakeListener(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean send(byte[] envelope) {
            if (epipe) {
                return false;
            }
            received.add(new String(envelope, StandardCharsets.UTF_8));
            return true;
        }

        void says(String text) {
            protocol.feed(text.getBytes(StandardCharsets.UTF_8));
        }

        String last() {
            return received.getLast();
        }
    }

    private EventListenerPool pool(String name, int bufferSize, EventType... types) {
        EventListenerPool p = new EventListenerPool(name, List.of(types), bufferSize, log, tasks::add, () -> "sid",
                serials);
        bus.addPool(p);
        return p;
    }

    private FakeListener join(EventListenerPool pool, String name) {
        FakeListener l = new FakeListener(name);
        l.protocol = pool.join(l);
        return l;
    }

    private void run() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private static Event remote(String data) {
        return Event.remoteCommunication("t", data);
    }

    @Test
    void readyListenerGetsTheEnvelopeThenOkAcknowledges() {
        EventListenerPool p = pool("lis", 10, EventType.EVENT);
        FakeListener l = join(p, "lis_0");
        bus.notify(remote("a"));
        run();
        assertTrue(l.received.isEmpty(), "nothing is sent before READY");
        assertEquals(0, p.sent());
        assertEquals(ListenerState.ACKNOWLEDGED, l.protocol.state());
        l.says("REA");
        assertEquals(ListenerState.ACKNOWLEDGED, l.protocol.state(), "a partial token waits");
        l.says("DY\n");
        run();
        assertEquals(List.of("ver:3.0 server:sid serial:0 pool:lis poolserial:0 eventname:REMOTE_COMMUNICATION len:8\ntype:t\na"),
                l.received);
        assertEquals(ListenerState.BUSY, l.protocol.state());
        l.says("RESULT 2\nO");
        assertEquals(ListenerState.BUSY, l.protocol.state());
        l.says("KREADY\n");
        assertEquals(ListenerState.READY, l.protocol.state(), "several messages in one read");
        assertNull(l.protocol.event());
        assertTrue(log().contains("DEBG lis_0: ACKNOWLEDGED -> READY"));
        assertTrue(log().contains("DEBG event 0 sent to listener lis_0"));
        assertTrue(log().contains("DEBG lis_0: event was processed"));
        assertTrue(log().contains("DEBG lis_0: BUSY -> ACKNOWLEDGED"));
        assertTrue(p.buffered().isEmpty());
        assertEquals(1, p.sent());
        assertEquals(0, p.overflows());
    }

    @Test
    void failIsRedeliveredWithTheSameSerials() {
        EventListenerPool p = pool("lis", 10, EventType.REMOTE_COMMUNICATION);
        FakeListener l = join(p, "lis_0");
        bus.notify(Event.supervisorRunning()); // not subscribed: takes no serial
        bus.notify(remote("a"));
        bus.notify(remote("b"));
        l.says("READY\n");
        run();
        assertTrue(l.last().startsWith("ver:3.0 server:sid serial:0 pool:lis poolserial:0 "));
        l.says("RESULT 4\nFAIL");
        run();
        assertTrue(log().contains("WARN lis_0: event was rejected"));
        assertTrue(log().contains("DEBG rebuffering event 0 for pool lis (buf size=1, max=10)"));
        assertEquals(List.of(0L, 1L), p.buffered().stream().map(Event::serial).toList(), "back at the head");
        l.says("READY\n");
        run();
        assertEquals(l.received.get(0), l.last(), "the very same envelope again");
        assertEquals(2, p.sent(), "a rejected event sent again counts again");
        l.says("RESULT 2\nOKREADY\n");
        run();
        assertTrue(l.last().startsWith("ver:3.0 server:sid serial:1 pool:lis poolserial:1 "));
    }

    @Test
    void overflowDropsTheOldest() {
        EventListenerPool p = pool("lis", 2, EventType.EVENT);
        join(p, "lis_0");
        bus.notify(remote("a"));
        bus.notify(remote("b"));
        bus.notify(remote("c"));
        assertEquals(List.of(1L, 2L), p.buffered().stream().map(Event::serial).toList());
        assertTrue(log().contains("ERRO pool lis event buffer overflowed, discarding event 0"));
        assertEquals(1, p.overflows(), "counted for /metrics");
        bus.notify(remote("d"));
        assertEquals(2, p.overflows());
        assertEquals(0, p.sent());
    }

    @Test
    void badResultLineMeansUnknownAndTheEventGoesBack() {
        EventListenerPool p = pool("lis", 10, EventType.EVENT);
        FakeListener l = join(p, "lis_0");
        bus.notify(remote("a"));
        l.says("READY\n");
        run();
        l.says("RESULT x\n");
        run();
        assertEquals(ListenerState.UNKNOWN, l.protocol.state());
        assertTrue(log().contains("WARN lis_0: bad result line: 'RESULT x'"));
        assertTrue(log().contains("WARN lis_0: has entered the UNKNOWN state and will no longer receive events, "
                + "this usually indicates the process violated the eventlistener protocol"));
        assertEquals(1, p.buffered().size());
        l.says("READY\n");
        run();
        assertEquals(1, l.received.size(), "an UNKNOWN listener gets nothing more");
    }

    @Test
    void protocolViolations() {
        EventListenerPool p = pool("lis", 10, EventType.EVENT);
        FakeListener a = join(p, "a");
        FakeListener b = join(p, "b");
        a.says("HELLO!");
        assertEquals(ListenerState.UNKNOWN, a.protocol.state(), "six bytes that are not READY");
        b.says("READY\nX");
        assertEquals(ListenerState.UNKNOWN, b.protocol.state(), "output while READY");
        b.protocol.spawned();
        assertEquals(ListenerState.ACKNOWLEDGED, b.protocol.state(), "a new process starts over");
    }

    @Test
    void eventHeldByADeadListenerGoesToTheNextOne() {
        EventListenerPool p = pool("lis", 10, EventType.EVENT);
        FakeListener a = join(p, "a");
        FakeListener b = join(p, "b");
        a.says("READY\n");
        bus.notify(remote("x"));
        run();
        assertEquals(1, a.received.size());
        b.says("READY\n");
        run();
        assertTrue(b.received.isEmpty());
        a.running = false;
        a.protocol.exited();
        run();
        assertEquals(a.received, b.received, "redelivered to the other listener, same serials");
    }

    @Test
    void onlyRunningListenersAndWritableOnesGetEvents() {
        EventListenerPool p = pool("lis", 10, EventType.EVENT);
        FakeListener a = join(p, "a");
        FakeListener b = join(p, "b");
        FakeListener c = join(p, "c");
        a.running = false;
        a.says("READY\n");
        b.epipe = true;
        b.says("READY\n");
        bus.notify(remote("x"));
        run();
        assertTrue(a.received.isEmpty());
        assertTrue(log().contains("DEBG epipe occurred while sending event 0 to listener b, listener state unchanged"));
        assertEquals(1, p.buffered().size(), "waits for a ready listener");
        c.says("READY\n");
        run();
        assertEquals(1, c.received.size());
        assertEquals(ListenerState.READY, b.protocol.state());
    }

    @Test
    void serialsAreGlobalAndPerPool() {
        EventListenerPool one = pool("one", 10, EventType.PROCESS_GROUP);
        EventListenerPool two = pool("two", 10, EventType.PROCESS_GROUP_ADDED, EventType.REMOTE_COMMUNICATION);
        bus.notify(remote("only two"));
        bus.notify(Event.groupAdded("g"));
        Event both = two.buffered().get(1);
        assertEquals(1, both.serial());
        assertEquals(0L, one.buffered().getFirst().poolSerial("one"));
        assertEquals(1L, both.poolSerial("two"));
    }

    @Test
    void aPoolSubscribedToATypeAndItsParentBuffersTheEventTwice() {
        // supervisord subscribes the pool once per listed type
        EventListenerPool p = pool("lis", 10, EventType.PROCESS_GROUP, EventType.PROCESS_GROUP_ADDED);
        bus.notify(Event.groupAdded("g"));
        assertEquals(2, p.buffered().size());
        assertTrue(log().contains("DEBG rebuffering event 0 for pool lis (buf size=1, max=10)"));
    }

    @Test
    void inProcessSubscribersSeeTheSerial() {
        pool("lis", 10, EventType.EVENT);
        List<Event> seen = new ArrayList<>();
        Runnable undo = bus.subscribe(EventType.TICK, seen::add);
        bus.notify(Event.tick(5, 10));
        bus.notify(remote("not a tick"));
        undo.run();
        bus.notify(Event.tick(5, 15));
        assertEquals(1, seen.size());
        assertEquals(0, seen.getFirst().serial());
    }

    @Test
    void resultLengthAsPythonIntReadsIt() {
        assertEquals(2L, ListenerProtocol.resultLength(ascii(" 2 ")));
        assertEquals(10L, ListenerProtocol.resultLength(ascii("1_0")));
        assertNull(ListenerProtocol.resultLength(ascii("")));
        assertNull(ListenerProtocol.resultLength(ascii("2x")));
        assertNull(ListenerProtocol.resultLength(ascii("99999999999999999999")));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Event out(String name, int pid, String data) {
        return Event.processLog("stdout", name, name, pid, data.getBytes(StandardCharsets.UTF_8));
    }

    /** What a listener received: the payloads after the envelope's header line. */
    private static List<String> payloads(FakeListener l) {
        return l.received.stream().map(e -> e.substring(e.indexOf('\n') + 1)).toList();
    }

    @Test
    void outputWaitingInTheBufferIsJoinedByTheNextOutputOfTheSameChild() {
        EventListenerPool p = pool("lis", 10, EventType.PROCESS_LOG_STDOUT);
        FakeListener l = join(p, "l1");
        l.says("READY\n");
        bus.notify(out("w", 7, "one\n"));
        run();
        // the listener is busy with "one": what follows waits, and joins what is waiting
        bus.notify(out("w", 7, "two\n"));
        bus.notify(out("w", 7, "three\n"));
        bus.notify(out("x", 8, "other\n"));
        bus.notify(out("w", 9, "new child\n"));
        run();
        for (int k = 0; k < 4; k++) {
            l.says("RESULT 2\nOK");
            l.says("READY\n");
            run();
        }
        assertEquals(List.of("processname:w groupname:w pid:7 channel:stdout\none\n",
                "processname:w groupname:w pid:7 channel:stdout\ntwo\nthree\n",
                "processname:x groupname:x pid:8 channel:stdout\nother\n",
                "processname:w groupname:w pid:9 channel:stdout\nnew child\n"), payloads(l));
    }

    @Test
    void anEventOfferedTwiceIsNotJoinedToItself() {
        // subscribed to PROCESS_LOG and PROCESS_LOG_STDOUT, a pool buffers each event twice, as supervisord does
        EventListenerPool p = pool("lis", 10, EventType.PROCESS_LOG, EventType.PROCESS_LOG_STDOUT);
        bus.notify(out("w", 7, "two\n"));
        bus.notify(out("w", 7, "three\n"));
        assertEquals(List.of("two\n", "two\nthree\n", "three\n"), p.buffered().stream()
                .map(e -> e.payload().substring(e.payload().indexOf('\n') + 1)).toList(),
                "every piece of output as often as supervisord would send it");
    }

    @Test
    void joinedOutputKeepsTheSerialsOfTheEventItJoinedAndItsSizeIsBounded() {
        EventListenerPool p = pool("lis", 10, EventType.PROCESS_LOG_STDOUT);
        FakeListener l = join(p, "l1");
        l.says("READY\n");
        bus.notify(out("w", 7, "first\n"));
        run();
        bus.notify(out("w", 7, "a\n"));
        bus.notify(out("w", 7, "b\n"));
        bus.notify(out("w", 7, "x".repeat(Event.MAX_JOINED_LOG_BYTES)));
        run();
        l.says("RESULT 2\nOK");
        l.says("READY\n");
        run();
        assertTrue(l.last().startsWith("ver:3.0 server:sid serial:1 pool:lis poolserial:1 eventname:PROCESS_LOG_STDOUT "),
                l.last());
        assertEquals("processname:w groupname:w pid:7 channel:stdout\na\nb\n", payloads(l).getLast());
        l.says("RESULT 2\nOK");
        l.says("READY\n");
        run();
        assertTrue(l.last().contains(" serial:2 pool:lis poolserial:2 "), "the joined b took no serial: " + l.last());
        assertEquals(Event.MAX_JOINED_LOG_BYTES, payloads(l).getLast().length() - "processname:w groupname:w pid:7 channel:stdout\n".length(),
                "too big to join: an event of its own");
    }

    @Test
    void aPoolJoinsOutputInItsOwnBufferOnlyAndOtherPoolsKeepTheEventsAsTheyWere() {
        EventListenerPool a = pool("a", 10, EventType.PROCESS_LOG_STDOUT);
        EventListenerPool b = pool("b", 10, EventType.PROCESS_LOG_STDOUT);
        bus.notify(out("w", 7, "one\n"));
        b.buffered().getFirst().payload(); // b looks at its event before a joins more output to the same one
        bus.notify(out("w", 7, "two\n"));
        bus.notify(out("w", 7, "three\n"));
        List<String> inA = a.buffered().stream().map(Event::payload).toList();
        List<String> inB = b.buffered().stream().map(Event::payload).toList();
        assertEquals(List.of("processname:w groupname:w pid:7 channel:stdout\none\ntwo\nthree\n"), inA);
        assertEquals(inA, inB, "each pool joins its own copy");
        assertEquals(List.of(0L, 0L), List.of(a.buffered().getFirst().serial(), b.buffered().getFirst().serial()));
    }
}
