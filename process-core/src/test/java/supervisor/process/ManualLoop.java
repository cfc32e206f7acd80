package supervisor.process;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * An event loop and clock on virtual time, for driving the state machine step by step: tasks
 * run only when the test asks, timers fire when the test advances the clock past them.
 */
public final class ManualLoop implements EventLoop, Clock {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    /** Due first, then in the order scheduled; a cancelled timer leaves when it comes up or at a purge. */
    private final PriorityQueue<Pending> timers = new PriorityQueue<>(
            Comparator.<Pending>comparingLong(t -> t.due).thenComparingLong(t -> t.seq));
    private long now = 1_000_000L;
    private final long wallOffset = 1_763_700_000_000L;
    private long sequence;
    private boolean running;
    /** Timers neither fired nor cancelled. */
    private int live;

    private final class Pending implements Timer {
        final long due;
        final long seq = sequence++;
        final Runnable task;
        boolean cancelled;
        boolean fired;

        Pending(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            if (!cancelled && !fired) {
                live--;
            }
            cancelled = true;
            // thousands of processes cancel timers all the time: keep the queue from filling with them
            if (timers.size() > 64 && timers.size() > 2 * live) {
                timers.removeIf(t -> t.cancelled);
            }
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
        live++;
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

    /** Timers scheduled and neither fired nor cancelled yet. */
    public int pendingTimers() {
        return live;
    }

    /** Tasks queued to run. */
    public int readyTasks() {
        return ready.size();
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
            Pending next = timers.peek();
            if (next == null || next.due > end) {
                break;
            }
            timers.poll();
            if (next.cancelled) {
                continue;
            }
            next.fired = true;
            live--;
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
