package supervisor.process;

/**
 * How soon an exited process may be autorestarted. supervisord restarts at most once a second
 * because it looks once a second; here a crashed program comes back at once, but a program
 * that exits as soon as it starts must not spin a CPU core: at most {@value #BURST} autorestarts
 * fall within any one second, and a further one waits until the oldest of them is a second old.
 */
final class RestartPace {
    static final int BURST = 10;
    private static final long WINDOW_MILLIS = 1000;

    /** Monotonic times of the last BURST autorestarts, oldest at {@code next}. */
    private final long[] recent = new long[BURST];
    private int count;
    private int next;

    /** Milliseconds to wait before an autorestart at {@code now}; 0 = go ahead. */
    long delayAt(long now) {
        if (count < BURST) {
            return 0;
        }
        return Math.max(0, recent[next] + WINDOW_MILLIS - now);
    }

    void record(long now) {
        recent[next] = now;
        next = (next + 1) % BURST;
        count = Math.min(count + 1, BURST);
    }
}
