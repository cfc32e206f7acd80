package supervisor.ctl;

import static supervisor.ctl.Controller.structs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import supervisor.rpc.RpcFault;
import supervisor.rpc.XmlRpcClient;

/** status, start, stop, signal, pid and clear: the commands that act on processes by name (restart: {@link RestartCommand}). */
final class ProcessCommands {
    /** STOPPED, EXITED, FATAL, UNKNOWN: what makes status exit 3. */
    private static final Set<Integer> STOPPED_STATES = Set.of(0, 100, 200, 1000);
    private static final int RUNNING = 20;

    private ProcessCommands() {
    }

    static void register(Map<String, Command> commands) {
        commands.put("status", (ctl, arg) -> status(ctl, arg));
        commands.put("start", (ctl, arg) -> start(ctl, arg));
        commands.put("stop", (ctl, arg) -> stop(ctl, arg));
        commands.put("restart", (ctl, arg) -> RestartCommand.restart(ctl, arg));
        commands.put("signal", (ctl, arg) -> signal(ctl, arg));
        commands.put("pid", (ctl, arg) -> pid(ctl, arg));
        commands.put("clear", (ctl, arg) -> clear(ctl, arg));
    }

    static boolean status(Controller ctl, String arg) throws IOException {
        if (!ctl.upcheck()) {
            // status reports an unreachable server as "unknown"
            ctl.exitstatus = Exit.STATUS_UNKNOWN;
            return false;
        }
        List<Map<String, Object>> all = structs(ctl.supervisor().call("supervisor.getAllProcessInfo"));
        List<String> names = Py.split(arg);
        List<Map<String, Object>> matching;
        if (names.isEmpty() || names.contains("all")) {
            matching = all;
        } else {
            matching = new ArrayList<>();
            for (String name : names) {
                String[] gp = Py.splitNamespec(name);
                boolean bad = true;
                for (Map<String, Object> info : all) {
                    if (info.get("group").equals(gp[0]) && (gp[1] == null || info.get("name").equals(gp[1]))) {
                        bad = false;
                        matching.add(info);
                    }
                }
                if (bad) {
                    ctl.output(gp[1] == null ? gp[0] + ": ERROR (no such group)" : name + ": ERROR (no such process)");
                    ctl.exitstatus = Exit.STATUS_UNKNOWN;
                }
            }
        }
        showStatuses(ctl, matching);
        for (Map<String, Object> info : matching) {
            if (STOPPED_STATES.contains(((Number) info.get("state")).intValue())) {
                ctl.exitstatus = Exit.STATUS_NOT_RUNNING;
            }
        }
        return false;
    }

    static void showStatuses(Controller ctl, List<Map<String, Object>> infos) {
        List<String> namespecs = new ArrayList<>();
        int width = 30;
        for (Map<String, Object> info : infos) {
            String namespec = Py.namespec(info.get("group"), info.get("name"));
            namespecs.add(namespec);
            width = Math.max(width, Py.len(namespec));
        }
        for (int k = 0; k < infos.size(); k++) {
            Map<String, Object> info = infos.get(k);
            ctl.output(Py.ljust(namespecs.get(k), width + 3) + Py.ljust(Py.str(info.get("statename")), 10)
                    + Py.str(info.get("description")));
        }
    }

    static boolean start(Controller ctl, String arg) throws IOException {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Py.split(arg);
        XmlRpcClient supervisor = ctl.supervisor();
        if (names.isEmpty()) {
            ctl.output("Error: start requires a process name");
            ctl.exitstatus = Exit.INVALID_ARGS;
            Help.show(ctl, "start");
            return false;
        }
        if (names.contains("all")) {
            for (Map<String, Object> result : structs(supervisor.call("supervisor.startAllProcesses"))) {
                ctl.output(startResult(result));
                ctl.exitFromFault(code(result), Controller.ALREADY_STARTED);
            }
            return false;
        }
        for (String name : names) {
            String[] gp = Py.splitNamespec(name);
            if (gp[1] == null) {
                try {
                    for (Map<String, Object> result : structs(supervisor.call("supervisor.startProcessGroup", gp[0]))) {
                        ctl.output(startResult(result));
                        ctl.exitFromFault(code(result), Controller.ALREADY_STARTED);
                    }
                } catch (RpcFault f) {
                    if (f.faultCode() != Controller.BAD_NAME) {
                        ctl.exitstatus = Exit.GENERIC;
                        throw f;
                    }
                    ctl.output(gp[0] + ": ERROR (no such group)");
                    ctl.exitstatus = Exit.INVALID_ARGS;
                }
            } else {
                try {
                    supervisor.call("supervisor.startProcess", name);
                    ctl.output(Py.namespec(gp[0], gp[1]) + ": started");
                } catch (RpcFault f) {
                    ctl.output(startResult(faultResult(f, gp)));
                    ctl.exitFromFault(f.faultCode(), Controller.ALREADY_STARTED);
                }
            }
        }
        return false;
    }

