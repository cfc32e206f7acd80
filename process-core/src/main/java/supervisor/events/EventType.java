package supervisor.events;

import java.util.Locale;

/**
 * supervisord's event types and their hierarchy. Subscribing to a type delivers every event of
 * that type or of a type below it; abstract types are never emitted themselves.
 */
public enum EventType {
    EVENT(null, true),
    PROCESS_STATE(EVENT, true),
    PROCESS_STATE_STOPPED(PROCESS_STATE, false),
    PROCESS_STATE_EXITED(PROCESS_STATE, false),
    PROCESS_STATE_STARTING(PROCESS_STATE, false),
    PROCESS_STATE_STOPPING(PROCESS_STATE, false),
    PROCESS_STATE_BACKOFF(PROCESS_STATE, false),
    PROCESS_STATE_FATAL(PROCESS_STATE, false),
    PROCESS_STATE_RUNNING(PROCESS_STATE, false),
    PROCESS_STATE_UNKNOWN(PROCESS_STATE, false),
    PROCESS_COMMUNICATION(EVENT, true),
    PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION, false),
    PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION, false),
    PROCESS_LOG(EVENT, true),
    PROCESS_LOG_STDOUT(PROCESS_LOG, false),
    PROCESS_LOG_STDERR(PROCESS_LOG, false),
    REMOTE_COMMUNICATION(EVENT, false),
    SUPERVISOR_STATE_CHANGE(EVENT, true),
    SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE, false),
    SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE, false),
    TICK(EVENT, true),
    TICK_5(TICK, false),
    TICK_60(TICK, false),
    TICK_3600(TICK, false),
    PROCESS_GROUP(EVENT, true),
    PROCESS_GROUP_ADDED(PROCESS_GROUP, false),
    PROCESS_GROUP_REMOVED(PROCESS_GROUP, false);

    private final EventType parent;
    private final boolean isAbstract;

    EventType(EventType parent, boolean isAbstract) {
        this.parent = parent;
        this.isAbstract = isAbstract;
    }

    public EventType parent() {
        return parent;
    }

    public boolean isAbstract() {
        return isAbstract;
    }

    /** True when this type is {@code other} or lies below it. */
    public boolean isA(EventType other) {
        for (EventType t = this; t != null; t = t.parent) {
            if (t == other) {
                return true;
            }
        }
        return false;
    }

    /** A name from {@code events=} (any case); IllegalArgumentException when unknown. */
    public static EventType named(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    /** The PROCESS_STATE_* type of entering the state of that name (STOPPED, RUNNING, ...). */
    public static EventType processState(String stateName) {
        return valueOf("PROCESS_STATE_" + stateName);
    }
}
