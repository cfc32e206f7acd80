package supervisor.server.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;

import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The request bodies in flight, in bytes, shared by every connection of every server: a body's
 * length is taken before it is read and given back once its answer has been written, so that
 * what all of them hold while they are read, parsed and answered stays within what the heap
 * can spare, however many clients send at once.
 *
 * <p>A body that does not fit waits its turn, first come first served, so that a big one is not
 * passed for ever by smaller ones. Small ones (what supervisorctl sends) are let past the queue
 * when they fit, and a part of the budget is theirs alone: big bodies, even ones whose clients
 * stopped sending, cannot hold up a {@code status}. A body whose turn has not come within the
 * wait it is given is refused: its request gets 503.
 *
 * <p>Thread-safe. The grants and refusals a give-back or a deadline brings run on the executor
 * the request named; a body that fits at once is granted on the caller's thread.
 */
final class BodyBudget {
    /** Bodies up to this size are let past bigger ones that wait. */
    static final long SMALL = 64 * 1024;

    private final long capacity;
    private final long reserve;
    private final Duration wait;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private long taken;
    /** The part of {@code taken} that bodies over {@link #SMALL} hold. */
    private long takenBig;

    /** A body waiting for room, until its deadline. */
    private static final class Waiter {
        final long bytes;
        final Executor executor;
        final Runnable granted;
        final Runnable refused;
        Scheduler.Task deadline;

        Waiter(long bytes, Executor executor, Runnable granted, Runnable refused) {
            this.bytes = bytes;
            this.executor = executor;
            this.granted = granted;
            this.refused = refused;
        }
    }

    /**
     * @param capacity what all bodies in flight may hold together
     * @param reserve  the part of it that only small bodies may take
     * @param wait     how long a body may wait for room
     */
    BodyBudget(long capacity, long reserve, Duration wait) {
        this.capacity = capacity;
        this.reserve = reserve;
        this.wait = wait;
    }

    /** How many bytes bodies in flight hold now. */
    synchronized long taken() {
        return taken;
    }

    /**
     * Takes {@code bytes} for a body: runs {@code granted} once they are taken (at once when they
     * fit), or {@code refused} if they could not be taken within the wait. Exactly one of the
     * two runs. Whoever is granted must {@link #give} the bytes back.
     */
    void take(long bytes, Scheduler scheduler, Executor executor, Runnable granted, Runnable refused) {
        if (bytes > (bytes <= SMALL ? capacity : capacity - reserve)) {
            refused.run(); // could never fit; bodies are limited far below the capacity
            return;
        }
        synchronized (this) {
            if (fits(bytes) && (waiting.isEmpty() || bytes <= SMALL)) {
                hold(bytes);
            } else {
                Waiter w = new Waiter(bytes, executor, granted, refused);
                waiting.add(w);
                w.deadline = scheduler.schedule(() -> expire(w), wait);
                return;
            }
        }
        granted.run();
    }

    /** Gives back what a body took, and lets in the bodies waiting that now fit. */
    void give(long bytes) {
        List<Waiter> admitted;
        synchronized (this) {
            taken -= bytes;
            if (bytes > SMALL) {
                takenBig -= bytes;
            }
            admitted = admit();
        }
        grant(admitted);
    }

    private void expire(Waiter w) {
        List<Waiter> admitted;
        synchronized (this) {
            if (!waiting.remove(w)) {
                return; // granted meanwhile
            }
            // a big body leaving the head of the queue may let smaller ones in
            admitted = admit();
        }
        w.executor.execute(w.refused);
        grant(admitted);
    }

    /** Under the lock: takes room for the waiting bodies that fit, in their order. */
    private List<Waiter> admit() {
        List<Waiter> admitted = new ArrayList<>();
        boolean head = true;
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (fits(w.bytes) && (head || w.bytes <= SMALL)) {
                it.remove();
                hold(w.bytes);
                admitted.add(w);
            } else if (head) {
                head = false; // the first that does not fit keeps bigger ones behind it waiting
            }
        }
        return admitted;
    }

    private boolean fits(long bytes) {
        return taken + bytes <= capacity && (bytes <= SMALL || takenBig + bytes <= capacity - reserve);
    }

    private void hold(long bytes) {
        taken += bytes;
        if (bytes > SMALL) {
            takenBig += bytes;
        }
    }

    private static void grant(List<Waiter> admitted) {
        for (Waiter w : admitted) {
            w.deadline.cancel();
            w.executor.execute(w.granted);
        }
    }
}
