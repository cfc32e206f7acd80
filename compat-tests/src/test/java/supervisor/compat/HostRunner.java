package supervisor.compat;

import java.time.Duration;
import java.util.List;

import supervisor.testing.Command;
import supervisor.testing.ReferencePython;

/** Runs commands on this machine: Debian's supervisorctl and the python3 that has supervisor importable. */
public final class HostRunner implements CommandRunner {

    public static final HostRunner INSTANCE = new HostRunner();

    private HostRunner() {
    }

    @Override
    public ExecResult run(Duration timeout, List<String> argv) {
        Command.Result r = Command.of(argv).timeout(timeout).run();
        return new ExecResult(argv, r.exitCode(), r.out(), r.err());
    }

    @Override
    public ExecResult run(Duration timeout, List<String> argv, String stdin) {
        Command.Result r = Command.of(argv).stdin(stdin).timeout(timeout).run();
        return new ExecResult(argv, r.exitCode(), r.out(), r.err());
    }

    @Override
    public String supervisorctl() {
        return ReferencePython.SUPERVISORCTL.toString();
    }

    @Override
    public String python() {
        return ReferencePython.PYTHON.toString();
    }

    @Override
    public String where() {
        return "host";
    }
}
