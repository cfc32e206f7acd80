package supervisor.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A restart of several processes in waves ({@code restart_parallelism}, beyond.md): each is
 * stopped, then started again (itself, or the process that replaces it after an update), and
 * never more than {@code limit} of them are down at once: the next is stopped only when one
 * restarted before it is RUNNING again or has failed. Among the processes down at once,
 * depends_on orders the steps as a stop and a start of them all would: a process is stopped
 * after its dependents and spawned after its dependencies are RUNNING again. A waiter, polled
 * after every batch of state changes like any deferred answer, so the pace is set by the
 * processes themselves.
 */
public final class RollingRestart implements Waiters.Waiter {

    /** How one process's restart ended. */
    public enum Result {
        /** Started again and RUNNING. */
        RUNNING,
        /** Stopped and replaced by a process that does not autostart: left STOPPED. */
        NOT_STARTED,
        /** The spawn failed (spawnerr set). */
        SPAWN_ERROR,
        /** A restart by request whose command cannot be run: left stopped, as startProcess leaves it. */
        NO_FILE,
        /** Likewise, for a command that is no executable file (or cannot be parsed). */
        NOT_EXECUTABLE,
        /** Spawned, but it left STARTING for another state than RUNNING. */
        ABNORMAL_TERMINATION,
        /** The stop could not be sent (the process is beyond reach): it was left as it is, and not started. */
        STOP_FAILED,
        /** The supervisor began to stop before this process's turn came or ended. */
        ABANDONED
    }

    /**
     * One process's outcome: the process as it is now (a replacement after an update), and for
     * STOP_FAILED, NO_FILE and NOT_EXECUTABLE supervisord's message saying why.
     */
    public record Outcome(Subprocess process, Result result, String detail) {
        Outcome(Subprocess process, Result result) {
            this(process, result, null);
        }
    }

    /** A restart under way; {@code process} is the one to start once {@code old} is down. */
    private static final class Step {
        final Subprocess old;
        /** Its places in depends_on's stop and start orders of the whole restart (which break any cycle). */
        final int stopTurn;
        final int startTurn;
        Subprocess process;
        boolean stopSent;
        boolean starting;
        boolean spawned;

        Step(Subprocess old, int stopTurn, int startTurn) {
            this.old = old;
            this.stopTurn = stopTurn;
            this.startTurn = startTurn;
        }

        /** Stopped, or not running in the first place. */
        boolean isDown() {
            return starting || stopSent && old.state().isStopped();
        }

        /** Started again and RUNNING. */
        boolean isUp() {
            return spawned && process.state() == ProcessState.RUNNING;
        }
    }

    private final Deque<Step> queue = new ArrayDeque<>();
    private final List<Step> down = new ArrayList<>();
    private final int limit;
    private final Function<Subprocess, Subprocess> restartAs;
    private final boolean asRequested;
    private final ProcessContext context;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final CompletableFuture<List<Outcome>> done = new CompletableFuture<>();

    /**
     * @param processes in the order their turns come
     * @param limit     the most down at once; 0 for no limit
     * @param restartAs given a process once it is stopped, the process to start in its place
     *                  (itself for a plain restart), or null to leave it stopped
     * @param asRequested true for a restart an operator asked for: each start is checked as
     *                  startProcess checks it, and a command that cannot be run is not spawned;
     *                  false for an update's, whose new processes start as autostart starts them
     */
    RollingRestart(ProcessContext context, List<Subprocess> processes, int limit,
                   Function<Subprocess, Subprocess> restartAs, boolean asRequested) {
        this.context = context;
        this.limit = limit <= 0 ? Integer.MAX_VALUE : limit;
        this.restartAs = restartAs;
        this.asRequested = asRequested;
        Map<Subprocess, Integer> stopTurn = turns(context.dependencies().graph().stopOrder(processes));
        Map<Subprocess, Integer> startTurn = turns(context.dependencies().graph().startOrder(processes));
        processes.forEach(p -> queue.add(new Step(p, stopTurn.get(p), startTurn.get(p))));
    }

