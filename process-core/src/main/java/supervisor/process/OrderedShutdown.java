package supervisor.process;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import supervisor.depends.DependencyGraph;
import supervisor.logging.ActivityLog;

/**
 * supervisord's ordered stop, at shutdown or restart: the group of highest priority is stopped
 * first, and the next one only once all its members are down. With depends_on, a process is
 * stopped only once everything that depends on it is down, and a group's stop takes the
 * dependents of its members with it, whatever their groups' priorities. Polled as a waiter after every
 * batch of state changes; names what it still waits for on the first pass, then every 3 seconds.
 */
final class OrderedShutdown implements Waiters.Waiter {
    private final Supplier<List<ProcessGroup>> groups;
    /** The groups still to stop, ascending by priority: the last one is stopped first. */
    private final List<ProcessGroup> remaining;
    private final DependencyScheduler dependencies;
    private final ActivityLog log;
    private final EventLoop loop;
    private final Runnable done;
    private boolean finished;

    /**
     * @param groups the active groups ascending by (priority, name), read again for each report
     * @param done   runs on the loop once every process is stopped
     */
    OrderedShutdown(Supplier<List<ProcessGroup>> groups, DependencyScheduler dependencies, ActivityLog log,
                    EventLoop loop, Runnable done) {
        this.groups = groups;
        this.dependencies = dependencies;
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
            stopAll(g);
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

    /**
     * supervisord's stop_all of one group: highest priority first, RUNNING and STARTING members
     * get their stop signal, BACKOFF members give up (FATAL), except that one with
     * retry_forever, which is never FATAL, is stopped (STOPPED); the others are left alone.
     * With depends_on the members' dependents come along, and whatever still has a dependent
     * up waits for a later step.
     */
    private void stopAll(ProcessGroup g) {
        DependencyGraph<Subprocess> graph = dependencies.graph();
        List<Subprocess> wanted = new ArrayList<>(g.byPriority().reversed());
        for (Subprocess p : List.copyOf(wanted)) {
            graph.allDependents(p).stream().filter(d -> !wanted.contains(d)).forEach(wanted::add);
        }
        for (Subprocess p : graph.stopOrder(wanted)) {
            if (graph.dependents(p).stream().allMatch(d -> d.state().isStopped())) {
                stop(p);
            }
        }
    }

    private static void stop(Subprocess p) {
        switch (p.state()) {
            case RUNNING, STARTING -> p.stop();
            case BACKOFF -> {
                if (p.config().retryForever()) {
                    p.stop();
                } else {
                    p.giveUp();
                }
            }
            default -> { }
        }
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
