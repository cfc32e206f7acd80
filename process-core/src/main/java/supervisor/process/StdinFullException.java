package supervisor.process;

/**
 * A write to a child's stdin refused because what children have not read yet would pass its
 * bound (see {@link Subprocess#writeStdin}); nothing was written.
 */
public final class StdinFullException extends RuntimeException {
    public StdinFullException(String message) {
        super(message, null, false, false);
    }
}
