package supervisor.server.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import supervisor.config.ConfigException;
import supervisor.config.Datatypes;
import supervisor.events.Event;
import supervisor.intent.Intent;
import supervisor.process.DependencyScheduler;
import supervisor.process.ExecArgs;
import supervisor.process.MemberUpdates;
import supervisor.process.ProcessGroup;
import supervisor.process.ProcessState;
import supervisor.process.StdinFullException;
import supervisor.process.Subprocess;
import supervisor.process.Supervisor;
import supervisor.process.Waiters;
import supervisor.rpc.Args;
import supervisor.rpc.FaultCode;
import supervisor.rpc.Futures;
import supervisor.rpc.RpcFault;

/**
 * Process control: start, stop and signal one process, a group or all processes, with
 * supervisord's waiting rules; writing to a process's stdin; remote communication events.
 * All methods run on the supervisor's loop thread. A call that must wait returns a
 * CompletableFuture completed by a {@link Waiters.Waiter} when the process settles, so no
 * thread is held while a client waits.
 */
final class ProcessControl {
    private final Supervisor supervisor;
    private final Lookup lookup;

    ProcessControl(Supervisor supervisor, Lookup lookup) {
        this.supervisor = supervisor;
        this.lookup = lookup;
    }

    // --- the methods --------------------------------------------------------------------------

    Object startProcess(Args a) {
        return startProcess(a.string(0), a.bool(1, true));
    }

    Object startProcessGroup(Args a) {
        return startGroup(lookup.group(a.string(0)).byPriority(), a.bool(1, true));
    }

    Object startAllProcesses(Args a) {
        return startGroup(lookup.allByPriority(), a.bool(0, true));
    }

    Object stopProcess(Args a) {
        return stopProcess(a.string(0), a.bool(1, true));
    }

    /**
     * Stops a group; under update_scope=process, while an update of the group is pending, only
     * the members that leave it (and with restart_parallelism, restarts the changed ones in waves).
     */
    Object stopProcessGroup(Args a) {
        ProcessGroup g = lookup.group(a.string(0));
        boolean wait = a.bool(1, true);
        MemberUpdates updates = supervisor.updates();
        if (!updates.pending(g)) {
            return stopGroup(g.byPriority(), wait);
        }
        int parallelism = supervisor.reloadSettings().restartParallelism();
        if (parallelism == 0) {
            return stopGroup(updates.leaving(g), wait);
        }
        // the members gone from the config are only stopped; the changed ones roll
        CompletableFuture<List<Object>> gone = stopGroup(updates.gone(g), wait);
        CompletableFuture<List<Object>> rolled = Restarts.answer(updates.rollChanged(g, parallelism), wait);
        return gone.thenCombine(rolled, (x, y) -> {
            List<Object> all = new ArrayList<>(x);
            all.addAll(y);
            return all;
        });
    }

    Object stopAllProcesses(Args a) {
        return stopGroup(lookup.allByPriority(), a.bool(0, true));
    }

    Object signalProcess(Args a) {
        return signalProcess(a.string(0), a.get(1));
    }

    Object signalProcessGroup(Args a) {
        return signalGroup(lookup.group(a.string(0)).byPriority(), a.get(1));
    }

    Object signalAllProcesses(Args a) {
        return signalGroup(lookup.allByPriority(), a.get(0));
    }

    Object sendProcessStdin(Args a) {
        if (!(a.get(1) instanceof String chars)) {
            throw new RpcFault(FaultCode.INCORRECT_PARAMETERS, String.valueOf(a.get(1)));
        }
        String name = a.string(0);
        Subprocess p = lookup.process(name);
        if (p.pid() == 0 || p.isStopping()) {
            throw new RpcFault(FaultCode.NOT_RUNNING, name);
        }
        boolean written;
        try {
            written = p.writeStdin(chars);
        } catch (StdinFullException e) {
            // supervisord would keep it all, however much the program leaves unread
            throw new RpcFault(FaultCode.FAILED, e.getMessage());
        }
        if (!written) {
            throw new RpcFault(FaultCode.NO_FILE, name);
        }
        return Boolean.TRUE;
    }

    /** Raised whatever the supervisor's state; any type of argument is shown as Python's %s shows it. */
    Object sendRemoteCommEvent(Args a) {
        supervisor.events().notify(Event.remoteCommunication(pyStr(a.get(0)), pyStr(a.get(1))));
        return Boolean.TRUE;
    }

    /** A parameter as Python's {@code '%s' % value} shows it. */
    static String pyStr(Object value) {
        return switch (value) {
            case null -> "None";
            case String s -> s;
            case Boolean b -> b ? "True" : "False";
            default -> String.valueOf(value);
        };
    }

    // --- start -----------------------------------------------------------------------------

