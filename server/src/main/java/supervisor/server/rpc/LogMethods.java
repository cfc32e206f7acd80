package supervisor.server.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import supervisor.logging.ActivityLog;
import supervisor.process.Subprocess;
import supervisor.rpc.Args;
import supervisor.rpc.FaultCode;
import supervisor.rpc.RpcFault;

/**
 * The logs: the activity log (readLog, clearLog) and each process's stdout and stderr logs
 * (read, tail, clear). The slicing rules are {@link LogFiles}'.
 */
final class LogMethods {
    private final ActivityLog log;
    private final Lookup lookup;

    LogMethods(ActivityLog log, Lookup lookup) {
        this.log = log;
        this.lookup = lookup;
    }

    Object readMainLog(Args a) {
        Path file = log.file();
        if (file == null || !Files.exists(file)) {
            throw new RpcFault(FaultCode.NO_FILE, file == null ? "None" : file.toString());
        }
        return LogFiles.read(file, a.integer(0), a.integer(1));
    }

    Object clearMainLog(Args a) {
        Path file = log.file();
        if (file == null || !Files.exists(file)) {
            throw new RpcFault(FaultCode.NO_FILE);
        }
        try {
            log.clear();
        } catch (IOException e) {
            throw new RpcFault(FaultCode.FAILED);
        }
        return Boolean.TRUE;
    }

    Object readStdout(Args a) {
        return readProcessLog(a, true);
    }

    Object readStderr(Args a) {
        return readProcessLog(a, false);
    }

    private Object readProcessLog(Args a, boolean stdout) {
        Subprocess p = lookup.process(a.string(0));
        Path file = stdout ? p.logs().stdoutPath() : p.logs().stderrPath();
        if (file == null || !Files.exists(file)) {
            throw new RpcFault(FaultCode.NO_FILE, file == null ? "None" : file.toString());
        }
        return LogFiles.read(file, a.integer(1), a.integer(2));
    }

    Object tailStdout(Args a) {
        return tailProcessLog(a, true);
    }

    Object tailStderr(Args a) {
        return tailProcessLog(a, false);
    }

    private Object tailProcessLog(Args a, boolean stdout) {
        Subprocess p = lookup.process(a.string(0));
        return LogFiles.tail(stdout ? p.logs().stdoutPath() : p.logs().stderrPath(), a.integer(1), a.integer(2));
    }

    Object clearProcessLogs(Args a) {
        String name = a.string(0);
        clear(lookup.process(name), name);
        return Boolean.TRUE;
    }

    /** One result struct per process, in the order of the *All calls. */
    Object clearAllProcessLogs(Args a) {
        List<Object> results = new ArrayList<>();
        for (Subprocess p : lookup.allByPriority()) {
            try {
                clear(p, p.namespec());
                results.add(ProcessControl.success(p));
            } catch (RpcFault f) {
                results.add(ProcessControl.result(p, f));
            }
        }
        return results;
    }

    private static void clear(Subprocess p, String name) {
        try {
            p.logs().clear();
        } catch (IOException e) {
            throw new RpcFault(FaultCode.FAILED, name);
        }
    }
}
