package supervisor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.ConfigException;
import supervisor.server.Arguments.UsageException;
import supervisor.testing.Command;
import supervisor.testing.ReferencePython;

/**
 * supervisord's command line, judged against the real supervisord: for each bad command line
 * both must print the same {@code Error: ...} text (before any config is read or anything starts).
 */
class ArgumentsTest {
    @TempDir
    Path dir;

    /** What our parsing says: the text after "Error: ", or null when the line is accepted. */
    private static String ours(String... args) {
        try {
            Arguments cl = Arguments.parse(args);
            Options.overrides(cl);
            if (cl.has("configuration")) {
                Options.configFile(cl, "supervisord");
            }
            return null;
        } catch (Arguments.UsageException | ConfigException e) {
            return e.getMessage();
        }
    }

    /** What the real supervisord prints after "Error: " for the same arguments. */
    private String real(String... args) {
        ReferencePython.assumeAvailable();
        List<String> cmd = new ArrayList<>(List.of(ReferencePython.SUPERVISORD.toString()));
        cmd.addAll(List.of(args));
        Command.Result r = Command.of(cmd).directory(dir).timeout(Duration.ofSeconds(30)).run();
        String out = r.out() + r.err();
        assertEquals(2, r.exitCode(), out);
        String first = out.lines().filter(l -> l.startsWith("Error: ")).findFirst().orElseThrow(() ->
                new AssertionError("no Error line from the real supervisord: " + out));
        return first.substring("Error: ".length());
    }

    @Test
    void badCommandLinesGetTheSameErrorAsSupervisord() throws Exception {
        String missing = dir.resolve("nope.conf").toString();
        List<String[]> cases = List.of(
                new String[] {"-x"},
                new String[] {"--bogus"},
                new String[] {"-n", "-n"},
                new String[] {"--nodaemon", "--nodaemon"},
                new String[] {"-n", "--nodaemon"},
                new String[] {"foo"},
                new String[] {"-n", "foo", "bar"},
                new String[] {"a\nb", "x'y", "\u0001", "tab\there", "back\\slash", "both'\""},
                new String[] {"--logfile"},
                new String[] {"-y"},
                new String[] {"-e", "bogus"},
                new String[] {"--loglevel=bogus"},
                new String[] {"-y", "1XB"},
                new String[] {"-z", "many"},
                new String[] {"-a", "x"},
                new String[] {"--minprocs", "x"},
                new String[] {"-m", "9"},
                new String[] {"-q", "/nonexistent"},
                new String[] {"-d", "/nonexistent"},
                new String[] {"-l", "/nonexistent/dir/x.log"},
                new String[] {"-j", "/nonexistent/dir/x.pid"},
                new String[] {"-d", ""},
                new String[] {"-q", ""},
                new String[] {"-l", "nonexistent/x.log/"},
                new String[] {"-j", "nonexistent/"},
                new String[] {"-u", "no-such-user-here"},
                new String[] {"-c", missing},
                new String[] {"-c" + missing},
                new String[] {"--configuration=" + missing},
                new String[] {"--conf", missing});
        List<String> mismatches = new ArrayList<>();
        for (String[] args : cases) {
            String expected = real(args);
            String actual = ours(args);
            if (!expected.equals(actual)) {
                mismatches.add(String.join(" ", args) + "\n  real: " + expected + "\n  ours: " + actual);
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void clusteredAndAttachedFormsAreParsedLikeGetopt() throws Exception {
        Arguments cl = Arguments.parse(new String[] {"-nkc", "/etc/x.conf", "-elevel", "--ident=abc",
                "--logfile", "/tmp/l"});
        assertEquals("", cl.value("nodaemon"));
        assertEquals("", cl.value("nocleanup"));
        assertEquals("/etc/x.conf", cl.value("configuration"));
        assertEquals("level", cl.value("loglevel"));
        assertEquals("abc", cl.value("identifier"));
        assertEquals("/tmp/l", cl.value("logfile"));
        UsageException ambiguous = assertThrows(Arguments.UsageException.class,
                () -> Arguments.parse(new String[] {"--logf", "x"}));
        assertEquals("option --logf not a unique prefix", ambiguous.getMessage());
    }

    @Test
    void versionAndHelpMatchSupervisord() throws Exception {
        ReferencePython.assumeAvailable();
        String realVersion = Command.of(ReferencePython.SUPERVISORD.toString(), "-v").output().strip();
        assertEquals(realVersion, supervisor.server.rpc.SupervisorNamespace.SUPERVISOR_VERSION);
        assertTrue(Arguments.parse(new String[] {"-h"}).has("help"));
        assertTrue(Arguments.parse(new String[] {"-?"}).has("help"));
    }
}