    static boolean stop(Controller ctl, String arg) throws IOException {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Py.split(arg);
        XmlRpcClient supervisor = ctl.supervisor();
        if (names.isEmpty()) {
            ctl.output("Error: stop requires a process name");
            ctl.exitstatus = Exit.GENERIC;
            Help.show(ctl, "stop");
            return false;
        }
        if (names.contains("all")) {
            for (Map<String, Object> result : structs(supervisor.call("supervisor.stopAllProcesses"))) {
                ctl.output(signalResult(result, "stopped"));
                ctl.exitFromFault(code(result), Controller.NOT_RUNNING);
            }
            return false;
        }
        for (String name : names) {
            String[] gp = Py.splitNamespec(name);
            if (gp[1] == null) {
                try {
                    for (Map<String, Object> result : structs(supervisor.call("supervisor.stopProcessGroup", gp[0]))) {
                        ctl.output(signalResult(result, "stopped"));
                        ctl.exitFromFault(code(result), Controller.NOT_RUNNING);
                    }
                } catch (RpcFault f) {
                    ctl.exitstatus = Exit.GENERIC;
                    if (f.faultCode() != Controller.BAD_NAME) {
                        throw f;
                    }
                    ctl.output(gp[0] + ": ERROR (no such group)");
                }
            } else {
                try {
                    supervisor.call("supervisor.stopProcess", name);
                    ctl.output(Py.namespec(gp[0], gp[1]) + ": stopped");
                } catch (RpcFault f) {
                    ctl.output(signalResult(faultResult(f, gp), "stopped"));
                    ctl.exitFromFault(f.faultCode(), Controller.NOT_RUNNING);
                }
            }
        }
        return false;
    }

    static boolean signal(Controller ctl, String arg) throws IOException {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> args = Py.split(arg);
        if (args.size() < 2) {
            ctl.output("Error: signal requires a signal name and a process name");
            Help.show(ctl, "signal");
            ctl.exitstatus = Exit.GENERIC;
            return false;
        }
        String sig = args.getFirst();
        List<String> names = args.subList(1, args.size());
        XmlRpcClient supervisor = ctl.supervisor();
        if (names.contains("all")) {
            for (Map<String, Object> result : structs(supervisor.call("supervisor.signalAllProcesses", sig))) {
                ctl.output(signalResult(result, "signalled"));
                ctl.exitFromFault(code(result), -1);
            }
            return false;
        }
        for (String name : names) {
            String[] gp = Py.splitNamespec(name);
            if (gp[1] == null) {
                try {
                    for (Map<String, Object> result : structs(supervisor.call("supervisor.signalProcessGroup", gp[0], sig))) {
                        ctl.output(signalResult(result, "signalled"));
                        ctl.exitFromFault(code(result), -1);
                    }
                } catch (RpcFault f) {
                    if (f.faultCode() != Controller.BAD_NAME) {
                        throw f;
                    }
                    ctl.output(gp[0] + ": ERROR (no such group)");
                    ctl.exitstatus = Exit.GENERIC;
                }
            } else {
                try {
                    supervisor.call("supervisor.signalProcess", name, sig);
                    ctl.output(Py.namespec(gp[0], gp[1]) + ": signalled");
                } catch (RpcFault f) {
                    ctl.output(signalResult(faultResult(f, gp), "signalled"));
                    ctl.exitFromFault(f.faultCode(), -1);
                }
            }
        }
        return false;
    }

