package supervisor.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where events are raised: every listener pool subscribed to the event's type (or a type above
 * it) buffers it, then in-process subscribers see it. Like supervisord, a pool is offered the
 * event once per matching subscription, so a pool subscribed to both a type and its parent
 * buffers it twice. Events that no pool takes get no serial. {@link #notify} runs on the loop
 * thread; subscribing may happen on any thread.
 */
public final class EventBus {
    private record Subscriber(EventType type, Consumer<Event> callback) {
    }

    private final SerialCounter serials;
    private final List<EventListenerPool> pools = new CopyOnWriteArrayList<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    /** @param serials the global serial counter, which outlives a restart of the supervisor */
    public EventBus(SerialCounter serials) {
        this.serials = serials;
    }

    public SerialCounter serials() {
        return serials;
    }

    public void addPool(EventListenerPool pool) {
        pools.add(pool);
    }

    public void removePool(EventListenerPool pool) {
        pools.remove(pool);
    }

    /** Calls {@code callback} on the loop thread for every event of {@code type} or below; returns the undo. */
    public Runnable subscribe(EventType type, Consumer<Event> callback) {
        Subscriber s = new Subscriber(type, callback);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    public void notify(Event event) {
        for (EventListenerPool pool : pools) {
            for (EventType t : pool.subscriptions()) {
                if (event.type().isA(t)) {
                    pool.accept(event, false);
                }
            }
        }
        for (Subscriber s : subscribers) {
            if (event.type().isA(s.type())) {
                s.callback().accept(event);
            }
        }
    }
}
