package supervisor.posix;

/**
 * A spawned child: its pid, a pidfd for it (the only way it is ever reaped) and the parent ends of
 * its pipes, non-blocking and close-on-exec. {@code stderrFd} is -1 when stderr was redirected to
 * stdout. The fds belong to the {@link IoLoop} once the child is registered there.
 */
public record Child(int pid, int pidfd, int stdinFd, int stdoutFd, int stderrFd) {
}
