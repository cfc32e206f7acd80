package supervisor.server.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import supervisor.config.Config;
import supervisor.config.ConfigException;
import supervisor.events.Event;
import supervisor.process.Subprocess;
import supervisor.process.Supervisor;
import supervisor.process.SupervisorState;
import supervisor.rpc.Args;
import supervisor.rpc.FaultCode;
import supervisor.rpc.RpcFault;
import supervisor.rpc.RpcRegistry;

/**
 * The {@code supervisor.*} XML-RPC namespace: what supervisord's rpcinterface offers, bound to
 * the process core. Every method that reads or changes processes runs as one task on the
 * supervisor's loop thread; the HTTP thread only waits on the returned future.
 */
public final class SupervisorNamespace {
    public static final String API_VERSION = "3.0";
    public static final String SUPERVISOR_VERSION = "4.2.5";

    /** Re-reads the configuration file for reloadConfig. */
    public interface ConfigSource {
        Config load() throws ConfigException;
    }

    private final Supervisor supervisor;
    private final ConfigSource configSource;
    private final Lookup lookup;
    private final ProcessControl control;
    private final ConfigMethods configMethods;

    public SupervisorNamespace(Supervisor supervisor, ConfigSource configSource) {
        this.supervisor = supervisor;
        this.configSource = configSource;
        this.lookup = new Lookup(supervisor);
        this.control = new ProcessControl(supervisor, lookup);
        this.configMethods = new ConfigMethods(supervisor, lookup);
    }

    /** Runs a guarded method body on the loop thread; a future it returns is waited for too. */
    private CompletableFuture<Object> onLoop(Supplier<Object> body) {
        return supervisor.<Object>call(() -> {
            lookup.guard();
            return body.get();
        }).thenCompose(r -> r instanceof CompletableFuture<?> f ? f.thenApply(v -> (Object) v)
                : CompletableFuture.completedFuture(r));
    }

    /** A parameter as Python's {@code '%s' % value} shows it (sendRemoteCommEvent accepts any type). */
    static String pyStr(Object value) {
        return switch (value) {
            case null -> "None";
            case String s -> s;
            case Boolean b -> b ? "True" : "False";
            default -> String.valueOf(value);
        };
    }

