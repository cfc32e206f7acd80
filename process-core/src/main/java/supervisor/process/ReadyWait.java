package supervisor.process;

import supervisor.check.Check;
import supervisor.check.LineWatch;
import supervisor.check.Prober;

/**
 * Waits, for one spawn of a process, until its check passes: tcp, http and exec checks are
 * attempted again every {@link #INTERVAL_MILLIS} (each attempt off the loop, bounded by
 * {@link #ATTEMPT_MILLIS} and by the time left), a log check listens to the output. Only the
 * outcome comes back to the loop, and only while the wait is not cancelled: the process's own
 * deadline (ready_timeout) and any stop or exit cancel it. {@link HealthWatch} is its sibling for health_check.
 */
final class ReadyWait {
    /** Between the end of a failed attempt and the next. */
    static final long INTERVAL_MILLIS = 500;
    /** The longest one attempt may take, so that a hung attempt leaves room for the next. */
    static final long ATTEMPT_MILLIS = 5_000;

    private final EventLoop loop;
    private final Clock clock;
    private final Check check;
    private final long deadlineMono;
    private final Runnable passed;
    private final Attempts attempts;

    /**
     * @param deadlineMono after this monotonic time no attempt starts
     * @param passed       run on the loop, once, when the check has passed
     */
    ReadyWait(EventLoop loop, Clock clock, Prober prober, Check check, long deadlineMono, Runnable passed) {
        this.loop = loop;
        this.clock = clock;
        this.attempts = new Attempts(loop, prober);
        this.check = check;
        this.deadlineMono = deadlineMono;
        this.passed = passed;
    }

    /** A log check's watch, or null for a check that is attempted. Made before the spawn: it needs the sinks. */
    LineWatch lineWatch() {
        return check instanceof Check.Log log ? new LineWatch(log.regex(), () -> loop.execute(this::pass)) : null;
    }

    /** Starts attempting (a log check just listens). */
    void start() {
        if (!(check instanceof Check.Log)) {
            attempt();
        }
    }

    private void attempt() {
        long left = deadlineMono - clock.monotonicMillis();
        if (attempts.over() || left <= 0) {
            return;
        }
        attempts.attempt(check, Math.min(ATTEMPT_MILLIS, left), ok -> {
            if (ok) {
                pass();
            } else {
                attempts.later(INTERVAL_MILLIS, this::attempt);
            }
        });
    }

    private void pass() {
        if (!attempts.over()) {
            attempts.cancel();
            passed.run();
        }
    }

    /** Ends the wait: nothing more is attempted, a running attempt is abandoned, no outcome arrives. */
    void cancel() {
        attempts.cancel();
    }
}
