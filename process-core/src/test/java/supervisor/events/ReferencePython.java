package supervisor.events;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/** Runs Debian's Python 3, which has the real supervisor package, as the reference. */
public final class ReferencePython {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private ReferencePython() {
    }

    /** Runs {@code script} with {@code input} on stdin; returns its stdout. */
    public static String run(String script, String input) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "the reference Python is not installed");
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-c", script);
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Path out = Files.createTempFile("ref-out", ".txt");
        Path err = Files.createTempFile("ref-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("reference Python timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("reference Python failed: " + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    public static String hex(String s) {
        return hex(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] unhex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
