package supervisor.process;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import supervisor.check.Check;
import supervisor.check.Prober;

/**
 * The bookkeeping {@link ReadyWait} and {@link HealthWatch} share: at most one check attempt at
 * a time, run off the loop by the prober, and the timer for the next one. An outcome comes back
 * to the loop only while these attempts are not over and it is the latest attempt's; after
 * {@link #cancel} nothing more arrives, a running attempt is abandoned and the timer is gone.
 * Used on the loop only.
 */
final class Attempts {
    private final EventLoop loop;
    private final Prober prober;
    private boolean over;
    private CompletableFuture<Boolean> attempt;
    private EventLoop.Timer next;

    Attempts(EventLoop loop, Prober prober) {
        this.loop = loop;
        this.prober = prober;
    }

    /** Starts one attempt, bounded by {@code boundMillis}; {@code outcome} gets true when it passed. */
    void attempt(Check check, long boundMillis, Consumer<Boolean> outcome) {
        CompletableFuture<Boolean> a = prober.probe(check, boundMillis);
        attempt = a;
        a.whenComplete((ok, error) -> loop.execute(() -> {
            if (over || attempt != a) {
                return;
            }
            attempt = null;
            outcome.accept(Boolean.TRUE.equals(ok));
        }));
    }

    /** Runs {@code task} on the loop after {@code delayMillis}, unless these attempts are over by then. */
    void later(long delayMillis, Runnable task) {
        next = loop.schedule(delayMillis, () -> {
            next = null;
            if (!over) {
                task.run();
            }
        });
    }

    boolean over() {
        return over;
    }

    /** Nothing more is attempted and no outcome arrives; a running attempt is abandoned. */
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
