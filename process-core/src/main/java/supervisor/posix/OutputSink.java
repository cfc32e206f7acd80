package supervisor.posix;

/**
 * Receives a child's output. Called on the I/O thread with a buffer that is reused after the call
 * returns: copy what you keep, return quickly.
 */
@FunctionalInterface
public interface OutputSink {
    void output(byte[] buf, int off, int len);
}
