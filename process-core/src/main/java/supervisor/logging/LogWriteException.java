package supervisor.logging;

import java.io.IOException;

/**
 * A log write that failed part way (a full disk, a quota, an I/O error): says how many of the
 * bytes given did not reach the file, so that the writer's caller can count what was lost.
 */
public final class LogWriteException extends IOException {
    private final int unwritten;

    LogWriteException(IOException cause, int unwritten) {
        super(cause.getMessage(), cause);
        this.unwritten = unwritten;
    }

    /** How many bytes of the failed write are not in the file. */
    public int unwritten() {
        return unwritten;
    }
}
