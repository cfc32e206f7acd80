package supervisor.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import supervisor.logging.ActivityLog;

/**
 * The event side of an {@code [eventlistener:x]} group: the events it subscribed to wait in a
 * FIFO buffer of {@code buffer_size}, and each goes to the first member that is RUNNING and READY.
 * Overflow drops the oldest buffered event; rejected events, and events held by a listener that
 * died, go back to the head. Dispatch runs as a loop task whenever an event arrives or a listener
 * may have become available. Loop thread only.
 */
public final class EventListenerPool {

    /** A listener process as the pool sees it. */
    public interface Member {
        String name();

        /** True when the process state is RUNNING (it has survived startsecs). */
        boolean isRunning();

        /** Writes an envelope to the listener's stdin; false when it cannot take it (EPIPE). */
        boolean send(byte[] envelope);
    }

    private record Listener(Member member, ListenerProtocol protocol) {
    }

    private final String name;
    private final List<EventType> subscriptions;
    private final int bufferSize;
    private final ActivityLog log;
    private final Executor loop;
    private final Supplier<String> identifier;
    private final SerialCounter globalSerials;
    private final SerialCounter poolSerials = new SerialCounter();
    private final Deque<Event> buffer = new ArrayDeque<>();
    private final List<Listener> listeners = new ArrayList<>();
    private boolean dispatchQueued;
    /** Events discarded because the buffer was full; written by the loop, read by any thread. */
    private volatile long overflows;
    /** Events sent to a listener (one sent again after a rejection counts again); as {@link #overflows}. */
    private volatile long sent;

    /**
     * @param identifier    supervisord's identifier, read at each send (reloadConfig may change it)
     * @param globalSerials the daemon-wide serial counter
     */
    public EventListenerPool(String name, List<EventType> subscriptions, int bufferSize, ActivityLog log,
                             Executor loop, Supplier<String> identifier, SerialCounter globalSerials) {
        this.name = name;
        this.subscriptions = List.copyOf(subscriptions);
        this.bufferSize = bufferSize;
        this.log = log;
        this.loop = loop;
        this.identifier = identifier;
        this.globalSerials = globalSerials;
    }

    public String name() {
        return name;
    }

    public List<EventType> subscriptions() {
        return subscriptions;
    }

    /** Adds a listener process, in the group's order; returns the protocol that reads its stdout. */
    public ListenerProtocol join(Member member) {
        ListenerProtocol protocol = new ListenerProtocol(member.name(), log, new ListenerProtocol.Pool() {
            @Override
            public void ready() {
                scheduleDispatch();
            }

            @Override
            public void rejected(Event event) {
                accept(event, true);
            }
        });
        listeners.add(new Listener(member, protocol));
        return protocol;
    }

    /** How many events a full buffer discarded since the pool was made; safe from any thread. */
    public long overflows() {
        return overflows;
    }

    /** How many events went to a listener since the pool was made; safe from any thread. */
    public long sent() {
        return sent;
    }

    /** The events waiting, oldest first (a copy). */
    public List<Event> buffered() {
        return List.copyOf(buffer);
    }

    /**
     * Takes an event into the buffer: the first pool to accept an event gives it its global
     * serial, each pool its own pool serial; an event coming back keeps both.
     */
    void accept(Event event, boolean head) {
        accept(event, head, true);
    }

    /** {@code wakeDispatch} false: a dispatch pass puts back what no listener could take; no retry until something changes. */
    private void accept(Event event, boolean head, boolean wakeDispatch) {
        if (!head && joinLast(event)) {
            return;
        }
        if (event.serial() < 0) {
            event.assignSerial(globalSerials.next());
        }
        if (event.poolSerial(name) == null) {
            event.assignPoolSerial(name, poolSerials.next());
        } else {
            log.debug("rebuffering event " + event.serial() + " for pool " + name + " (buf size=" + buffer.size()
                    + ", max=" + bufferSize + ")");
        }
        if (buffer.size() >= bufferSize && !buffer.isEmpty()) {
            Event discarded = buffer.pollFirst();
            overflows++; // the loop is the only writer
            log.error("pool " + name + " event buffer overflowed, discarding event " + discarded.serial());
        }
        if (head) {
            buffer.addFirst(event);
        } else {
            buffer.addLast(event);
        }
        if (wakeDispatch) {
            scheduleDispatch();
        }
    }

    /**
     * Output that arrives while the previous PROCESS_LOG event of the same channel still waits
     * here joins it, instead of taking a buffer place of its own: a flood then fills the
     * listeners' events rather than overflowing the buffer. supervisord gets the same effect by
     * reading slowly, in large pieces.
     */
    private boolean joinLast(Event event) {
        Event last = buffer.peekLast();
        Event joined = last == null ? null : last.joinedWith(event, this);
        if (joined == null) {
            return false;
        }
        buffer.pollLast();
        buffer.addLast(joined);
        return true;
    }

    /** Asks for a dispatch pass on the loop (a listener may be ready, or an event arrived). */
    public void scheduleDispatch() {
        if (!dispatchQueued) {
            dispatchQueued = true;
            loop.execute(() -> {
                dispatchQueued = false;
                dispatch();
            });
        }
    }

    /** Hands buffered events, oldest first, to ready listeners until none is left ready. */
    void dispatch() {
        boolean capable = listeners.stream().anyMatch(l -> l.member.isRunning()
                && l.protocol.state() == ListenerState.READY);
        if (!capable) {
            return;
        }
        while (!buffer.isEmpty()) {
            Event event = buffer.pollFirst();
            if (!dispatch(event)) {
                accept(event, true, false);
                break;
            }
        }
    }

    private boolean dispatch(Event event) {
        long poolSerial = event.poolSerial(name);
        for (Listener l : listeners) {
            if (!l.member.isRunning() || l.protocol.state() != ListenerState.READY) {
                continue;
            }
            byte[] envelope = Envelope.encode(identifier.get(), event, name, poolSerial);
            if (!l.member.send(envelope)) {
                log.debug("epipe occurred while sending event " + event.serial() + " to listener "
                        + l.member.name() + ", listener state unchanged");
                continue;
            }
            l.protocol.sent(event);
            sent++; // the loop is the only writer
            log.debug("event " + event.serial() + " sent to listener " + l.member.name());
            return true;
        }
        return false;
    }
}
