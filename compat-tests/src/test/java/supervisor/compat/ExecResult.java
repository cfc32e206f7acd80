package supervisor.compat;

import java.util.List;

/** What a client command did: its exit status and both output streams, as text. */
public record ExecResult(List<String> argv, int exitCode, String stdout, String stderr) {

    /** stdout split into lines, without the trailing empty line. */
    public List<String> lines() {
        return stdout.lines().toList();
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + "\n  exit " + exitCode + "\n  stdout: " + stdout.strip().replace("\n", "\n          ")
                + (stderr.isBlank() ? "" : "\n  stderr: " + stderr.strip().replace("\n", "\n          "));
    }
}
