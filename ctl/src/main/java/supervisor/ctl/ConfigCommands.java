package supervisor.ctl;

import static supervisor.ctl.Controller.structs;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import supervisor.rpc.RpcFault;
import supervisor.rpc.XmlRpcClient;

/** avail, reread, update, add and remove: the configuration the daemon has and the one on disk. */
final class ConfigCommands {
    private ConfigCommands() {
    }

    static void register(Map<String, Command> commands) {
        commands.put("avail", (ctl, arg) -> avail(ctl, arg));
        commands.put("reread", (ctl, arg) -> reread(ctl, arg));
        commands.put("update", (ctl, arg) -> update(ctl, arg));
        commands.put("add", (ctl, arg) -> add(ctl, arg));
        commands.put("remove", (ctl, arg) -> remove(ctl, arg));
    }

    /** Refuses arguments for the commands that take none; true when there were some. */
    static boolean refuseArguments(Controller ctl, String command, String arg) {
        if (arg.isEmpty()) {
            return false;
        }
        ctl.output("Error: " + command + " accepts no arguments");
        ctl.exitstatus = Exit.GENERIC;
        Help.show(ctl, command);
        return true;
    }

    static boolean avail(Controller ctl, String arg) throws IOException {
        if (refuseArguments(ctl, "avail", arg)) {
            return false;
        }
        List<Map<String, Object>> infos;
        try {
            infos = structs(ctl.supervisor().call("supervisor.getAllConfigInfo"));
        } catch (RpcFault f) {
            ctl.exitstatus = Exit.GENERIC;
            if (f.faultCode() != Controller.SHUTDOWN_STATE) {
                throw f;
            }
            ctl.output("ERROR: supervisor shutting down");
            return false;
        }
        for (Map<String, Object> info : infos) {
            String name = Py.namespec(info.get("group"), info.get("name"));
            String inuse = truthy(info.get("inuse")) ? "in use" : "avail";
            String autostart = truthy(info.get("autostart")) ? "auto" : "manual";
            String priority = Py.str(info.get("group_prio")) + ":" + Py.str(info.get("process_prio"));
            ctl.output(Py.ljust(name, 32) + " " + Py.ljust(inuse, 9) + " " + Py.ljust(autostart, 9) + " " + priority);
        }
        return false;
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n ? n.longValue() != 0 : value != null;
    }