    /**
     * startProcess: true, a future of true, or (for {@code group:*}) the group's result array.
     * With depends_on the call starts the process's chain (its stopped dependencies first, as
     * {@link DependencyScheduler#startChain} finds them), each member spawned once its own
     * dependencies are RUNNING; each member is checked as startProcess checks it, and a member
     * that fails fails the call with the fault a start of that member would give, naming it.
     */
    Object startProcess(String name, boolean wait) {
        Lookup.Target t = lookup.resolve(name);
        if (t.process() == null) {
            return startGroup(t.group().byPriority(), wait);
        }
        Subprocess p = t.process();
        DependencyScheduler deps = supervisor.dependencies();
        checkCommand(p);
        if (ProcessState.RUNNING_STATES.contains(p.state())) {
            throw new RpcFault(FaultCode.ALREADY_STARTED, name);
        }
        if (p.state() == ProcessState.UNKNOWN) {
            throw new RpcFault(FaultCode.FAILED, name + " is in an unknown process state");
        }
        List<Subprocess> chain = deps.startChain(List.of(p));
        for (Subprocess m : chain) {
            if (!deps.graph().unknown(m).isEmpty()) {
                throw new RpcFault(FaultCode.BAD_NAME, deps.graph().unknown(m).getFirst());
            }
            if (m != p) {
                checkCommand(m);
            }
        }
        // the operator asked for these to run (remember_state): the process and what it starts first
        for (Subprocess m : chain) {
            supervisor.intents().record(m.namespec(), Intent.STARTED);
        }
        for (Subprocess m : deps.start(List.of(p))) {
            if (m.spawnerr() != null) {
                throw new RpcFault(FaultCode.SPAWN_ERROR, m == p ? name : m.namespec());
            }
        }
        List<Subprocess> members = new ArrayList<>(deps.graph().allDependencies(p));
        members.add(p);
        if (!wait || chainOutcome(members, p, name) != null) {
            return Boolean.TRUE;
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        supervisor.waiters().await(() -> {
            try {
                if (chainOutcome(members, p, name) != null) {
                    done.complete(Boolean.TRUE);
                }
            } catch (RpcFault f) {
                done.completeExceptionally(f);
            }
            return done.isDone();
        });
        return done;
    }

    /** NO_FILE or NOT_EXECUTABLE when the command cannot be run, before anything changes. */
    private static void checkCommand(Subprocess p) {
        try {
            ExecArgs.resolve(p.config().command(), p.config().environment());
        } catch (ExecArgs.Failure e) {
            throw new RpcFault(e.kind() == ExecArgs.Failure.Kind.NO_FILE ? FaultCode.NO_FILE : FaultCode.NOT_EXECUTABLE,
                    e.getMessage());
        }
    }

    /**
     * A waited start of {@code p} and the processes it depends on ({@code members}, dependencies
     * first): true once all are RUNNING, null while some are on their way (waiting for their own
     * dependencies, or STARTING), a fault as startProcess gives it for the first member that
     * failed (its spawn error, or any other state). Without depends_on the members are {@code p}
     * alone and this is supervisord's own wait.
     */
    private Boolean chainOutcome(List<Subprocess> members, Subprocess p, String name) {
        DependencyScheduler deps = supervisor.dependencies();
        boolean all = true;
        for (Subprocess m : members) {
            if (deps.isWaiting(m)) {
                all = false;
                continue;
            }
            String spec = m == p ? name : m.namespec();
            if (m.spawnerr() != null) {
                throw new RpcFault(FaultCode.SPAWN_ERROR, spec);
            }
            if (m.state() != ProcessState.RUNNING && m.state() != ProcessState.STARTING) {
                throw new RpcFault(FaultCode.ABNORMAL_TERMINATION, spec);
            }
            all &= m.state() == ProcessState.RUNNING;
        }
        return all ? Boolean.TRUE : null;
    }

    /** In the group's order, except that what a member depends on is started before it. */
    CompletableFuture<List<Object>> startGroup(List<Subprocess> processes, boolean wait) {
        return forEach(supervisor.dependencies().graph().startOrder(processes),
                p -> !ProcessState.RUNNING_STATES.contains(p.state()), p -> startProcess(p.namespec(), wait));
    }

    // --- stop ------------------------------------------------------------------------------

    Object stopProcess(String name, boolean wait) {
        Lookup.Target t = lookup.resolve(name);
        if (t.process() == null) {
            return stopGroup(t.group().byPriority(), wait);
        }
        Subprocess p = t.process();
        if (!ProcessState.RUNNING_STATES.contains(p.state())) {
            supervisor.dependencies().cancel(p); // no longer waits to be started either
            throw new RpcFault(FaultCode.NOT_RUNNING, name);
        }
        supervisor.intents().record(p.namespec(), Intent.STOPPED);
        String error = p.stop();
        if (error != null) {
            throw new RpcFault(FaultCode.FAILED, error);
        }
        if (!wait || p.state().isStopped()) {
            return Boolean.TRUE;
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        supervisor.waiters().await(() -> {
            if (p.state().isStopped()) {
                done.complete(Boolean.TRUE);
            }
            return done.isDone();
        });
        reportWhileStopping(p, done);
        return done;
    }

    /**
     * supervisord logs "waiting for x to stop" as soon as a waiting stop call first finds the
     * process still STOPPING (its first poll, one loop turn later, so an exit already queued
     * wins), then every 2 seconds while the call waits.
     */
    private void reportWhileStopping(Subprocess p, CompletableFuture<Object> done) {
        supervisor.loop().execute(() -> reportEvery2s(p, done));
    }

    private void reportEvery2s(Subprocess p, CompletableFuture<Object> done) {
        if (done.isDone()) {
            return;
        }
        p.stopReport();
        supervisor.loop().schedule(2000, () -> reportEvery2s(p, done));
    }

    /**
     * In the group's order, except that with depends_on a member is stopped only once what
     * depends on it among {@code processes} is stopped; what waited to be started waits no more.
     */
    CompletableFuture<List<Object>> stopGroup(List<Subprocess> processes, boolean wait) {
        DependencyScheduler deps = supervisor.dependencies();
        processes.forEach(deps::cancel);
        return forEach(deps.graph().stopOrder(processes), p -> ProcessState.RUNNING_STATES.contains(p.state()), p -> {
            CompletableFuture<Void> clear = deps.afterDependents(p, processes);
            if (clear.isDone()) {
                return stopProcess(p.namespec(), wait);
            }
            return clear.<Object>thenCompose(v -> {
                try {
                    Object outcome = stopProcess(p.namespec(), wait);
                    return outcome instanceof CompletableFuture<?> f ? f.thenApply(x -> (Object) x)
                            : CompletableFuture.completedFuture(outcome);
                } catch (RpcFault f) {
                    return CompletableFuture.failedFuture(f);
                }
            });
        });
    }

    // --- signal ----------------------------------------------------------------------------

    Object signalProcess(String name, Object signal) {
        Lookup.Target t = lookup.resolve(name);
        if (t.process() == null) {
            return signalGroup(t.group().byPriority(), signal).join();
        }
        int sig = parseSignal(signal);
        Subprocess p = t.process();
        if (!ProcessState.SIGNALLABLE_STATES.contains(p.state())) {
            throw new RpcFault(FaultCode.NOT_RUNNING, name);
        }
        String error = p.signal(sig);
        if (error != null) {
            throw new RpcFault(FaultCode.FAILED, error);
        }
        return Boolean.TRUE;
    }

    CompletableFuture<List<Object>> signalGroup(List<Subprocess> processes, Object signal) {
        return forEach(processes, p -> ProcessState.SIGNALLABLE_STATES.contains(p.state()),
                p -> signalProcess(p.namespec(), signal));
    }

    /**
     * A signal as supervisord's signalProcess takes it: whatever Python's int() makes of the
     * value (an int, a boolean, a double truncated, a numeric string), else a name with or
     * without SIG; then only the numbers Python's signal module defines are accepted, which
     * includes 0 (a mere existence check) and SIGRTMIN/SIGRTMAX but no other real-time signal.
     */
    static int parseSignal(Object signal) {
        String text = switch (signal) {
            case Integer i -> Integer.toString(i);
            case Boolean b -> b ? "1" : "0";
            case Double d when Double.isFinite(d) -> Long.toString((long) d.doubleValue());
            case String str -> str;
            default -> null;
        };
        if (text != null) {
            try {
                return Datatypes.signal(text);
            } catch (ConfigException e) {
                // not a signal: the fault below
            }
        }
        throw new RpcFault(FaultCode.BAD_SIGNAL, String.valueOf(signal));
    }

    // --- the *Group / *All machinery (supervisord's make_allfunc) --------------------------

    /**
     * Applies {@code op} to every process the predicate selects, in the given order, all in one
     * pass. The result array lists first the results known at once (faults and immediate
     * successes) in that order, then the waited-for results in the order they complete.
     */
    private CompletableFuture<List<Object>> forEach(List<Subprocess> processes, Predicate<Subprocess> selected,
                                                    java.util.function.Function<Subprocess, Object> op) {
        List<Object> results = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (Subprocess p : processes) {
            if (!selected.test(p)) {
                continue;
            }
            Object outcome;
            try {
                outcome = op.apply(p);
            } catch (RpcFault f) {
                results.add(result(p, f));
                continue;
            }
            if (outcome instanceof CompletableFuture<?> f) {
                pending.add(f.handle((v, err) -> results.add(err == null ? success(p) : result(p, asFault(err)))));
            } else {
                results.add(success(p));
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(v -> results);
    }

    /** A waited-for call's failure as the fault its result struct reports. */
    private static RpcFault asFault(Throwable err) {
        Throwable t = Futures.cause(err);
        return t instanceof RpcFault f ? f : new RpcFault(FaultCode.FAILED, String.valueOf(t));
    }

    static Map<String, Object> success(Subprocess p) {
        return struct(p.name(), p.group().name(), FaultCode.SUCCESS.code, "OK");
    }

    static Map<String, Object> result(Subprocess p, RpcFault f) {
        return struct(p.name(), p.group().name(), f.faultCode(), f.faultString());
    }

    static Map<String, Object> struct(String name, String group, int status, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("group", group);
        m.put("status", status);
        m.put("description", description);
        return m;
    }
}
