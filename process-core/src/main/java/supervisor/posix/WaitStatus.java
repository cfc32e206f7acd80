package supervisor.posix;

/**
 * How a child ended, as {@code waitid} reports it: {@code code} is CLD_EXITED, CLD_KILLED or
 * CLD_DUMPED and {@code status} the exit code or the signal number.
 */
public record WaitStatus(int code, int status) {
    public static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;

    public static WaitStatus exited(int exitCode) {
        return new WaitStatus(CLD_EXITED, exitCode);
    }

    public static WaitStatus killed(int signal) {
        return new WaitStatus(CLD_KILLED, signal);
    }

    /** True when the child called exit; false when a signal ended it. */
    public boolean exited() {
        return code == CLD_EXITED;
    }

    /** The signal that ended the child, or 0 when it exited. */
    public int termsig() {
        return code == CLD_KILLED || code == CLD_DUMPED ? status : 0;
    }

    public boolean coreDumped() {
        return code == CLD_DUMPED;
    }

    /** The exit code; -1 when a signal ended the child (supervisord's {@code exitstatus} convention). */
    public int exitstatus() {
        return exited() ? status : -1;
    }

    /** supervisord's wording: {@code exit status 1}, {@code terminated by SIGKILL (core dumped)}. */
    public String describe() {
        return switch (code) {
            case CLD_EXITED -> "exit status " + status;
            case CLD_KILLED -> "terminated by " + Signals.name(status);
            case CLD_DUMPED -> "terminated by " + Signals.name(status) + " (core dumped)";
            default -> "unknown termination cause 0x%04x".formatted(status);
        };
    }
}
