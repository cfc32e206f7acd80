package supervisor.server.rpc;

import java.util.concurrent.CompletableFuture;

import supervisor.config.Config;
import supervisor.config.ConfigException;
import supervisor.process.Supervisor;
import supervisor.rpc.Args;
import supervisor.rpc.RpcMethod;
import supervisor.rpc.RpcRegistry;

/**
 * The {@code supervisor.*} XML-RPC namespace: supervisord's rpcinterface, as a table of its
 * methods. The bodies live in the classes of their topic. A body that changes anything runs as
 * one task on the supervisor's loop thread (the HTTP thread only waits on the future); a body
 * that only reads runs on the caller's thread, from what the loop has published (the groups,
 * each process's snapshot, the files), so a status query costs no trip through the loop. Both
 * check first that supervisord is RUNNING unless the table says otherwise.
 */
public final class SupervisorNamespace {
    public static final String API_VERSION = "3.0";
    public static final String SUPERVISOR_VERSION = "4.2.5";

    /** Re-reads the configuration file for reloadConfig. */
    public interface ConfigSource {
        Config load() throws ConfigException;
    }

    /** A method body: runs on the loop thread; may answer with a CompletableFuture that completes later. */
    @FunctionalInterface
    interface Body {
        Object run(Args args);
    }

    private final Supervisor supervisor;
    private final Lookup lookup;
    private final DaemonMethods daemon;
    private final ConfigMethods config;
    private final ProcessInfo info;
    private final ProcessControl control;
    private final LogMethods logs;

    public SupervisorNamespace(Supervisor supervisor, ConfigSource configSource) {
        this.supervisor = supervisor;
        this.lookup = new Lookup(supervisor);
        this.daemon = new DaemonMethods(supervisor);
        this.config = new ConfigMethods(supervisor, lookup, configSource);
        this.info = new ProcessInfo(supervisor.context().clock(), lookup);
        this.control = new ProcessControl(supervisor, lookup);
        this.logs = new LogMethods(supervisor.log(), lookup);
    }