    private static Map<Subprocess, Integer> turns(List<Subprocess> order) {
        Map<Subprocess, Integer> turns = new IdentityHashMap<>();
        order.forEach(p -> turns.put(p, turns.size()));
        return turns;
    }

    /** Begins the restart; the future completes with one outcome per process, in the order they ended. */
    CompletableFuture<List<Outcome>> begin(Waiters waiters) {
        waiters.await(this);
        return done;
    }

    @Override
    public boolean poll() {
        if (context.mood().get() != SupervisorState.RUNNING) {
            // the ordered shutdown takes over; nothing more is started
            down.forEach(s -> outcomes.add(new Outcome(s.process == null ? s.old : s.process, Result.ABANDONED)));
            queue.forEach(s -> outcomes.add(new Outcome(s.old, Result.ABANDONED)));
            down.clear();
            queue.clear();
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Step s : List.copyOf(down)) {
                if (advance(s)) {
                    down.remove(s);
                    progress = true;
                }
            }
            while (down.size() < limit && !queue.isEmpty()) {
                down.add(queue.removeFirst());
                progress = true;
            }
        }
        if (down.isEmpty() && queue.isEmpty()) {
            done.complete(List.copyOf(outcomes));
            return true;
        }
        return false;
    }

    /**
     * True while a process that depends on {@code s}'s, down at the same time and before it in
     * the stop order, is not stopped yet. Only the steps under way hold one another: one that
     * has ended, or is still queued, holds nothing (waiting for it could wait for ever).
     */
    private boolean stopHeld(Step s) {
        List<Subprocess> dependents = context.dependencies().graph().dependents(s.old);
        if (dependents.isEmpty()) {
            return false; // without depends_on: no scan of the steps under way, however many
        }
        return down.stream().anyMatch(t -> t != s && t.stopTurn < s.stopTurn && dependents.contains(t.old) && !t.isDown());
    }

    /** True while a process {@code s}'s depends on, down at the same time and before it in the start order, is not RUNNING again. */
    private boolean spawnHeld(Step s) {
        List<Subprocess> dependencies = context.dependencies().graph().dependencies(s.process);
        if (dependencies.isEmpty()) {
            return false;
        }
        return down.stream().anyMatch(t -> t != s && t.startTurn < s.startTurn
                && (dependencies.contains(t.old) || t.process != null && dependencies.contains(t.process)) && !t.isUp());
    }

    /** Moves one restart on as far as the states allow; true once it has ended. */
    private boolean advance(Step s) {
        if (!s.stopSent) {
            if (stopHeld(s)) {
                return false;
            }
            s.stopSent = true;
            String error = ProcessState.RUNNING_STATES.contains(s.old.state()) ? s.old.stop() : null;
            if (error != null) {
                outcomes.add(new Outcome(s.old, Result.STOP_FAILED, error));
                return true;
            }
        }
        if (!s.starting) {
            if (!s.old.state().isStopped()) {
                return false; // still stopping
            }
            s.process = restartAs.apply(s.old);
            if (s.process == null) {
                outcomes.add(new Outcome(s.old, Result.NOT_STARTED));
                return true;
            }
            if (asRequested) {
                try {
                    ExecArgs.resolve(s.process.config().command(), s.process.config().environment());
                } catch (ExecArgs.Failure e) {
                    outcomes.add(new Outcome(s.process, e.kind() == ExecArgs.Failure.Kind.NO_FILE
                            ? Result.NO_FILE : Result.NOT_EXECUTABLE, e.getMessage()));
                    return true;
                }
            }
            s.starting = true;
        }
        Subprocess p = s.process;
        if (!s.spawned) {
            if (spawnHeld(s)) {
                return false;
            }
            s.spawned = true;
            p.spawn();
            if (p.spawnerr() == null) {
                p.settle();
            }
        }
        if (p.spawnerr() != null) {
            outcomes.add(new Outcome(p, Result.SPAWN_ERROR));
        } else if (p.state() == ProcessState.RUNNING) {
            outcomes.add(new Outcome(p, Result.RUNNING));
        } else if (p.state() != ProcessState.STARTING) {
            outcomes.add(new Outcome(p, Result.ABNORMAL_TERMINATION));
        } else {
            return false;
        }
        return true;
    }
}
