package supervisor.ctl;

import static supervisor.ctl.Controller.structs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import supervisor.rpc.RpcFault;
import supervisor.rpc.XmlRpcClient;

/**
 * restart. 4.2.5's supervisorctl stops, then starts, in two calls, so everything named is down
 * at once. When the server offers {@code supervisor_ext.restartProcesses} (beyond.md), ours makes
 * that one call instead, so that {@code [supervisord] restart_parallelism} rolls, and prints what
 * the two calls would have printed: the stop lines of what was running, then the start lines,
 * name by name as given. What it could not print line for line goes the two-call way: a name
 * that names nothing, a process named twice, one on its way down, a server without the call.
 */
final class RestartCommand {
    /** STARTING, RUNNING, BACKOFF: what a stop call stops. */
    private static final Set<Integer> RUNNING_STATES = Set.of(10, 20, 30);
    /** STOPPING, UNKNOWN: states the two calls answer in ways one call cannot tell. */
    private static final Set<Integer> UNSETTLED_STATES = Set.of(40, 1000);

    private RestartCommand() {
    }

    static boolean restart(Controller ctl, String arg) throws IOException {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Py.split(arg);
        if (names.isEmpty()) {
            ctl.output("Error: restart requires a process name");
            ctl.exitstatus = Exit.GENERIC;
            Help.show(ctl, "restart");
            return false;
        }
        if (!rolled(ctl, names)) {
            // a stop, then a start, each as its own command (4.2.5 does not reread the config here)
            ProcessCommands.stop(ctl, arg);
            ProcessCommands.start(ctl, arg);
        }
        return false;
    }

    /** What one name of the command names: its processes' namespecs, and whether it is a single process. */
    private record Named(List<String> namespecs, boolean single) {
    }

    /** Restarts through restartProcesses and prints 4.2.5's lines; false when nothing was done. */
    private static boolean rolled(Controller ctl, List<String> names) throws IOException {
        XmlRpcClient supervisor = ctl.supervisor();
        List<Map<String, Object>> infos = structs(supervisor.call("supervisor.getAllProcessInfo"));
        // with "all" among them the others are not looked at, as the stop and start commands do
        List<String> units = names.contains("all") ? List.of("all") : names;
        List<Named> named = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> wasRunning = new HashSet<>();
        for (String unit : units) {
            String[] gp = Py.splitNamespec(unit);
            boolean all = unit.equals("all");
            List<String> namespecs = new ArrayList<>();
            for (Map<String, Object> info : infos) {
                if (all || info.get("group").equals(gp[0]) && (gp[1] == null || info.get("name").equals(gp[1]))) {
                    String namespec = Py.namespec(info.get("group"), info.get("name"));
                    int state = ((Number) info.get("state")).intValue();
                    if (UNSETTLED_STATES.contains(state) || !seen.add(namespec)) {
                        return false;
                    }
                    if (RUNNING_STATES.contains(state)) {
                        wasRunning.add(namespec);
                    }
                    namespecs.add(namespec);
                }
            }
            if (namespecs.isEmpty() && !all) {
                return false;
            }
            named.add(new Named(namespecs, !all && gp[1] != null));
        }
        List<Map<String, Object>> results;
        try {
            results = structs(supervisor.call("supervisor_ext.restartProcesses", names));
        } catch (RpcFault f) {
            if (f.faultCode() == Controller.UNKNOWN_METHOD || f.faultCode() == Controller.BAD_NAME) {
                return false; // a server without the call, or a name gone since: nothing was restarted
            }
            ctl.exitstatus = Exit.GENERIC;
            throw f;
        }
        // the answer is in the order of the *All calls, the order their answers are printed in
        Map<String, Map<String, Object>> byNamespec = new LinkedHashMap<>();
        results.forEach(r -> byNamespec.put(Py.namespec(r.get("group"), r.get("name")), r));
        for (Named n : named) {
            for (Map<String, Object> result : resultsOf(n, byNamespec)) {
                String namespec = Py.namespec(result.get("group"), result.get("name"));
                int code = stopFailed(result) ? Controller.FAILED
                        : wasRunning.contains(namespec) ? Controller.SUCCESS : Controller.NOT_RUNNING;
                if (code == Controller.NOT_RUNNING && !n.single()) {
                    continue; // a group's stop answers for its running members only
                }
                ctl.output(ProcessCommands.signalResult(with(result, code), "stopped"));
                ctl.exitFromFault(code, Controller.NOT_RUNNING);
            }
        }
        for (Named n : named) {
            for (Map<String, Object> result : resultsOf(n, byNamespec)) {
                if (stopFailed(result)) {
                    if (!n.single()) {
                        continue; // still running: a group's start passes it by
                    }
                    result = with(result, Controller.ALREADY_STARTED);
                }
                ctl.output(ProcessCommands.startResult(result));
                ctl.exitFromFault(ProcessCommands.code(result), Controller.ALREADY_STARTED);
            }
        }
        return true;
    }

    private static List<Map<String, Object>> resultsOf(Named n, Map<String, Map<String, Object>> byNamespec) {
        List<Map<String, Object>> of = new ArrayList<>();
        byNamespec.forEach((namespec, result) -> {
            if (n.namespecs().contains(namespec)) {
                of.add(result);
            }
        });
        return of;
    }

    /** FAILED in restartProcesses's answer: the stop could not be sent, and nothing was started. */
    private static boolean stopFailed(Map<String, Object> result) {
        return ProcessCommands.code(result) == Controller.FAILED;
    }

    private static Map<String, Object> with(Map<String, Object> result, int code) {
        Map<String, Object> changed = new HashMap<>(result);
        changed.put("status", code);
        return changed;
    }
}
