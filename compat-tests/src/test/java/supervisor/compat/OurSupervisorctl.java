package supervisor.compat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs clients on this machine as {@link HostRunner} does, with this project's supervisorctl
 * (scripts/supervisorctl) in place of Debian's: the other half of the four-way transcripts.
 */
public final class OurSupervisorctl implements CommandRunner {

    public static final Path PATH = Implementation.repoRoot().resolve("scripts/supervisorctl");
    public static final OurSupervisorctl INSTANCE = new OurSupervisorctl();

    private OurSupervisorctl() {
    }

    @Override
    public ExecResult run(Duration timeout, List<String> argv) {
        return HostRunner.INSTANCE.run(timeout, argv);
    }

    @Override
    public ExecResult run(Duration timeout, List<String> argv, String stdin) {
        return HostRunner.INSTANCE.run(timeout, argv, stdin);
    }

    @Override
    public String supervisorctl() {
        return PATH.toString();
    }

    @Override
    public String python() {
        return HostRunner.INSTANCE.python();
    }

    @Override
    public String where() {
        return "host, our supervisorctl";
    }
}
