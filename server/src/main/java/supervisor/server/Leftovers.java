package supervisor.server;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import supervisor.logging.ActivityLog;
import supervisor.posix.ProcessTable;

/**
 * Children an earlier supervisord with this configuration left running (it was killed, or died,
 * without stopping them). They are found by the {@code SUPERVISOR_SERVER_URL} every child is
 * given, and named in the activity log, since nothing supervises them any more. supervisord
 * 4.2.5 says nothing of them.
 */
final class Leftovers {
    private Leftovers() {
    }

    /** Logs each leftover that is not the descendant of another (its own children go with it). */
    static void report(String serverUrl, ActivityLog log) {
        if (serverUrl == null) {
            return;
        }
        long self = ProcessHandle.current().pid();
        List<ProcessTable.Entry> found = ProcessTable.withEnvironment("SUPERVISOR_SERVER_URL", serverUrl);
        Set<Long> pids = new HashSet<>();
        found.forEach(e -> pids.add(e.pid()));
        for (ProcessTable.Entry e : found) {
            if (e.pid() == self || e.ppid() == self || pids.contains(e.ppid())) {
                continue; // ours, or a descendant of one already named
            }
            String name = e.environment().getOrDefault("SUPERVISOR_PROCESS_NAME", "?");
            String group = e.environment().getOrDefault("SUPERVISOR_GROUP_NAME", name);
            String namespec = group.equals(name) ? name : group + ":" + name;
            log.warn(namespec + " (pid " + e.pid() + ") left running by an earlier supervisord is still running;"
                    + " it is not supervised");
        }
    }
}