    public void registerInto(RpcRegistry r) {
        // --- status and control ---
        r.register("supervisor.getAPIVersion", 0, 0, Docs.GET_API_VERSION, a -> onLoop(() -> API_VERSION));
        r.register("supervisor.getVersion", 0, 0, Docs.GET_API_VERSION, a -> onLoop(() -> API_VERSION));
        r.register("supervisor.getSupervisorVersion", 0, 0, Docs.GET_SUPERVISOR_VERSION,
                a -> onLoop(() -> SUPERVISOR_VERSION));
        r.register("supervisor.getIdentification", 0, 0, Docs.GET_IDENTIFICATION,
                a -> onLoop(() -> supervisor.config().supervisord().identifier()));
        r.register("supervisor.getState", 0, 0, Docs.GET_STATE, a -> onLoop(() -> {
            SupervisorState s = supervisor.state();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("statecode", s.code);
            m.put("statename", s.name());
            return m;
        }));
        r.register("supervisor.getPID", 0, 0, Docs.GET_PID, a -> onLoop(() -> (int) ProcessHandle.current().pid()));
        r.register("supervisor.readLog", 2, 2, Docs.READ_LOG, a -> onLoop(() -> readMainLog(a)));
        r.alias("supervisor.readMainLog", "supervisor.readLog");
        r.register("supervisor.clearLog", 0, 0, Docs.CLEAR_LOG, a -> onLoop(this::clearMainLog));
        r.register("supervisor.shutdown", 0, 0, Docs.SHUTDOWN, a -> onLoop(() -> {
            supervisor.loop().execute(supervisor::shutdown);
            return Boolean.TRUE;
        }));
        r.register("supervisor.restart", 0, 0, Docs.RESTART, a -> onLoop(() -> {
            supervisor.loop().execute(supervisor::restart);
            return Boolean.TRUE;
        }));

        // --- configuration ---
        r.register("supervisor.reloadConfig", 0, 0, Docs.RELOAD_CONFIG, a -> onLoop(() -> {
            Config fresh;
            try {
                fresh = configSource.load();
            } catch (ConfigException e) {
                throw new RpcFault(FaultCode.CANT_REREAD, e.getMessage());
            }
            return configMethods.reload(fresh);
        }));
        r.register("supervisor.addProcessGroup", 1, 1, Docs.ADD_PROCESS_GROUP,
                a -> onLoop(() -> configMethods.addGroup(a.string(0))));
        r.register("supervisor.removeProcessGroup", 1, 1, Docs.REMOVE_PROCESS_GROUP,
                a -> onLoop(() -> configMethods.removeGroup(a.string(0))));
        r.register("supervisor.getAllConfigInfo", 0, 0, Docs.GET_ALL_CONFIG_INFO,
                a -> onLoop(configMethods::allConfigInfo));

        // --- process control ---
        r.register("supervisor.getProcessInfo", 1, 1, Docs.GET_PROCESS_INFO, a -> onLoop(() ->
                ProcessInfo.of(lookup.process(a.string(0)), nowSeconds())));
        r.register("supervisor.getAllProcessInfo", 0, 0, Docs.GET_ALL_PROCESS_INFO, a -> onLoop(() -> {
            long now = nowSeconds();
            List<Object> all = new ArrayList<>();
            for (Subprocess p : lookup.allLexical()) {
                all.add(ProcessInfo.of(p, now));
            }
            return all;
        }));
        r.register("supervisor.startProcess", 1, 2, Docs.START_PROCESS,
                a -> onLoop(() -> control.startProcess(a.string(0), a.bool(1, true))));
        r.register("supervisor.startProcessGroup", 1, 2, Docs.START_PROCESS_GROUP,
                a -> onLoop(() -> control.startGroup(lookup.group(a.string(0)).byPriority(), a.bool(1, true))));
        r.register("supervisor.startAllProcesses", 0, 1, Docs.START_ALL_PROCESSES,
                a -> onLoop(() -> control.startGroup(lookup.allByPriority(), a.bool(0, true))));
        r.register("supervisor.stopProcess", 1, 2, Docs.STOP_PROCESS,
                a -> onLoop(() -> control.stopProcess(a.string(0), a.bool(1, true))));
        r.register("supervisor.stopProcessGroup", 1, 2, Docs.STOP_PROCESS_GROUP,
                a -> onLoop(() -> control.stopGroup(lookup.group(a.string(0)).byPriority(), a.bool(1, true))));
        r.register("supervisor.stopAllProcesses", 0, 1, Docs.STOP_ALL_PROCESSES,
                a -> onLoop(() -> control.stopGroup(lookup.allByPriority(), a.bool(0, true))));
        r.register("supervisor.signalProcess", 2, 2, Docs.SIGNAL_PROCESS,
                a -> onLoop(() -> control.signalProcess(a.string(0), a.get(1))));
        r.register("supervisor.signalProcessGroup", 2, 2, Docs.SIGNAL_PROCESS_GROUP,
                a -> onLoop(() -> control.signalGroup(lookup.group(a.string(0)).byPriority(), a.get(1))));
        // supervisord signals first and checks the guard afterwards: during a shutdown the
        // signals still go out and the caller gets SHUTDOWN_STATE.
        r.register("supervisor.signalAllProcesses", 1, 1, Docs.SIGNAL_ALL_PROCESSES, a -> supervisor.<Object>call(() -> {
            Object result = control.signalGroup(lookup.allByPriority(), a.get(0)).join();
            lookup.guard();
            return result;
        }));
        r.register("supervisor.sendProcessStdin", 2, 2, Docs.SEND_PROCESS_STDIN, a -> onLoop(() -> {
            if (!(a.get(1) instanceof String chars)) {
                throw new RpcFault(FaultCode.INCORRECT_PARAMETERS, String.valueOf(a.get(1)));
            }
            String name = a.string(0);
            Subprocess p = lookup.process(name);
            if (p.pid() == 0 || p.isStopping()) {
                throw new RpcFault(FaultCode.NOT_RUNNING, name);
            }
            if (!p.writeStdin(chars)) {
                throw new RpcFault(FaultCode.NO_FILE, name);
            }
            return Boolean.TRUE;
        }));
        r.register("supervisor.sendRemoteCommEvent", 2, 2, Docs.SEND_REMOTE_COMM_EVENT,
                a -> {
                    Event event = Event.remoteCommunication(pyStr(a.get(0)), pyStr(a.get(1)));
                    return supervisor.<Object>call(() -> {
                        supervisor.notify(event);
                        return Boolean.TRUE;
                    });
                });

        // --- process logs ---
        r.register("supervisor.readProcessStdoutLog", 3, 3, Docs.READ_PROCESS_STDOUT_LOG,
                a -> onLoop(() -> readProcessLog(a, true)));
        r.alias("supervisor.readProcessLog", "supervisor.readProcessStdoutLog");
        r.register("supervisor.readProcessStderrLog", 3, 3, Docs.READ_PROCESS_STDERR_LOG,
                a -> onLoop(() -> readProcessLog(a, false)));
        r.register("supervisor.tailProcessStdoutLog", 3, 3, Docs.TAIL_PROCESS_STDOUT_LOG,
                a -> onLoop(() -> tailProcessLog(a, true)));
        r.alias("supervisor.tailProcessLog", "supervisor.tailProcessStdoutLog");
        r.register("supervisor.tailProcessStderrLog", 3, 3, Docs.TAIL_PROCESS_STDERR_LOG,
                a -> onLoop(() -> tailProcessLog(a, false)));
        r.register("supervisor.clearProcessLogs", 1, 1, Docs.CLEAR_PROCESS_LOGS, a -> onLoop(() -> {
            String name = a.string(0);
            clearLogs(lookup.process(name), name);
            return Boolean.TRUE;
        }));
        r.alias("supervisor.clearProcessLog", "supervisor.clearProcessLogs");
        r.register("supervisor.clearAllProcessLogs", 0, 0, Docs.CLEAR_ALL_PROCESS_LOGS, a -> onLoop(() -> {
            List<Object> results = new ArrayList<>();
            for (Subprocess p : lookup.allByPriority()) {
                try {
                    clearLogs(p, p.namespec());
                    results.add(ProcessControl.success(p));
                } catch (RpcFault f) {
                    results.add(ProcessControl.result(p, f));
                }
            }
            return results;
        }));
    }

