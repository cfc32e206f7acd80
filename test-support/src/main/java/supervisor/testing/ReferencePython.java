package supervisor.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The reference: Debian's supervisor 4.2.5, its {@code supervisord} and {@code supervisorctl},
 * and the {@code /usr/bin/python3} that imports its modules (a python3 found first on PATH may
 * lack them). Tests run snippets on it to compare with what supervisor itself does instead of
 * with guesses. A test that needs it is skipped when it is not installed.
 *
 * <p>Snippets run with {@code PYTHONIOENCODING=utf-8}: text goes in and comes out as UTF-8
 * whatever the locale. Data that must keep every byte crosses as hex ({@link #runLines}).
 */
public final class ReferencePython {

    public static final Path PYTHON = Path.of("/usr/bin/python3");
    public static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    public static final Path SUPERVISORCTL = Path.of("/usr/bin/supervisorctl");

    private static final HexFormat HEX = HexFormat.of();
    private static volatile Boolean available;

    private ReferencePython() {
    }

    /** True when the reference supervisor is installed: its commands, and Python importing it. */
    public static boolean available() {
        Boolean a = available;
        if (a == null) {
            a = Files.isExecutable(PYTHON) && Files.isExecutable(SUPERVISORD) && Files.isExecutable(SUPERVISORCTL)
                    && Command.of(PYTHON.toString(), "-c", "import supervisor.options").run().exitCode() == 0;
            available = a;
        }
        return a;
    }

    /**
     * Skips the calling test when the reference supervisor is not installed, except on CI
     * ({@code CI=true}), where that is a failure: CI is where every comparison must run.
     */
    public static void assumeAvailable() {
        String why = "the reference supervisor 4.2.5 is not installed (apt-get install supervisor)";
        if (!available() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + why);
        }
        assumeTrue(available(), why);
    }

    /**
     * {@code python3 -c script args...}, to be given stdin, environment and so on, then run.
     * Skips the calling test when the reference is not installed.
     */
    public static Command command(String script, String... args) {
        assumeAvailable();
        List<String> argv = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        argv.addAll(List.of(args));
        return Command.of(argv).env("PYTHONIOENCODING", "utf-8");
    }

    /** Runs {@code script} with {@code stdin} (UTF-8); returns its stdout; fails with its stderr unless it exits 0. */
    public static String run(String script, String stdin, String... args) {
        return command(script, args).stdin(stdin).output();
    }

    /** Like {@link #run(String, String, String...)} with bytes in and out. */
    public static byte[] run(String script, byte[] stdin, String... args) {
        return command(script, args).stdin(stdin).outputBytes();
    }

    /**
     * Runs {@code script} with one item a line on stdin, each as hex, and returns its stdout
     * lines: the script reads {@code bytes.fromhex(line)} and may print hex back.
     */
    public static List<String> runLines(String script, List<byte[]> items, String... args) {
        StringBuilder in = new StringBuilder();
        for (byte[] item : items) {
            in.append(hex(item)).append('\n');
        }
        String out = run(script, in.toString(), args);
        if (out.isEmpty()) {
            return List.of();
        }
        if (out.endsWith("\n")) {
            out = out.substring(0, out.length() - 1);
        }
        return List.of(out.split("\n", -1));
    }

    /** {@code str(e)} of what {@code code} raises (its lines run inside a try), or "" when it raises nothing. */
    public static String exceptionText(String code) {
        return run("import sys\ntry:\n" + code.indent(4) + "except Exception as e:\n    sys.stdout.write(str(e))\n", "");
    }

    /** A Python string literal for any Java string, every non-printable-ASCII character escaped. */
    public static String literal(String s) {
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

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The hex of {@code s} in UTF-8. */
    public static String hex(String s) {
        return hex(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes of a hex string (surrounding white space ignored). */
    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex.strip());
    }

    /** The UTF-8 bytes of {@code s}, as the reference's scripts read their input lines. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The text whose UTF-8 bytes {@code hex} spells. */
    public static String unhexUtf8(String hex) {
        return new String(unhex(hex), StandardCharsets.UTF_8);
    }
}
