package supervisor.server.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import supervisor.process.Namespec;
import supervisor.process.ProcessGroup;
import supervisor.process.Subprocess;
import supervisor.process.Supervisor;
import supervisor.process.SupervisorState;
import supervisor.rpc.FaultCode;
import supervisor.rpc.RpcFault;

/** Name resolution and the SHUTDOWN_STATE guard shared by the supervisor.* methods; safe from any thread. */
final class Lookup {
    private final Supervisor supervisor;

    Lookup(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** The result of resolving a name: a group, and a process unless the name meant the whole group. */
    record Target(ProcessGroup group, Subprocess process) {
    }

    /** Faults with SHUTDOWN_STATE unless supervisord is RUNNING (checked first by every guarded call). */
    void guard() {
        if (supervisor.state() != SupervisorState.RUNNING) {
            throw new RpcFault(FaultCode.SHUTDOWN_STATE);
        }
    }

    Target resolve(String name) {
        Namespec ns = Namespec.parse(name);
        ProcessGroup group = supervisor.group(ns.group());
        if (group == null) {
            throw new RpcFault(FaultCode.BAD_NAME, name);
        }
        if (ns.process() == null) {
            return new Target(group, null);
        }
        Subprocess p = group.process(ns.process());
        if (p == null) {
            throw new RpcFault(FaultCode.BAD_NAME, name);
        }
        return new Target(group, p);
    }

    /** A single process; a group spec is BAD_NAME here. */
    Subprocess process(String name) {
        Target t = resolve(name);
        if (t.process() == null) {
            throw new RpcFault(FaultCode.BAD_NAME, name);
        }
        return t.process();
    }

    ProcessGroup group(String name) {
        ProcessGroup g = supervisor.group(name);
        if (g == null) {
            throw new RpcFault(FaultCode.BAD_NAME, name);
        }
        return g;
    }

    /** All processes: groups by (priority, name), processes by priority — the order of the *All calls. */
    List<Subprocess> allByPriority() {
        List<Subprocess> all = new ArrayList<>();
        for (ProcessGroup g : supervisor.sortedGroups()) {
            all.addAll(g.byPriority());
        }
        return all;
    }

    /** All processes sorted by group name then process name: getAllProcessInfo's order. */
    List<Subprocess> allLexical() {
        List<ProcessGroup> groups = new ArrayList<>(supervisor.groups());
        groups.sort(Comparator.comparing(ProcessGroup::name));
        List<Subprocess> all = new ArrayList<>();
        for (ProcessGroup g : groups) {
            List<Subprocess> ps = new ArrayList<>(g.processes());
            ps.sort(Comparator.comparing(Subprocess::name));
            all.addAll(ps);
        }
        return all;
    }
}
