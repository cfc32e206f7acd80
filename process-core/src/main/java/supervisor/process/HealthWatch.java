package supervisor.process;

import java.util.concurrent.CompletableFuture;

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
    private final EventLoop loop;
    private final Clock clock;
    private final Prober prober;
    private final Liveness liveness;
    private final Runnable failing;
    private boolean over;
    private int failuresInARow;
    private CompletableFuture<Boolean> attempt;
    private EventLoop.Timer next;

    /** @param failing run on the loop, once, at the health_failures-th failure in a row */
    HealthWatch(EventLoop loop, Clock clock, Prober prober, Liveness liveness, Runnable failing) {
        this.loop = loop;
        this.clock = clock;
        this.prober = prober;
        this.liveness = liveness;
        this.failing = failing;
    }

    private long intervalMillis() {
        return liveness.intervalSeconds() * 1000L;
    }

    /** Starts watching: the first attempt is one interval away. */
    void start() {
        next = loop.schedule(intervalMillis(), this::attempt);
    }

    /** How many attempts in a row have failed so far (for the log line). */
    int failuresInARow() {
        return failuresInARow;
    }

    private void attempt() {
        next = null;
        if (over) {
            return;
        }
        long startedMono = clock.monotonicMillis();
        CompletableFuture<Boolean> a = prober.probe(liveness.check(),
                Math.min(ReadyWait.ATTEMPT_MILLIS, intervalMillis()));
        attempt = a;
        a.whenComplete((ok, error) -> loop.execute(() -> {
            if (over || attempt != a) {
                return;
            }
            attempt = null;
            if (Boolean.TRUE.equals(ok)) {
                failuresInARow = 0;
            } else if (++failuresInARow >= liveness.failures()) {
                over = true;
                failing.run();
                return;
            }
            // every interval from the start of the last attempt, not from its end
            long wait = startedMono + intervalMillis() - clock.monotonicMillis();
            next = loop.schedule(Math.max(0, wait), this::attempt);
        }));
    }

    /** Ends the watch: nothing more is attempted, a running attempt is abandoned, no outcome arrives. */
    void cancel() {
        over = true;
        if (next != null) {
            next.cancel();
            next = null;
        }
        if (attempt != null) {
            attempt.cancel(true);
            attempt = null;
        }
    }
}
