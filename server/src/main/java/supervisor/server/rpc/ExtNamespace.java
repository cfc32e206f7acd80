package supervisor.server.rpc;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import supervisor.process.Supervisor;
import supervisor.rpc.Docstring;
import supervisor.rpc.RpcMethod;
import supervisor.rpc.RpcRegistry;

/**
 * The {@code supervisor_ext.*} XML-RPC namespace: what this supervisord offers beyond 4.2.5
 * (beyond.md). A namespace of its own so that no {@code supervisor.*} method changes shape: old
 * clients only see more names in system.listMethods. Registered beside {@code supervisor.*},
 * wherever supervisord's rpcinterface is configured. Read-only methods answer, as
 * getProcessInfo does, on the caller's thread from published state, once supervisord is RUNNING;
 * the others run on the supervisor's loop thread, as supervisor.* methods that change state do.
 */
public final class ExtNamespace {
    static final String GET_PROCESS_STATS = Docstring.of(
            "Return the resources one process uses now, read from /proc: resident",
            "memory in bytes (rss, a double, as XML-RPC ints stop at 2 GiB), CPU seconds",
            "(cpu: user + system), open file descriptors (fds) and threads. A process",
            "that is not running has pid 0 and zeros. With tree true, rss, cpu, fds and",
            "threads are summed over the process and all its descendants.",
            "",
            "@param string name  the process name (or 'group:name')",
            "@param boolean tree  sum over the process's descendants too (default false)",
            "@return struct result  {name, group, pid, rss, cpu, fds, threads}");
    static final String GET_ALL_PROCESS_STATS = Docstring.of(
            "Return the resources of every process, in getAllProcessInfo's order",
            "(see supervisor_ext.getProcessStats).",
            "",
            "@param boolean tree  sum over each process's descendants too (default false)",
            "@return array result  an array of process stats structs");

    static final String GET_DEPENDENCY_GRAPH = Docstring.of(
            "Return the depends_on graph of the active processes, in getAllProcessInfo's",
            "order: for each process, the processes it depends on (depends_on) and",
            "the processes that depend on it (dependents), each as 'group:name'. A name",
            "in depends_on that means no active process is not listed.",
            "",
            "@return array result  an array of structs {name, group, depends_on, dependents}");

    static final String RESTART_PROCESSES = Docstring.of(
            "Restart processes: each is stopped, then started again, in waves that",
            "never leave more than [supervisord] restart_parallelism of them down at",
            "once (all at once when unset): the next is stopped only when one restarted",
            "before it is RUNNING again or has failed. Names are 'name', 'group:name',",
            "'group:*' or a group name; an empty array or 'all' names every process.",
            "",
            "@param array names  the namespecs of the processes to restart",
            "@param boolean wait  answer once every restart has ended (default true)",
            "@return array result  an array of process status structs");

    private final Supervisor supervisor;
    private final Lookup lookup;
    private final ProcessStats stats;
    private final DependencyInfo dependencies;
    private final Restarts restarts;

    /** {@code proc}: /proc, or a copy of one in a test. */
    public ExtNamespace(Supervisor supervisor, Path proc) {
        this.supervisor = supervisor;
        this.lookup = new Lookup(supervisor);
        this.stats = new ProcessStats(lookup, proc);
        this.dependencies = new DependencyInfo(lookup);
        this.restarts = new Restarts(supervisor, lookup);
    }

    public void registerInto(RpcRegistry r) {
        r.register("supervisor_ext.getProcessStats", 1, 2, GET_PROCESS_STATS, readOnly(stats::processStats));
        r.register("supervisor_ext.getAllProcessStats", 0, 1, GET_ALL_PROCESS_STATS, readOnly(stats::allProcessStats));
        r.register("supervisor_ext.getDependencyGraph", 0, 0, GET_DEPENDENCY_GRAPH,
                readOnly(dependencies::dependencyGraph));
        r.register("supervisor_ext.restartProcesses", 1, 2, RESTART_PROCESSES, guarded(restarts::restartProcesses));
    }

    /** A body that changes state: on the loop thread, once supervisord is RUNNING; its future is waited for. */
    private RpcMethod guarded(SupervisorNamespace.Body body) {
        return args -> supervisor.<Object>call(() -> {
            lookup.guard();
            return body.run(args);
        }).thenCompose(r -> r instanceof CompletableFuture<?> f ? f.thenApply(v -> (Object) v)
                : CompletableFuture.completedFuture(r));
    }

    private RpcMethod readOnly(SupervisorNamespace.Body body) {
        return args -> {
            lookup.guard();
            return body.run(args);
        };
    }
}
