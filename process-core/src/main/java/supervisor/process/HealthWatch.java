package supervisor.process;

import supervisor.check.Liveness;
import supervisor.check.Prober;

/**
 * Watches, for one stay in RUNNING, that a process keeps passing its health_check: one attempt
 * every health_interval (the first one interval after RUNNING was entered), each off the loop
 * and bounded by {@link ReadyWait#ATTEMPT_MILLIS} or the interval, whichever is shorter, so an
 * attempt never overlaps the next. A pass resets the count of failures in a row; the
 * health_failures-th failure in a row calls {@code failing} on the loop, once, and ends the
 * watch. The sibling of {@link ReadyWait}: only outcomes come back to the loop, and only while
 * the watch is not cancelled (the process leaving RUNNING cancels it).
 */
final class HealthWatch {
    private final Clock clock;
    private final Liveness liveness;
    private final Runnable failing;
    private final Attempts attempts;
    private int failuresInARow;

    /** @param failing run on the loop, once, at the health_failures-th failure in a row */
    HealthWatch(EventLoop loop, Clock clock, Prober prober, Liveness liveness, Runnable failing) {
        this.clock = clock;
        this.attempts = new Attempts(loop, prober);
        this.liveness = liveness;
        this.failing = failing;
    }

    private long intervalMillis() {
        return liveness.intervalSeconds() * 1000L;
    }

    /** Starts watching: the first attempt is one interval away. */
    void start() {
        attempts.later(intervalMillis(), this::attempt);
    }

    /** How many attempts in a row have failed so far (for the log line). */
    int failuresInARow() {
        return failuresInARow;
    }

    private void attempt() {
        long startedMono = clock.monotonicMillis();
        attempts.attempt(liveness.check(), Math.min(ReadyWait.ATTEMPT_MILLIS, intervalMillis()), ok -> {
            if (ok) {
                failuresInARow = 0;
            } else if (++failuresInARow >= liveness.failures()) {
                attempts.cancel();
                failing.run();
                return;
            }
            // every interval from the start of the last attempt, not from its end
            attempts.later(Math.max(0, startedMono + intervalMillis() - clock.monotonicMillis()), this::attempt);
        });
    }

    /** Ends the watch: nothing more is attempted, a running attempt is abandoned, no outcome arrives. */
    void cancel() {
        attempts.cancel();
    }
}
