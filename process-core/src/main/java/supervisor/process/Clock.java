package supervisor.process;

/**
 * Time as the supervisor sees it. Timers (startsecs, backoff, stopwaitsecs) run on the
 * monotonic clock so that a wall-clock jump cannot fire or starve them; the wall clock only
 * feeds what the API reports (start, stop, now). Tests inject a manual clock.
 */
public interface Clock {
    /** Milliseconds since the epoch. */
    long wallMillis();

    /** Milliseconds on a clock that never jumps. */
    long monotonicMillis();

    Clock SYSTEM = new Clock() {
        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long monotonicMillis() {
            return System.nanoTime() / 1_000_000L;
        }
    };
}
