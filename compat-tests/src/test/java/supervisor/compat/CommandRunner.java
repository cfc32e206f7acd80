package supervisor.compat;

import java.time.Duration;
import java.util.List;

/**
 * Runs a client command somewhere: on this host, or inside a container. The suites only
 * talk to this interface, so the same scenario runs against clients in both places.
 */
public interface CommandRunner {

    ExecResult run(Duration timeout, List<String> argv);

    /** Runs a command with {@code stdin} as its input (for the interactive shell). */
    default ExecResult run(Duration timeout, List<String> argv, String stdin) {
        throw new UnsupportedOperationException("no input for commands on " + where());
    }

    /** Absolute path or PATH name of the supervisorctl to run. */
    String supervisorctl();

    /** A python3 that can import the supervisor package (for its unix-socket transport). */
    String python();

    /** A short word for reports: "host" or the container image. */
    String where();
}
