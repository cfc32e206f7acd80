package supervisor.server.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import supervisor.intent.Intent;
import supervisor.process.RollingRestart;
import supervisor.process.Subprocess;
import supervisor.process.Supervisor;
import supervisor.rpc.Args;
import supervisor.rpc.FaultCode;
import supervisor.rpc.RpcFault;

/**
 * supervisor_ext.restartProcesses, and the answer of any rolling restart: one struct per
 * process shaped like startProcessGroup's ({name, group, status, description}).
 */
final class Restarts {
    private final Supervisor supervisor;
    private final Lookup lookup;

    Restarts(Supervisor supervisor, Lookup lookup) {
        this.supervisor = supervisor;
        this.lookup = lookup;
    }

    /**
     * restartProcesses(names[, wait]): the processes the namespecs name ({@code name},
     * {@code group:name}, {@code group:*}, a group's name; an empty array or {@code all}: every
     * process), each once, in the order of the *All calls, restarted in waves of
     * restart_parallelism (all at once when unset). A name that names nothing faults BAD_NAME
     * before anything is restarted. The answer lists them in that order too, whatever order the
     * restarts end in, so a client can print it as the *All calls' answers read.
     */
    Object restartProcesses(Args a) {
        if (!(a.get(0) instanceof List<?> names)) {
            throw new RpcFault(FaultCode.INCORRECT_PARAMETERS, String.valueOf(a.get(0)));
        }
        boolean wait = a.bool(1, true);
        List<Subprocess> chosen = new ArrayList<>();
        if (names.isEmpty() || names.contains("all")) {
            chosen.addAll(lookup.allByPriority());
        } else {
            LinkedHashMap<Subprocess, Boolean> named = new LinkedHashMap<>();
            for (Object n : names) {
                Lookup.Target t = lookup.resolve(String.valueOf(n));
                (t.process() == null ? t.group().byPriority() : List.of(t.process())).forEach(p -> named.put(p, true));
            }
            lookup.allByPriority().stream().filter(named::containsKey).forEach(chosen::add);
        }
        chosen.forEach(p -> supervisor.intents().record(p.namespec(), Intent.STARTED));
        int parallelism = supervisor.reloadSettings().restartParallelism();
        return answer(supervisor.restart(chosen, parallelism).thenApply(outcomes -> inOrderOf(chosen, outcomes)), wait);
    }

    private static List<RollingRestart.Outcome> inOrderOf(List<Subprocess> chosen, List<RollingRestart.Outcome> outcomes) {
        Map<Subprocess, Integer> turn = new IdentityHashMap<>();
        chosen.forEach(p -> turn.put(p, turn.size()));
        List<RollingRestart.Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparing(o -> turn.getOrDefault(o.process(), chosen.size())));
        return sorted;
    }

    /** The outcomes as result structs once all are known; without wait, at once an empty array (the restart goes on). */
    static CompletableFuture<List<Object>> answer(CompletableFuture<List<RollingRestart.Outcome>> restart, boolean wait) {
        if (!wait) {
            return CompletableFuture.completedFuture(List.of());
        }
        return restart.thenApply(outcomes -> {
            List<Object> results = new ArrayList<>();
            for (RollingRestart.Outcome o : outcomes) {
                results.add(result(o));
            }
            return results;
        });
    }

    private static Object result(RollingRestart.Outcome o) {
        Subprocess p = o.process();
        return switch (o.result()) {
            case RUNNING, NOT_STARTED -> ProcessControl.success(p);
            case SPAWN_ERROR -> ProcessControl.result(p, new RpcFault(FaultCode.SPAWN_ERROR, p.namespec()));
            case ABNORMAL_TERMINATION -> ProcessControl.result(p,
                    new RpcFault(FaultCode.ABNORMAL_TERMINATION, p.namespec()));
            case NO_FILE -> ProcessControl.result(p, new RpcFault(FaultCode.NO_FILE, o.detail()));
            case NOT_EXECUTABLE -> ProcessControl.result(p, new RpcFault(FaultCode.NOT_EXECUTABLE, o.detail()));
            case STOP_FAILED -> ProcessControl.result(p, new RpcFault(FaultCode.FAILED, o.detail()));
            case ABANDONED -> ProcessControl.result(p, new RpcFault(FaultCode.SHUTDOWN_STATE));
        };
    }
}
