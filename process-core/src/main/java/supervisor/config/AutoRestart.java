package supervisor.config;

/** The {@code autorestart=} policy of a program. */
public enum AutoRestart {
    /** {@code false}: never restart after an exit from RUNNING. */
    NEVER,
    /** {@code unexpected} (the default): restart when the exit status is not in {@code exitcodes}. */
    UNEXPECTED,
    /** {@code true}: always restart. */
    ALWAYS
}
