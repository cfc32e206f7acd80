package supervisor.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's python3, the one that can import supervisor's own modules. */
final class Python {
    static final String EXECUTABLE = "/usr/bin/python3";

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Python() {
    }

    static Result run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(EXECUTABLE, "-c", script));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("py", ".out");
        Path err = Files.createTempFile("py", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("python did not finish: " + script);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a script that must succeed and returns its stdout without the trailing newline. */
    static String output(String script, String... args) throws IOException, InterruptedException {
        Result result = run(script, args);
        if (result.exitCode() != 0)
            throw new AssertionError("python failed (" + result.exitCode() + "): " + result.stderr());
        return result.stdout().stripTrailing();
    }
}
