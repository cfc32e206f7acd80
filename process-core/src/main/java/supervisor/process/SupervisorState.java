package supervisor.process;

/** supervisord's own state ("mood"), as getState reports it. */
public enum SupervisorState {
    FATAL(2),
    RUNNING(1),
    RESTARTING(0),
    SHUTDOWN(-1);

    public final int code;

    SupervisorState(int code) {
        this.code = code;
    }
}