    public void registerInto(RpcRegistry r) {
        // status and control
        r.register("supervisor.getAPIVersion", 0, 0, Docs.GET_API_VERSION, readOnly(daemon::apiVersion));
        r.register("supervisor.getVersion", 0, 0, Docs.GET_API_VERSION, readOnly(daemon::apiVersion));
        r.register("supervisor.getSupervisorVersion", 0, 0, Docs.GET_SUPERVISOR_VERSION,
                readOnly(daemon::supervisorVersion));
        r.register("supervisor.getIdentification", 0, 0, Docs.GET_IDENTIFICATION, readOnly(daemon::identification));
        r.register("supervisor.getState", 0, 0, Docs.GET_STATE, readOnly(daemon::state));
        r.register("supervisor.getPID", 0, 0, Docs.GET_PID, readOnly(daemon::pid));
        r.register("supervisor.readLog", 2, 2, Docs.READ_LOG, readOnly(logs::readMainLog));
        r.alias("supervisor.readMainLog", "supervisor.readLog");
        r.register("supervisor.clearLog", 0, 0, Docs.CLEAR_LOG, guarded(logs::clearMainLog));
        r.register("supervisor.shutdown", 0, 0, Docs.SHUTDOWN, guarded(daemon::shutdown));
        r.register("supervisor.restart", 0, 0, Docs.RESTART, guarded(daemon::restart));

        // configuration
        r.register("supervisor.reloadConfig", 0, 0, Docs.RELOAD_CONFIG, guarded(config::reloadConfig));
        r.register("supervisor.addProcessGroup", 1, 1, Docs.ADD_PROCESS_GROUP, guarded(config::addProcessGroup));
        r.register("supervisor.removeProcessGroup", 1, 1, Docs.REMOVE_PROCESS_GROUP,
                guarded(config::removeProcessGroup));
        r.register("supervisor.getAllConfigInfo", 0, 0, Docs.GET_ALL_CONFIG_INFO, readOnly(config::allConfigInfo));

        // process control
        r.register("supervisor.getProcessInfo", 1, 1, Docs.GET_PROCESS_INFO, readOnly(info::processInfo));
        r.register("supervisor.getAllProcessInfo", 0, 0, Docs.GET_ALL_PROCESS_INFO, readOnly(info::allProcessInfo));
        r.register("supervisor.startProcess", 1, 2, Docs.START_PROCESS, guarded(control::startProcess));
        r.register("supervisor.startProcessGroup", 1, 2, Docs.START_PROCESS_GROUP,
                guarded(control::startProcessGroup));
        r.register("supervisor.startAllProcesses", 0, 1, Docs.START_ALL_PROCESSES,
                guarded(control::startAllProcesses));
        r.register("supervisor.stopProcess", 1, 2, Docs.STOP_PROCESS, guarded(control::stopProcess));
        r.register("supervisor.stopProcessGroup", 1, 2, Docs.STOP_PROCESS_GROUP, guarded(control::stopProcessGroup));
        r.register("supervisor.stopAllProcesses", 0, 1, Docs.STOP_ALL_PROCESSES, guarded(control::stopAllProcesses));
        r.register("supervisor.signalProcess", 2, 2, Docs.SIGNAL_PROCESS, guarded(control::signalProcess));
        r.register("supervisor.signalProcessGroup", 2, 2, Docs.SIGNAL_PROCESS_GROUP,
                guarded(control::signalProcessGroup));
        // supervisord checks the state after signalling, but each signalProcess it calls checks it
        // first: during a shutdown nothing is signalled and the answer is SHUTDOWN_STATE, as here
        r.register("supervisor.signalAllProcesses", 1, 1, Docs.SIGNAL_ALL_PROCESSES,
                guarded(control::signalAllProcesses));
        r.register("supervisor.sendProcessStdin", 2, 2, Docs.SEND_PROCESS_STDIN, guarded(control::sendProcessStdin));
        r.register("supervisor.sendRemoteCommEvent", 2, 2, Docs.SEND_REMOTE_COMM_EVENT,
                onLoop(control::sendRemoteCommEvent));

        // process logs
        r.register("supervisor.readProcessStdoutLog", 3, 3, Docs.READ_PROCESS_STDOUT_LOG,
                readOnly(logs.stdout()::read));
        r.alias("supervisor.readProcessLog", "supervisor.readProcessStdoutLog");
        r.register("supervisor.readProcessStderrLog", 3, 3, Docs.READ_PROCESS_STDERR_LOG,
                readOnly(logs.stderr()::read));
        r.register("supervisor.tailProcessStdoutLog", 3, 3, Docs.TAIL_PROCESS_STDOUT_LOG,
                readOnly(logs.stdout()::tail));
        r.alias("supervisor.tailProcessLog", "supervisor.tailProcessStdoutLog");
        r.register("supervisor.tailProcessStderrLog", 3, 3, Docs.TAIL_PROCESS_STDERR_LOG,
                readOnly(logs.stderr()::tail));
        r.register("supervisor.clearProcessLogs", 1, 1, Docs.CLEAR_PROCESS_LOGS, guarded(logs::clearProcessLogs));
        r.alias("supervisor.clearProcessLog", "supervisor.clearProcessLogs");
        r.register("supervisor.clearAllProcessLogs", 0, 0, Docs.CLEAR_ALL_PROCESS_LOGS,
                guarded(logs::clearAllProcessLogs));
    }

    /**
     * A body that only reads, on the caller's thread, once supervisord is known to be RUNNING
     * (else SHUTDOWN_STATE).
     */
    private RpcMethod readOnly(Body body) {
        return args -> {
            lookup.guard();
            return body.run(args);
        };
    }

    /** The body on the loop thread, once supervisord is known to be RUNNING (else SHUTDOWN_STATE). */
    private RpcMethod guarded(Body body) {
        return onLoop(args -> {
            lookup.guard();
            return body.run(args);
        });
    }

    /** The body on the loop thread; a future it answers with is waited for too. */
    private RpcMethod onLoop(Body body) {
        return args -> supervisor.<Object>call(() -> body.run(args))
                .thenCompose(r -> r instanceof CompletableFuture<?> f ? f.thenApply(v -> (Object) v)
                        : CompletableFuture.completedFuture(r));
    }
}
