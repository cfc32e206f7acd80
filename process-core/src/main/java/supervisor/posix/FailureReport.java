package supervisor.posix;

/**
 * Where a thread that survives a failure reports it, so that no internal error vanishes: the
 * daemon passes its activity log. The threads of this layer cannot know that log (it lives
 * above them), so they are told where to report.
 */
@FunctionalInterface
public interface FailureReport {
    /** @param what what failed, in a few words ("output sink of pid 42") */
    void failed(String what, Throwable failure);

    /** Standard error, for tests and tools that have no activity log. */
    FailureReport STDERR = (what, failure) -> {
        System.err.println(what + " failed:");
        failure.printStackTrace();
    };
}
