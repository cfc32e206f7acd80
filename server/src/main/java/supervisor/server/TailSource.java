package supervisor.server;

import java.nio.file.Path;

import supervisor.process.ProcessGroup;
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
        return supervisor.call(() -> {
            int colon = namespec.indexOf(':');
            String groupName = colon < 0 ? namespec : namespec.substring(0, colon);
            String name = colon < 0 ? namespec : namespec.substring(colon + 1);
            ProcessGroup g = supervisor.group(groupName);
            Subprocess p = g == null ? null : g.process(name);
            if (p == null) {
                return null;
            }
            return switch (channel) {
                case "stdout" -> p.logs().stdoutPath();
                case "stderr" -> p.logs().stderrPath();
                default -> null;
            };
        }).join();
    }

    @Override
    public Path mainLog() {
        return supervisor.log().file();
    }
}
