package supervisor.intent;

/** What the operator last asked of a process. */
public enum Intent {
    /** Started by request: it starts with the daemon even without autostart. */
    STARTED,
    /** Stopped by request: it stays STOPPED when the daemon starts, whatever autostart says. */
    STOPPED
}
