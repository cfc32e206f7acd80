package supervisor.events;

/** Where an event listener stands in the listener protocol. */
public enum ListenerState {
    /** May be sent an event. */
    READY(10),
    /** Was sent an event; its result is awaited. */
    BUSY(20),
    /** Just spawned, or its last result was taken: waiting for READY. */
    ACKNOWLEDGED(30),
    /** Broke the protocol; it gets no more events until it is spawned again. */
    UNKNOWN(40);

    private final int code;

    ListenerState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
