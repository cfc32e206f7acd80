package supervisor.server;

import java.nio.file.Path;

import supervisor.process.Namespec;
import supervisor.process.Subprocess;
import supervisor.process.Supervisor;
import supervisor.server.http.LogTailSource;

/** Where {@code /logtail/<namespec>/<channel>} and {@code /mainlogtail} read from. */
final class TailSource implements LogTailSource {
    private final Supervisor supervisor;

    TailSource(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public Path processLog(String namespec, String channel) {
        // the published groups and the fixed log paths: no trip through the loop
        Subprocess p = supervisor.process(Namespec.parse(namespec));
        if (p == null) {
            return null;
        }
        return switch (channel) {
            case "stdout" -> p.logs().stdoutPath();
            case "stderr" -> p.logs().stderrPath();
            default -> null;
        };
    }

    @Override
    public Path mainLog() {
        return supervisor.log().file();
    }
}