    static boolean reread(Controller ctl, String arg) throws IOException {
        if (refuseArguments(ctl, "reread", arg)) {
            return false;
        }
        Object result;
        try {
            result = ctl.supervisor().call("supervisor.reloadConfig");
        } catch (RpcFault f) {
            ctl.exitstatus = Exit.GENERIC;
            if (f.faultCode() == Controller.SHUTDOWN_STATE) {
                ctl.output("ERROR: supervisor shutting down");
            } else if (f.faultCode() == Controller.CANT_REREAD) {
                ctl.output("ERROR: " + f.getMessage());
            } else {
                throw f;
            }
            return false;
        }
        List<List<String>> changes = changes(result);
        // sorted by name; a name in two lists keeps the later word, as a dict update does
        TreeMap<String, String> changed = new TreeMap<>();
        String[] words = {"available", "changed", "disappeared"};
        for (int k = 0; k < 3; k++) {
            for (String name : changes.get(k)) {
                changed.put(name, words[k]);
            }
        }
        if (changed.isEmpty()) {
            ctl.output("No config updates to processes");
        }
        changed.forEach((name, word) -> ctl.output(name + ": " + word));
        return false;
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> changes(Object reloadConfigResult) {
        return (List<List<String>>) ((List<Object>) reloadConfigResult).getFirst();
    }

    static boolean update(Controller ctl, String arg) throws IOException {
        XmlRpcClient supervisor = ctl.supervisor();
        Object result;
        try {
            result = supervisor.call("supervisor.reloadConfig");
        } catch (RpcFault f) {
            ctl.exitstatus = Exit.GENERIC;
            if (f.faultCode() != Controller.SHUTDOWN_STATE) {
                throw f;
            }
            ctl.output("ERROR: already shutting down");
            return false;
        }
        List<List<String>> changes = changes(result);
        List<String> added = changes.get(0);
        List<String> changed = changes.get(1);
        List<String> removed = changes.get(2);
        Set<String> wanted = new LinkedHashSet<>(Py.split(arg));
        if (wanted.contains("all")) {
            wanted.clear();
        }
        if (!wanted.isEmpty()) {
            Set<String> groups = new LinkedHashSet<>();
            for (Map<String, Object> info : structs(supervisor.call("supervisor.getAllProcessInfo"))) {
                groups.add(Py.str(info.get("group")));
            }
            groups.addAll(added);
            // Python iterates a set of the names: the order of these messages is a hash order there
            for (String gname : wanted) {
                if (!groups.contains(gname)) {
                    ctl.output("ERROR: no such group: " + gname);
                    ctl.exitstatus = Exit.GENERIC;
                }
            }
        }
        for (String gname : removed) {
            if (!wanted.isEmpty() && !wanted.contains(gname)) {
                continue;
            }
            List<Map<String, Object>> results = structs(supervisor.call("supervisor.stopProcessGroup", gname));
            ctl.output(gname + ": stopped");
            if (results.stream().anyMatch(r -> ((Number) r.get("status")).intValue() == Controller.FAILED)) {
                ctl.output(gname + ": has problems; not removing");
                ctl.exitstatus = Exit.GENERIC;
                continue;
            }
            supervisor.call("supervisor.removeProcessGroup", gname);
            ctl.output(gname + ": removed process group");
        }
        for (String gname : changed) {
            if (!wanted.isEmpty() && !wanted.contains(gname)) {
                continue;
            }
            supervisor.call("supervisor.stopProcessGroup", gname);
            ctl.output(gname + ": stopped");
            supervisor.call("supervisor.removeProcessGroup", gname);
            supervisor.call("supervisor.addProcessGroup", gname);
            ctl.output(gname + ": updated process group");
        }
        for (String gname : added) {
            if (!wanted.isEmpty() && !wanted.contains(gname)) {
                continue;
            }
            supervisor.call("supervisor.addProcessGroup", gname);
            ctl.output(gname + ": added process group");
        }
        return false;
    }

    static boolean add(Controller ctl, String arg) throws IOException {
        XmlRpcClient supervisor = ctl.supervisor();
        for (String name : Py.split(arg)) {
            try {
                supervisor.call("supervisor.addProcessGroup", name);
                ctl.output(name + ": added process group");
            } catch (RpcFault f) {
                switch (f.faultCode()) {
                    case Controller.SHUTDOWN_STATE -> {
                        ctl.output("ERROR: shutting down");
                        ctl.exitstatus = Exit.GENERIC;
                    }
                    // an active group is not a failure of add
                    case Controller.ALREADY_ADDED -> ctl.output("ERROR: process group already active");
                    case Controller.BAD_NAME -> {
                        ctl.output("ERROR: no such process/group: " + name);
                        ctl.exitstatus = Exit.GENERIC;
                    }
                    default -> {
                        ctl.exitstatus = Exit.GENERIC;
                        throw f;
                    }
                }
            }
        }
        return false;
    }

    static boolean remove(Controller ctl, String arg) throws IOException {
        XmlRpcClient supervisor = ctl.supervisor();
        for (String name : Py.split(arg)) {
            try {
                supervisor.call("supervisor.removeProcessGroup", name);
                ctl.output(name + ": removed process group");
            } catch (RpcFault f) {
                ctl.exitstatus = Exit.GENERIC;
                if (f.faultCode() == Controller.STILL_RUNNING) {
                    ctl.output("ERROR: process/group still running: " + name);
                } else if (f.faultCode() == Controller.BAD_NAME) {
                    ctl.output("ERROR: no such process/group: " + name);
                } else {
                    throw f;
                }
            }
        }
        return false;
    }
}
