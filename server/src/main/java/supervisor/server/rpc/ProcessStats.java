package supervisor.server.rpc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import supervisor.posix.ProcessTable;
import supervisor.posix.ProcessTable.Usage;
import supervisor.process.Subprocess;
import supervisor.rpc.Args;

/**
 * getProcessStats and getAllProcessStats: the pid from the process's published snapshot, the
 * figures from /proc. Only the processes asked about are read; the whole of /proc is walked
 * (once per call) only when descendants are to be summed.
 */
final class ProcessStats {
    private final Lookup lookup;
    private final Path proc;

    ProcessStats(Lookup lookup, Path proc) {
        this.lookup = lookup;
        this.proc = proc;
    }

    Object processStats(Args a) {
        Subprocess p = lookup.process(a.string(0));
        return of(p, a.bool(1, false) ? ProcessTable.stats(proc) : null);
    }

    /** getAllProcessInfo's order: by group name, then process name. */
    Object allProcessStats(Args a) {
        List<Subprocess> all = lookup.allLexical();
        List<ProcessTable.Stat> table = a.bool(0, false) && !all.isEmpty() ? ProcessTable.stats(proc) : null;
        List<Object> structs = new ArrayList<>(all.size());
        for (Subprocess p : all) {
            structs.add(of(p, table));
        }
        return structs;
    }

    /** {@code table}: every process's stat, to sum descendants; null for the process alone. */
    private Map<String, Object> of(Subprocess p, List<ProcessTable.Stat> table) {
        int pid = p.snapshot().pid();
        Usage u = pid <= 0 ? Usage.NONE
                : table == null ? ProcessTable.usage(proc, pid) : ProcessTable.treeUsage(proc, pid, table);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", p.name());
        s.put("group", p.group().name());
        s.put("pid", Math.max(0, pid));
        s.put("rss", (double) u.rss());
        s.put("cpu", u.cpu());
        s.put("fds", u.fds());
        s.put("threads", u.threads());
        return s;
    }
}
