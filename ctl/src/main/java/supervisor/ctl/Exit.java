package supervisor.ctl;

/** The LSB exit statuses supervisorctl uses, under 4.2.5's names for them. */
final class Exit {
    static final int SUCCESS = 0;
    static final int GENERIC = 1;
    static final int INVALID_ARGS = 2;
    static final int UNIMPLEMENTED_FEATURE = 3;
    static final int INSUFFICIENT_PRIVILEGES = 4;
    static final int NOT_INSTALLED = 5;
    static final int NOT_RUNNING = 7;
    /** status's own meanings of 3 and 4 */
    static final int STATUS_NOT_RUNNING = 3;
    static final int STATUS_UNKNOWN = 4;

    private Exit() {
    }
}
