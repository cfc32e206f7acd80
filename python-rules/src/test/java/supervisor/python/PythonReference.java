package supervisor.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a snippet on Debian's /usr/bin/python3 (the interpreter of the real supervisor 4.2.5),
 * so that these rules are compared with Python's own. Items cross as hex, one a line, to keep
 * every byte intact; a test is skipped where there is no such interpreter.
 */
final class PythonReference {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final HexFormat HEX = HexFormat.of();

    private PythonReference() {
    }

    /** Feeds {@code items} to {@code script} as lines of hex; returns its output lines. */
    static List<String> runLines(String script, List<byte[]> items) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        Path input = Files.createTempFile("python-rules", ".hex");
        try {
            Files.write(input, items.stream().map(HEX::formatHex).toList());
            Process python = new ProcessBuilder(PYTHON.toString(), "-c", script)
                    .redirectInput(input.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (python.waitFor() != 0) {
                throw new IOException("python3 failed on:\n" + script);
            }
            if (out.isEmpty()) {
                return List.of();
            }
            return List.of(out.substring(0, out.length() - (out.endsWith("\n") ? 1 : 0)).split("\n", -1));
        } finally {
            Files.delete(input);
        }
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String fromUtf8Hex(String s) {
        return new String(HEX.parseHex(s), StandardCharsets.UTF_8);
    }
}
