package supervisor.process;

import static supervisor.process.ProcessState.RUNNING_STATES;
import static supervisor.process.ProcessState.SIGNALLABLE_STATES;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An operator at supervisorctl: start, stop, restart and signal a process, a group or all of
 * them, with the checks supervisord's rpcinterface makes before it touches a process (so some
 * commands are refused: already started, not running, unknown state, no such file, shutting
 * down). Where the process guards itself too (spawn() of a process with a live child, stop() or
 * signal() of one without), a refused command is also put to it, which must change nothing.
 * Counts every outcome.
 */
final class Operator {
    private final Supervisor supervisor;
    private final StateLedger ledger;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private int restartsWaiting;

    Operator(Supervisor supervisor, StateLedger ledger) {
        this.supervisor = supervisor;
        this.ledger = ledger;
    }

    Map<String, Integer> outcomes() {
        return outcomes;
    }

    List<String> violations() {
        return violations;
    }

    /** Restarts whose stop is not over yet: each holds one waiter. */
    int restartsWaiting() {
        return restartsWaiting;
    }

    // --- one process ----------------------------------------------------------------------

    /** startProcess. */
    void start(Subprocess p) {
        if (shuttingDown("start")) {
            return;
        }
        try {
            ExecArgs.resolve(p.config().command(), p.config().environment());
        } catch (ExecArgs.Failure e) {
            count("start refused NO_FILE");
            return;
        }
        ProcessState before = p.state();
        if (RUNNING_STATES.contains(before)) {
            count("start refused ALREADY_STARTED");
            if (p.pid() != 0) {
                unchangedBy(p, "spawn() with a live child", () -> ledger.acting(p, p::spawn));
            }
            return;
        }
        if (before == ProcessState.UNKNOWN) {
            count("start refused FAILED (unknown state)");
            return;
        }
        if (before == ProcessState.STOPPING) {
            // not among RUNNING_STATES: supervisord calls spawn(), which declines while the child lives
            count("start of STOPPING declined");
            unchangedBy(p, "spawn() while STOPPING", () -> ledger.acting(p, p::spawn));
            return;
        }
        StateLedger.Track t = ledger.track(p);
        int starts = t.starts;
        ledger.acting(p, () -> {
            p.spawn();
            if (p.spawnerr() == null) {
                p.settle();
            }
        });
        count(p.spawnerr() == null ? "start ok" : "start SPAWN_ERROR");
        if (t.starts != starts + 1) {
            violations.add(p.name() + ": startProcess from " + before + " made " + (t.starts - starts) + " starts");
        }
    }

    /** stopProcess. */
    void stop(Subprocess p) {
        if (shuttingDown("stop")) {
            return;
        }
        ProcessState before = p.state();
        if (!RUNNING_STATES.contains(before)) {
            count("stop refused NOT_RUNNING");
            if (p.pid() == 0) {
                unchangedBy(p, "stop() without a child", () -> ledger.acting(p, () -> {
                    if (p.stop() == null) {
                        violations.add(p.name() + ": stop() in " + before + " answered no error");
                    }
                }));
            }
            return;
        }
        StateLedger.Track t = ledger.track(p);
        int stops = t.stops;
        String[] error = new String[1];
        ledger.acting(p, () -> error[0] = p.stop());
        count(error[0] == null ? "stop ok" : "stop FAILED");
        if (error[0] == null && t.stops != stops + 1) {
            violations.add(p.name() + ": stopProcess from " + before + " made " + (t.stops - stops) + " stops");
        }
    }

    /** supervisorctl restart: stop if running, wait until stopped, then start. */
    void restart(Subprocess p) {
        if (shuttingDown("restart")) {
            return;
        }
        if (!RUNNING_STATES.contains(p.state())) {
            count("restart of a stopped process");
            start(p);
            return;
        }
        stop(p);
        awaitStopped(List.of(p), () -> start(p));
    }

    /** signalProcess. */
    void signal(Subprocess p, int sig) {
        if (shuttingDown("signal")) {
            return;
        }
        ProcessState before = p.state();
        if (!SIGNALLABLE_STATES.contains(before)) {
            count("signal refused NOT_RUNNING");
            if (p.pid() == 0) {
                unchangedBy(p, "signal() without a child", () -> ledger.signalling(p, () -> {
                    if (p.signal(sig) == null) {
                        violations.add(p.name() + ": signal() in " + before + " answered no error");
                    }
                }));
            }
            return;
        }
        String[] error = new String[1];
        ledger.signalling(p, () -> error[0] = p.signal(sig));
        count(error[0] == null ? "signal ok" : "signal FAILED");
        if (error[0] == null && p.state() != before) {
            violations.add(p.name() + ": signalProcess changed " + before + " to " + p.state());
        }
    }

    // --- groups and all -------------------------------------------------------------------

    void startGroup(List<Subprocess> processes) {
        processes.stream().filter(p -> !RUNNING_STATES.contains(p.state())).forEach(this::start);
    }

    void stopGroup(List<Subprocess> processes) {
        processes.stream().filter(p -> RUNNING_STATES.contains(p.state())).forEach(this::stop);
    }

    void signalGroup(List<Subprocess> processes, int sig) {
        processes.stream().filter(p -> SIGNALLABLE_STATES.contains(p.state())).forEach(p -> signal(p, sig));
    }

    /** supervisorctl restart group:*: stop the group, wait until all are stopped, then start it. */
    void restartGroup(List<Subprocess> processes) {
        stopGroup(processes);
        awaitStopped(processes, () -> startGroup(processes));
    }

    /** Every process, groups ascending by (priority, name), members by priority. */
    List<Subprocess> all() {
        return supervisor.sortedGroups().stream().flatMap(g -> g.byPriority().stream()).toList();
    }

    // --- helpers ---------------------------------------------------------------------------

    /** Every supervisor.* call faults SHUTDOWN_STATE once a shutdown or restart began. */
    private boolean shuttingDown(String command) {
        if (supervisor.state() == SupervisorState.RUNNING) {
            return false;
        }
        count(command + " refused SHUTDOWN_STATE");
        return true;
    }

    /** Runs {@code then} once all the processes are in a stopped state, as supervisorctl waits for a stop. */
    private void awaitStopped(List<Subprocess> processes, Runnable then) {
        restartsWaiting++;
        supervisor.waiters().await(() -> {
            if (!processes.stream().allMatch(p -> p.state().isStopped())) {
                return false;
            }
            restartsWaiting--;
            then.run();
            return true;
        });
    }

    private void unchangedBy(Subprocess p, String what, Runnable call) {
        StateLedger.Track t = ledger.track(p);
        int transitions = t.transitions;
        int kills = t.kills;
        call.run();
        if (t.transitions != transitions || t.kills != kills) {
            violations.add(p.name() + ": " + what + " changed it to " + p.state());
        }
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }
}
