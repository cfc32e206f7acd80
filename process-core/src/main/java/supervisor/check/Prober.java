package supervisor.check;

import java.util.concurrent.CompletableFuture;

/**
 * Runs one attempt of a check off the supervisor loop. The answer completes true when the check
 * passed, false when it failed or its bound ran out; cancelling it abandons the attempt (a
 * command still running is killed). {@link Check.Log} is not probed: a {@link LineWatch} sees
 * the lines as they pass.
 */
@FunctionalInterface
public interface Prober {
    CompletableFuture<Boolean> probe(Check check, long boundMillis);

    /** The real one: a virtual thread per attempt. */
    static Prober system() {
        return SystemProber.INSTANCE;
    }
}
