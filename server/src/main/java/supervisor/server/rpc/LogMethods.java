package supervisor.server.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

    private final ChannelLog stdout = new ChannelLog(p -> p.logs().stdoutPath());
    private final ChannelLog stderr = new ChannelLog(p -> p.logs().stderrPath());

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

    /** readProcessStdoutLog and tailProcessStdoutLog. */
    ChannelLog stdout() {
        return stdout;
    }

    /** readProcessStderrLog and tailProcessStderrLog. */
    ChannelLog stderr() {
        return stderr;
    }

    /** Reading one channel's log file of a process. */
    final class ChannelLog {
        private final Function<Subprocess, Path> file;

        private ChannelLog(Function<Subprocess, Path> file) {
            this.file = file;
        }

        /** The slice [offset, offset + length) of the file; NO_FILE when there is none (yet). */
        Object read(Args a) {
            Path f = file.apply(lookup.process(a.string(0)));
            if (f == null || !Files.exists(f)) {
                throw new RpcFault(FaultCode.NO_FILE, f == null ? "None" : f.toString());
            }
            return LogFiles.read(f, a.integer(1), a.integer(2));
        }

        /** [bytes, offset, overflow] as supervisorctl's tail -f polls it. */
        Object tail(Args a) {
            return LogFiles.tail(file.apply(lookup.process(a.string(0))), a.integer(1), a.integer(2));
        }
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
