package supervisor.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An event loop and clock on virtual time, for driving the state machine step by step: tasks
 * run only when the test asks, timers fire when the test advances the clock past them.
 */
public final class ManualLoop implements EventLoop, Clock {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final List<Pending> timers = new ArrayList<>();
    private long now = 1_000_000L;
    private final long wallOffset = 1_763_700_000_000L;
    private long sequence;
    private boolean running;

    private final class Pending implements Timer {
        final long due;
        final long seq = sequence++;
        final Runnable task;
        boolean cancelled;

        Pending(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        Pending p = new Pending(now + Math.max(0, delayMillis), task);
        timers.add(p);
        return p;
    }

    @Override
    public boolean inLoop() {
        return running;
    }

    @Override
    public long wallMillis() {
        return wallOffset + now;
    }

    @Override
    public long monotonicMillis() {
        return now;
    }

    /** Runs every task that is ready now, including the ones they queue. */
    public void runReady() {
        running = true;
        try {
            while (!ready.isEmpty()) {
                ready.poll().run();
            }
        } finally {
            running = false;
        }
    }

    /** Moves the clock forward, firing each timer at its due time in order. */
    public void advance(long millis) {
        long end = now + millis;
        runReady();
        while (true) {
            timers.removeIf(t -> t.cancelled);
            Pending next = timers.stream().filter(t -> t.due <= end)
                    .min(Comparator.<Pending>comparingLong(t -> t.due).thenComparingLong(t -> t.seq)).orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            now = Math.max(now, next.due);
            running = true;
            try {
                next.task.run();
            } finally {
                running = false;
            }
            runReady();
        }
        now = end;
        runReady();
    }
}
