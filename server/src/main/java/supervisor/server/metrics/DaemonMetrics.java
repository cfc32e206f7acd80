package supervisor.server.metrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import supervisor.events.EventListenerPool;
import supervisor.output.ChildLogs;
import supervisor.posix.ProcessTable;
import supervisor.posix.ProcessTable.Usage;
import supervisor.process.ProcessGroup;
import supervisor.process.ProcessSnapshot;
import supervisor.process.ProcessState;
import supervisor.process.Subprocess;
import supervisor.process.Supervisor;
import supervisor.rpc.RpcRegistry;

/**
 * One scrape of the daemon: a sample per process in each {@code supervisord_process_*} family
 * (getAllProcessInfo's order), then the daemon's own figures. Each process is read once, from
 * its published snapshot and, when it has a pid, from /proc through {@link ProcessTable#usage}
 * (what supervisor_ext.getProcessStats reads), so the families agree with each other.
 * Safe from any thread; nothing here waits for the supervisor loop.
 */
public final class DaemonMetrics {
    private static final String[] CHANNELS = {"stdout", "stderr"};
    private final Supervisor supervisor;
    private final RpcRegistry registry;
    private final Path proc;

    /** {@code proc}: /proc, or a copy of one in a test. */
    public DaemonMetrics(Supervisor supervisor, RpcRegistry registry, Path proc) {
        this.supervisor = supervisor;
        this.registry = registry;
        this.proc = proc;
    }

    /** What one process looked like at the scrape. */
    private record Row(String group, String name, ProcessSnapshot snapshot, Usage usage, ChildLogs logs) {
        String[] labels() {
            return new String[] {"group", group, "name", name};
        }
    }

    public String scrape() {
        List<ProcessGroup> groups = new ArrayList<>(supervisor.groups());
        groups.sort(Comparator.comparing(ProcessGroup::name));
        List<Row> rows = new ArrayList<>();
        for (ProcessGroup g : groups) {
            List<Subprocess> ps = new ArrayList<>(g.processes());
            ps.sort(Comparator.comparing(Subprocess::name));
            for (Subprocess p : ps) {
                ProcessSnapshot s = p.snapshot();
                rows.add(new Row(g.name(), p.name(), s, s.pid() > 0 ? ProcessTable.usage(proc, s.pid()) : Usage.NONE,
                        p.logs()));
            }
        }
        TextFormat t = new TextFormat(2048 + rows.size() * 1200);
        processes(t, rows);
        daemon(t, rows, groups);
        return t.toString();
    }

    private static void processes(TextFormat t, List<Row> rows) {
        t.family("supervisord_process_up", "gauge", "Whether the process is RUNNING (1) or not (0).");
        for (Row r : rows)
            t.sample("supervisord_process_up", r.snapshot.state() == ProcessState.RUNNING ? 1L : 0L, r.labels());
        t.family("supervisord_process_state", "gauge",
                "The process state as supervisord's code: 0 STOPPED, 10 STARTING, 20 RUNNING, 30 BACKOFF, "
                        + "40 STOPPING, 100 EXITED, 200 FATAL, 1000 UNKNOWN.");
        for (Row r : rows)
            t.sample("supervisord_process_state", (long) r.snapshot.state().code, r.labels());
        t.family("supervisord_process_state_info", "gauge", "Always 1; the state label names the process state.");
        for (Row r : rows)
            t.sample("supervisord_process_state_info", 1L, "group", r.group, "name", r.name, "state",
                    r.snapshot.state().name());
        t.family("supervisord_process_start_time_seconds", "gauge",
                "Seconds since the epoch of the last start attempt; 0 if never started.");
        for (Row r : rows)
            t.sample("supervisord_process_start_time_seconds", r.snapshot.startSeconds(), r.labels());
        t.family("supervisord_process_restarts_total", "counter",
                "Spawn attempts after the first since supervisord started.");
        for (Row r : rows)
            t.sample("supervisord_process_restarts_total", r.snapshot.restarts(), r.labels());
        t.family("supervisord_process_exit_status", "gauge",
                "The exit status of the last exit, as getProcessInfo reports it (0 before the first).");
        for (Row r : rows)
            t.sample("supervisord_process_exit_status",
                    r.snapshot.exitstatus() == null ? 0L : (long) r.snapshot.exitstatus(), r.labels());
        t.family("supervisord_process_cpu_seconds_total", "counter",
                "User and system CPU seconds of the current child, from /proc; 0 when not running.");
        for (Row r : rows)
            t.sample("supervisord_process_cpu_seconds_total", r.usage.cpu(), r.labels());
        t.family("supervisord_process_resident_memory_bytes", "gauge",
                "Resident memory of the current child in bytes, from /proc; 0 when not running.");
        for (Row r : rows)
            t.sample("supervisord_process_resident_memory_bytes", r.usage.rss(), r.labels());
        t.family("supervisord_process_open_fds", "gauge",
                "Open file descriptors of the current child, from /proc; 0 when not running.");
        for (Row r : rows)
            t.sample("supervisord_process_open_fds", (long) r.usage.fds(), r.labels());
        t.family("supervisord_process_log_bytes_total", "counter",
                "Bytes written to the process's stdout or stderr log file (channel label) since supervisord started.");
        for (Row r : rows) {
            for (String channel : CHANNELS)
                t.sample("supervisord_process_log_bytes_total", r.logs.writtenBytes(channel), "group", r.group,
                        "name", r.name, "channel", channel);
        }
        t.family("supervisord_process_ready", "gauge",
                "For a program with a ready_check: whether the current child passed it (1) or not (0).");
        for (Row r : rows)
            if (r.snapshot.ready() != null)
                t.sample("supervisord_process_ready", r.snapshot.ready() ? 1L : 0L, r.labels());
    }

    private void daemon(TextFormat t, List<Row> rows, List<ProcessGroup> groups) {
        Map<ProcessState, Long> byState = new EnumMap<>(ProcessState.class);
        for (ProcessState s : ProcessState.values())
            byState.put(s, 0L);
        for (Row r : rows)
            byState.merge(r.snapshot.state(), 1L, Long::sum);
        t.family("supervisord_processes", "gauge", "How many processes are in each state.");
        byState.forEach((state, n) -> t.sample("supervisord_processes", (long) n, "state", state.name()));

        t.family("supervisord_rpc_calls_total", "counter",
                "XML-RPC calls of each registered method (system.multicall's calls counted one by one).");
        registry.callCounts().forEach((method, n) -> t.sample("supervisord_rpc_calls_total", (long) n,
                "method", method));

        t.family("supervisord_rpc_faults_total", "counter",
                "Faults the registered XML-RPC methods answered with, by method and fault name.");
        registry.faultCounts().forEach((key, n) -> t.sample("supervisord_rpc_faults_total", (long) n,
                "method", key.method(), "fault", key.fault()));

        t.family("supervisord_events_sent_total", "counter",
                "Events an event listener pool sent to its listeners (one sent again after a rejection counts again).");
        for (ProcessGroup g : groups) {
            EventListenerPool pool = g.pool();
            if (pool != null)
                t.sample("supervisord_events_sent_total", pool.sent(), "group", g.name());
        }

        t.family("supervisord_event_buffer_overflows_total", "counter",
                "Events an event listener pool discarded because its buffer (buffer_size) was full.");
        for (ProcessGroup g : groups) {
            EventListenerPool pool = g.pool();
            if (pool != null)
                t.sample("supervisord_event_buffer_overflows_total", pool.overflows(), "group", g.name());
        }
    }
}
