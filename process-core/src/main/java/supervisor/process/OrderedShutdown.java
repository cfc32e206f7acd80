package supervisor.process;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import supervisor.logging.ActivityLog;

/**
 * supervisord's ordered stop, at shutdown or restart: the group of highest priority is stopped
 * first, and the next one only once all its members are down. Polled as a waiter after every
 * batch of state changes; names what it still waits for on the first pass, then every 3 seconds.
 */
final class OrderedShutdown implements Waiters.Waiter {
    private final Supplier<List<ProcessGroup>> groups;
    /** The groups still to stop, ascending by priority: the last one is stopped first. */
    private final List<ProcessGroup> remaining;
    private final ActivityLog log;
    private final EventLoop loop;
    private final Runnable done;
    private boolean finished;

    /**
     * @param groups the active groups ascending by (priority, name), read again for each report
     * @param done   runs on the loop once every process is stopped
     */
    OrderedShutdown(Supplier<List<ProcessGroup>> groups, ActivityLog log, EventLoop loop, Runnable done) {
        this.groups = groups;
        this.remaining = new ArrayList<>(groups.get());
        this.log = log;
        this.loop = loop;
        this.done = done;
    }

    /** Starts the stop: the first step now, the reports from now on. */
    void begin(Waiters waiters) {
        waiters.await(this);
        reportEvery3s();
    }

    /**
     * One step: the highest group still listed gets stop_all; once its members are all stopped
     * it is dropped and the next lower group follows.
     */
    @Override
    public boolean poll() {
        while (!remaining.isEmpty()) {
            ProcessGroup g = remaining.getLast();
            g.stopAll();
            if (!g.unstopped().isEmpty()) {
                return false;
            }
            remaining.removeLast();
        }
        if (!unstopped().isEmpty()) {
            return false;
        }
        finished = true;
        done.run();
        return true;
    }

    private void reportEvery3s() {
        if (finished) {
            return;
        }
        // named in priority order of their groups, as supervisord lists them
        List<Subprocess> left = unstopped();
        if (!left.isEmpty()) {
            log.info("waiting for " + left.stream().map(Subprocess::name).collect(Collectors.joining(", "))
                    + " to die");
        }
        loop.schedule(3000, this::reportEvery3s);
    }

    private List<Subprocess> unstopped() {
        return groups.get().stream().flatMap(g -> g.unstopped().stream()).toList();
    }
}
