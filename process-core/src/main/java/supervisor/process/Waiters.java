package supervisor.process;

import java.util.ArrayList;
import java.util.List;

/**
 * What waits for a condition over process states: a deferred RPC answer (startProcess with
 * wait=true, stopProcess, a group or all of them) or the ordered shutdown. Waiters are polled
 * once after any batch of state changes, never per change, so a thousand processes stopping
 * at once cost one pass per loop turn. Loop thread only.
 */
public final class Waiters {

    /** One condition being waited for. */
    public interface Waiter {
        /** Returns true when done (the waiter then completes its own future and is dropped). */
        boolean poll();
    }

    private final EventLoop loop;
    private final List<Waiter> waiting = new ArrayList<>();
    private boolean pollQueued;

    Waiters(EventLoop loop) {
        this.loop = loop;
    }

    /** Polls the waiter now and keeps it until it reports done. */
    public void await(Waiter waiter) {
        if (!waiter.poll()) {
            waiting.add(waiter);
        }
    }

    /** How many conditions are still waited for. */
    int size() {
        return waiting.size();
    }

    /** A process changed state: every waiter is polled once, after the loop's queued work. */
    void stateChanged() {
        if (!pollQueued) {
            pollQueued = true;
            loop.execute(this::pollAll);
        }
    }

    private void pollAll() {
        pollQueued = false;
        for (Waiter w : List.copyOf(waiting)) {
            if (w.poll()) {
                waiting.remove(w);
            }
        }
    }
}
