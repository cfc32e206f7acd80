package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's /usr/bin/python3 (the one that can import supervisor) as the reference. */
final class Python {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private Python() {
    }

    static void assumeAvailable() {
        assumeTrue(Files.isExecutable(PYTHON), "reference Python not installed");
    }

    /** Runs {@code script} with {@code stdin}; returns stdout; fails the test on a non-zero exit. */
    static String run(String script, String stdin, String... args) throws IOException, InterruptedException {
        assumeAvailable();
        File err = File.createTempFile("python", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectError(err).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("python did not finish");
            }
            assertEquals(0, p.exitValue(), () -> "python failed: " + readQuietly(err));
            return out;
        } finally {
            Files.deleteIfExists(err.toPath());
        }
    }

    private static String readQuietly(File f) {
        try {
            return Files.readString(f.toPath());
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A Python string literal for any Java string, with every non-ASCII or special char escaped. */
    static String literal(String s) {
        StringBuilder b = new StringBuilder("'");
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f && cp != '\\' && cp != '\'') {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format("\\U%08x", cp));
            }
        });
        return b.append('\'').toString();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.strip());
    }
}