    private long nowSeconds() {
        return supervisor.clock().wallMillis() / 1000;
    }

    private Object readMainLog(Args a) {
        Path file = supervisor.log().file();
        if (file == null || !Files.exists(file)) {
            throw new RpcFault(FaultCode.NO_FILE, file == null ? "None" : file.toString());
        }
        return LogFiles.read(file, a.integer(0), a.integer(1));
    }

    private Object clearMainLog() {
        Path file = supervisor.log().file();
        if (file == null || !Files.exists(file)) {
            throw new RpcFault(FaultCode.NO_FILE);
        }
        try {
            supervisor.log().clear();
        } catch (IOException e) {
            throw new RpcFault(FaultCode.FAILED);
        }
        return Boolean.TRUE;
    }

    private Object readProcessLog(Args a, boolean stdout) {
        Subprocess p = lookup.process(a.string(0));
        Path file = stdout ? p.logs().stdoutPath() : p.logs().stderrPath();
        if (file == null || !Files.exists(file)) {
            throw new RpcFault(FaultCode.NO_FILE, file == null ? "None" : file.toString());
        }
        return LogFiles.read(file, a.integer(1), a.integer(2));
    }

    private Object tailProcessLog(Args a, boolean stdout) {
        Subprocess p = lookup.process(a.string(0));
        return LogFiles.tail(stdout ? p.logs().stdoutPath() : p.logs().stderrPath(), a.integer(1), a.integer(2));
    }

    private static void clearLogs(Subprocess p, String name) {
        try {
            p.logs().clear();
        } catch (IOException e) {
            throw new RpcFault(FaultCode.FAILED, name);
        }
    }
}