    static boolean pid(Controller ctl, String arg) throws IOException {
        XmlRpcClient supervisor = ctl.supervisor();
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Py.split(arg);
        if (names.isEmpty()) {
            ctl.output(Py.str(supervisor.call("supervisor.getPID")));
        } else if (names.contains("all")) {
            for (Map<String, Object> info : structs(supervisor.call("supervisor.getAllProcessInfo"))) {
                ctl.output(Py.str(info.get("pid")));
            }
        } else {
            for (String name : names) {
                try {
                    Object pid = Controller.struct(supervisor.call("supervisor.getProcessInfo", name)).get("pid");
                    ctl.output(Py.str(pid));
                    if (((Number) pid).longValue() == 0) {
                        ctl.exitstatus = Exit.NOT_RUNNING;
                    }
                } catch (RpcFault f) {
                    ctl.exitstatus = Exit.GENERIC;
                    if (f.faultCode() != Controller.BAD_NAME) {
                        throw f;
                    }
                    ctl.output("No such process " + name);
                }
            }
        }
        return false;
    }

    static boolean clear(Controller ctl, String arg) throws IOException {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Py.split(arg);
        if (names.isEmpty()) {
            ctl.output("Error: clear requires a process name");
            ctl.exitstatus = Exit.GENERIC;
            Help.show(ctl, "clear");
            return false;
        }
        XmlRpcClient supervisor = ctl.supervisor();
        if (names.contains("all")) {
            for (Map<String, Object> result : structs(supervisor.call("supervisor.clearAllProcessLogs"))) {
                ctl.output(clearResult(result));
                ctl.exitFromFault(code(result), -1);
            }
            return false;
        }
        for (String name : names) {
            String[] gp = Py.splitNamespec(name);
            try {
                supervisor.call("supervisor.clearProcessLogs", name);
                ctl.output(Py.namespec(gp[0], gp[1]) + ": cleared");
            } catch (RpcFault f) {
                ctl.output(clearResult(faultResult(f, gp)));
                ctl.exitFromFault(f.faultCode(), -1);
            }
        }
        return false;
    }

    /** A fault of a single-process call, as the result struct the formatters read. */
    private static Map<String, Object> faultResult(RpcFault f, String[] gp) {
        java.util.HashMap<String, Object> result = new java.util.HashMap<>();
        result.put("status", f.faultCode());
        // a group name alone (grp:) leaves the process part None, as Python's split_namespec does
        result.put("name", gp[1] == null ? "None" : gp[1]);
        result.put("group", gp[0]);
        result.put("description", f.getMessage());
        return result;
    }

    static int code(Map<String, Object> result) {
        return ((Number) result.get("status")).intValue();
    }

    static String startResult(Map<String, Object> result) {
        String name = Py.namespec(result.get("group"), result.get("name"));
        int code = code(result);
        return switch (code) {
            case Controller.BAD_NAME -> name + ": ERROR (no such process)";
            case Controller.NO_FILE -> name + ": ERROR (no such file)";
            case Controller.NOT_EXECUTABLE -> name + ": ERROR (file is not executable)";
            case Controller.ALREADY_STARTED -> name + ": ERROR (already started)";
            case Controller.SPAWN_ERROR -> name + ": ERROR (spawn error)";
            case Controller.ABNORMAL_TERMINATION -> name + ": ERROR (abnormal termination)";
            case Controller.SUCCESS -> name + ": started";
            default -> throw new PythonError.UnknownResult(code, name, 761);
        };
    }

    static String signalResult(Map<String, Object> result, String success) {
        String name = Py.namespec(result.get("group"), result.get("name"));
        int code = code(result);
        return switch (code) {
            case Controller.BAD_NAME -> name + ": ERROR (no such process)";
            case Controller.BAD_SIGNAL -> name + ": ERROR (bad signal name)";
            case Controller.NOT_RUNNING -> name + ": ERROR (not running)";
            case Controller.SUCCESS -> name + ": " + success;
            case Controller.FAILED -> Py.str(result.get("description"));
            default -> throw new PythonError.UnknownResult(code, name, 835);
        };
    }

    private static String clearResult(Map<String, Object> result) {
        String name = Py.namespec(result.get("group"), result.get("name"));
        int code = code(result);
        return switch (code) {
            case Controller.BAD_NAME -> name + ": ERROR (no such process)";
            case Controller.FAILED -> name + ": ERROR (failed)";
            case Controller.SUCCESS -> name + ": cleared";
            default -> throw new PythonError.UnknownResult(code, name, 1260);
        };
    }

    static boolean isRunning(Map<String, Object> info) {
        return ((Number) info.get("state")).intValue() == RUNNING;
    }
}
