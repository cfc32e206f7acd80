package supervisor.process;

import java.util.function.Consumer;

import supervisor.events.Event;

/**
 * TICK_5, TICK_60 and TICK_3600. supervisord checks once per loop turn whether the wall clock
 * entered a new 5/60/3600-second period ({@code when - when mod period}); the first check after a
 * start only records the periods. Here a timer wakes the loop at each 5-second boundary instead,
 * and the same comparison decides which ticks to raise. Loop thread only.
 */
final class TickTimer {
    private static final int[] PERIODS = {5, 60, 3600};

    private final EventLoop loop;
    private final Clock clock;
    private final Consumer<Event> emit;
    private final long[] last = new long[PERIODS.length];
    private EventLoop.Timer timer;
    private boolean stopped;

    public TickTimer(EventLoop loop, Clock clock, Consumer<Event> emit) {
        this.loop = loop;
        this.clock = clock;
        this.emit = emit;
    }

    /** Records the current periods and arms the timer. */
    public void start() {
        long now = nowSeconds();
        for (int i = 0; i < PERIODS.length; i++) {
            last[i] = timeslice(PERIODS[i], now);
        }
        arm();
    }

    public void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        if (stopped) {
            return;
        }
        long now = nowSeconds();
        for (int i = 0; i < PERIODS.length; i++) {
            long slice = timeslice(PERIODS[i], now);
            if (slice != last[i]) {
                last[i] = slice;
                emit.accept(Event.tick(PERIODS[i], slice));
            }
        }
        arm();
    }

    private void arm() {
        long wall = clock.wallMillis();
        long next = (timeslice(PERIODS[0], Math.floorDiv(wall, 1000)) + PERIODS[0]) * 1000;
        timer = loop.schedule(Math.max(1, next - wall), this::fire);
    }

    private long nowSeconds() {
        return Math.floorDiv(clock.wallMillis(), 1000);
    }

    /** The start of the period containing {@code when} (epoch seconds). */
    public static long timeslice(int period, long when) {
        return when - Math.floorMod(when, period);
    }
}
