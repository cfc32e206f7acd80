package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The opt-in keys {@code stdout_log_prefix} and {@code environment_file} (beyond.md), and
 * logging to the daemon's stdout and stderr, with real processes: our daemon started in the
 * foreground ({@code -n}) as a container starts it, its stdout and stderr captured together.
 * The same file under the real supervisord 4.2.5 runs as if the keys were absent.
 */
class EnvLogHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int LINES = 300;
    /** A line of the activity log, as the daemon echoes it to its stdout. */
    private static final Pattern ACTIVITY = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} [A-Z]+ .*");

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /** Writes its lines to fd 1 in pieces of 1 to 40 bytes, sometimes pausing; ends with a line left open. */
    private static final String WRITER = """
            import os, random, sys, time
            name = sys.argv[1]
            r = random.Random()
            for i in range(%d):
                b = (name + ' line ' + str(i) + ' ' + 'x' * (i * 7 %% 300) + '\\n').encode()
                while b:
                    k = r.randrange(1, 41)
                    os.write(1, b[:k])
                    b = b[k:]
                    if r.random() < 0.2:
                        time.sleep(0.0005)
            os.write(2, (name + ' on stderr\\n').encode())
            os.write(1, (name + ' tail without newline').encode())
            """.formatted(LINES);

    private static List<String> expectedLines(String name) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            lines.add(name + " line " + i + " " + "x".repeat(i * 7 % 300));
        }
        return lines;
    }

    /**
     * Two writers to the daemon's stdout and stderr with the prefix, one through /dev/stdout, one
     * through a link of its own to it with a tiny maxbytes (were it rotated, the link in the test's
     * folder would move, never the system's /dev/stdout); a program with environment files at
     * both levels; loglevel info, so that the stdout carries only the activity log and the
     * programs' lines.
     */
    private static SupervisorConf conf() {
        SupervisorConf conf = SupervisorConf.in(base());
        Path dir = conf.dir();
        try {
            Files.writeString(dir.resolve("writer.py"), WRITER);
            Files.createSymbolicLink(dir.resolve("stdout-link"), Path.of("/dev/stdout"));
            Files.writeString(dir.resolve("global.env"), "G=global\nCLASH2=global\n");
            Files.writeString(dir.resolve("app.env"), """
                    # systemd's rules: quotes, a continued line, no expansion
                    A="a value"
                    B=b\\
                    c
                    RAW=$HOME
                    CLASH=file
                    CLASH2=program-file
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String writer = "/usr/bin/python3 " + dir.resolve("writer.py");
        return conf
                .supervisord("loglevel=info", "environment_file=%(here)s/global.env")
                .program("alpha", writer + " alpha", "stdout_logfile=/dev/stdout", "stdout_logfile_maxbytes=0",
                        "stderr_logfile=/dev/stderr", "stderr_logfile_maxbytes=0", "stdout_log_prefix=true")
                .program("beta", writer + " beta", "stdout_logfile=" + dir.resolve("stdout-link"),
                        "stdout_logfile_maxbytes=1KB", "stderr_logfile=/dev/stderr", "stderr_logfile_maxbytes=0",
                        "stdout_log_prefix=true")
                .program("envshow", "/bin/sh -c 'echo \"A=$A B=$B RAW=$RAW CLASH=$CLASH G=$G CLASH2=$CLASH2\" > "
                        + dir.resolve("env.out") + "'", "environment_file=%(here)s/app.env",
                        "environment=CLASH=program", "stdout_logfile=NONE");
    }

    private static void awaitExited(Supervisord d) {
        for (String name : List.of("alpha", "beta", "envshow")) {
            d.awaitState(name, "EXITED", DEADLINE);
        }
    }

    /**
     * Every line of both writers arrives whole, prefixed with its program's name, in order; none
     * mixed with another's or with the activity log; the unfinished last line once, with a
     * newline; nothing rotated, no "Illegal seek".
     */
    @Test
    void twoProgramsWritingInPiecesGiveWholePrefixedLines() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = conf();
        String output;
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            awaitExited(d);
            output = d.output();
        }
        List<String> alpha = new ArrayList<>(), beta = new ArrayList<>();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("alpha | ")) {
                alpha.add(line.substring(8));
            } else if (line.startsWith("beta | ")) {
                beta.add(line.substring(7));
            } else {
                // the launcher's own notes ("supervisord: building ...") come before the daemon starts
                assertTrue(line.isEmpty() || ACTIVITY.matcher(line).matches() || line.startsWith("supervisord: "),
                        "a mixed or unprefixed line: "
                        + line + "\n" + output);
            }
        }
        for (var e : List.of(List.of("alpha", alpha), List.of("beta", beta))) {
            String name = (String) e.get(0);
            @SuppressWarnings("unchecked") List<String> got = (List<String>) e.get(1);
            assertEquals(expectedLines(name), got.stream().filter(l -> l.startsWith(name + " line ")).toList(), name);
            assertEquals(1, got.stream().filter((name + " tail without newline")::equals).count(), name);
            assertEquals(1, got.stream().filter((name + " on stderr")::equals).count(), name);
            assertEquals(LINES + 2, got.size(), name);
        }
        assertTrue(output.endsWith("\n"), "the output ends with a whole line");
        assertTrue(Files.isSymbolicLink(conf.dir().resolve("stdout-link")), "the log link was rotated away");
        assertFalse(Files.exists(conf.dir().resolve("stdout-link.1")));
        String activity = Files.readString(conf.dir().resolve("supervisord.log"));
        assertFalse(activity.contains("Illegal seek") || output.contains("Illegal seek"), activity);
    }

    /** The files' variables reach the program, environment= winning, the program's file over [supervisord]'s. */
    @Test
    void environmentFilesReachTheProgramUnderEnvironment() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = conf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            awaitExited(d);
        }
        assertEquals("A=a value B=bc RAW=$HOME CLASH=program G=global CLASH2=program-file\n",
                Files.readString(conf.dir().resolve("env.out")));
    }

    /** A file that is not there fails the load: supervisord's message, exit 2, nothing started. */
    @Test
    void aMissingEnvironmentFileFailsTheLoad() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base());
        Path marker = conf.dir().resolve("started");
        conf.program("app", "/usr/bin/touch " + marker, "environment_file=%(here)s/missing.env");
        ExecResult r = Supervisord.runToExit(Implementation.OURS, conf, Supervisord.START_DEADLINE);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.toString().contains("Error: could not read environment_file: [Errno 2] No such file or directory: '"
                + conf.dir().resolve("missing.env") + "' in section 'program:app' (file: '" + conf.file() + "')"),
                r.toString());
        assertFalse(Files.exists(marker), "a program was started");
        assertFalse(Files.exists(conf.socket()), "the daemon got as far as its socket");
    }

    /**
     * The same file under the real supervisord 4.2.5: it loads, the programs run and exit, their
     * output carries no prefix, and the environment files are ignored (environment= still applies).
     */
    @Test
    void theRealSupervisordRunsTheFileAsIfTheKeysWereAbsent() throws IOException {
        Implementation.REAL.assumeAvailable();
        SupervisorConf conf = conf();
        String output;
        try (Supervisord d = Supervisord.start(Implementation.REAL, conf)) {
            awaitExited(d);
            output = d.output();
        }
        assertFalse(output.contains("alpha | ") || output.contains("beta | "), output);
        assertTrue(output.contains("alpha line "), output);
        assertEquals("A= B= RAW= CLASH=program G= CLASH2=\n", Files.readString(conf.dir().resolve("env.out")));
    }
}
