package supervisor.config;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real supervisor (Debian's Python 3 with the {@code supervisor} package, and the
 * installed {@code supervisord}) so tests compare against it instead of against guesses.
 */
final class PythonReference {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");

    private PythonReference() {
    }

    static void assumeAvailable() {
        assumeTrue(Files.isExecutable(PYTHON) && Files.isExecutable(SUPERVISORD),
                "the reference supervisor is not installed");
    }

    /** Runs a Python script with {@code input} on stdin; returns stdout (UTF-8). */
    static String python(String script, String input) throws IOException, InterruptedException {
        return python(script, input, null, null);
    }

    /** As {@link #python(String, String)} in a given directory with exactly the given environment. */
    static String python(String script, String input, Path dir, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-c", script);
        if (dir != null) {
            pb.directory(dir.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Result r = run(pb, input, 60);
        if (r.exitCode != 0) {
            throw new IllegalStateException("python failed: " + r.stderr);
        }
        return r.stdout;
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(ProcessBuilder pb, String input, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ref-out", ".txt");
        Path err = Files.createTempFile("ref-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("timed out: " + pb.command());
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The minimal environment both the real supervisord and our loader see in differential tests. */
    static Map<String, String> environment(Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("TMPDIR", home.toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /**
     * Runs the real supervisord in the foreground on a config in {@code dir} and returns what
     * follows {@code Error: } when it refuses the config; fails when it does not exit with 2.
     */
    static String supervisordError(Path dir, List<String> args, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(SUPERVISORD.toString());
        command.addAll(args);
        command.add("-n");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Result r = run(pb, "", 30);
        if (r.exitCode != 2 || !r.stderr.startsWith("Error: ")) {
            throw new IllegalStateException("supervisord did not refuse the config: rc=" + r.exitCode + " "
                    + r.stderr);
        }
        String text = r.stderr.substring("Error: ".length());
        int help = text.lastIndexOf("\nFor help, use ");
        return text.substring(0, help);
    }
}
