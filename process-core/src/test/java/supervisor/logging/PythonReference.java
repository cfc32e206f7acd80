package supervisor.logging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs snippets on Debian's /usr/bin/python3, the interpreter that can import the real
 * supervisor 4.2.5, so that tests compare against the reference instead of against guesses.
 * Data crosses the boundary as hex, one item per line, to keep every byte intact.
 */
public final class PythonReference {

    public static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final HexFormat HEX = HexFormat.of();

    private PythonReference() {
    }

    /** Skips the calling test when the reference interpreter is missing. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
    }

    /** Runs {@code script} with {@code args}, feeding {@code stdin}; returns stdout. */
    public static byte[] run(String script, byte[] stdin, String... args) throws IOException, InterruptedException {
        return run(List.of(), Map.of(), script, stdin, args);
    }

    /**
     * Like {@link #run(String, byte[], String...)}, with {@code prefix} put before the interpreter
     * (e.g. setpriv to change user) and {@code env} applied to the environment, a null value
     * removing the variable.
     */
    public static byte[] run(List<String> prefix, Map<String, String> env, String script, byte[] stdin,
                             String... args) throws IOException, InterruptedException {
        assumeAvailable();
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(PYTHON.toString(), "-c", script));
        command.addAll(List.of(args));
        return exec(command, env, stdin);
    }

    /** Runs any command, returning its stdout; a non-zero exit fails with its stderr. */
    public static byte[] exec(List<String> command, Map<String, String> env, byte[] stdin)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.getFirst() + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(command.getFirst() + " failed: "
                    + new String(err.join(), StandardCharsets.UTF_8));
        }
        return out.join();
    }

    /** Runs {@code script} with lines of hex on stdin; returns its stdout lines. */
    public static List<String> runLines(String script, List<byte[]> items, String... args)
            throws IOException, InterruptedException {
        StringBuilder in = new StringBuilder();
        for (byte[] item : items) {
            in.append(HEX.formatHex(item)).append('\n');
        }
        String out = new String(run(script, in.toString().getBytes(StandardCharsets.US_ASCII), args),
                StandardCharsets.UTF_8);
        if (out.isEmpty()) {
            return List.of();
        }
        if (out.endsWith("\n")) {
            out = out.substring(0, out.length() - 1);
        }
        return List.of(out.split("\n", -1));
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    public static byte[] unhex(String s) {
        return HEX.parseHex(s);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String fromUtf8Hex(String s) {
        return new String(unhex(s), StandardCharsets.UTF_8);
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
