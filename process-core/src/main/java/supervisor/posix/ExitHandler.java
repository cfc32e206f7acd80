package supervisor.posix;

/** Told once, on the I/O thread, after all of the child's remaining output was delivered. */
@FunctionalInterface
public interface ExitHandler {
    void exited(WaitStatus status);
}
