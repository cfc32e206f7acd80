package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.ReferencePython;

/**
 * The opt-in keys {@code environment_file} ([program:x]-like sections and [supervisord]) and
 * {@code stdout_log_prefix} (beyond.md): read at config load, merged under {@code environment=},
 * a file that cannot be read refused in supervisord's words.
 */
class EnvLogKeysTest {
    private static final String BASE = ConfigText.SUPERVISORD;

    @TempDir
    Path dir;

    private Config load(String text) throws Exception {
        return ConfigText.load(dir, text);
    }

    private static ProcessConfig process(Config config, String group) {
        return config.groups().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow()
                .processes().getFirst();
    }

    /** The file's pairs come first; environment= wins on a clash; %(here)s and process_num expand in the path. */
    @Test
    void programFileIsMergedUnderEnvironment() throws Exception {
        Files.writeString(dir.resolve("app.env"), "# app\nFROM_FILE=yes\nSHARED=file\n");
        Files.writeString(dir.resolve("w1.env"), "WORKER='one'\n");
        Config c = load(BASE + """
                [program:app]
                command=/bin/true
                environment_file=%(here)s/app.env
                environment=SHARED="program",OWN=1
                [program:w]
                command=/bin/true
                process_name=w%(process_num)s
                numprocs=1
                numprocs_start=1
                environment_file=%(here)s/w%(process_num)s.env
                [program:plain]
                command=/bin/true
                """);
        assertEquals(Map.of("FROM_FILE", "yes", "SHARED", "program", "OWN", "1"), process(c, "app").environment());
        assertEquals(Map.of("WORKER", "one"), process(c, "w").environment());
        assertEquals(Map.of(), process(c, "plain").environment());
    }

    /** [supervisord]'s file goes under its environment=, for every child; relative paths start at the config's directory. */
    @Test
    void supervisordFileIsMergedUnderItsEnvironment() throws Exception {
        Files.writeString(dir.resolve("all.env"), "GLOBAL=g\nCLASH=file\n");
        Config c = load(BASE + """
                environment_file=all.env
                environment=CLASH=section
                [program:app]
                command=/bin/true
                """);
        assertEquals(Map.of("GLOBAL", "g", "CLASH", "section"), c.supervisord().environment());
    }

    /** The file's contents are not %(...)s-expanded, nor are its names %(ENV_x)s names for the section's keys. */
    @Test
    void theFileIsNeitherExpandedNorAnExpansionSource() throws Exception {
        Files.writeString(dir.resolve("app.env"), "RAW=%(here)s $HOME\n");
        Config c = load(BASE + """
                [program:app]
                command=/bin/true
                environment_file=%(here)s/app.env
                """);
        assertEquals(Map.of("RAW", "%(here)s $HOME"), process(c, "app").environment());
        assertThrows(ConfigException.class, () -> load(BASE + """
                [program:app]
                command=/bin/echo %(ENV_RAW)s
                environment_file=%(here)s/app.env
                """));
    }

    @Test
    void aMissingFileFailsTheLoadNamingTheSection() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load(BASE + """
                [program:app]
                command=/bin/true
                environment_file=%(here)s/missing.env
                """));
        assertEquals("could not read environment_file: [Errno 2] No such file or directory: '" + dir.resolve("missing.env")
                + "' in section 'program:app' (file: 'test.conf')", e.getMessage());

        e = assertThrows(ConfigException.class, () -> load(BASE + "environment_file=/nonexistent/x.env\n"));
        assertEquals("could not read environment_file: [Errno 2] No such file or directory: '/nonexistent/x.env'"
                + " in section 'supervisord' (file: 'test.conf')", e.getMessage());

        e = assertThrows(ConfigException.class, () -> load(BASE + "[program:d]\ncommand=/bin/true\nenvironment_file="
                + dir + "\n"));
        assertEquals("could not read environment_file: [Errno 21] Is a directory: '" + dir + "' in section 'program:d'"
                + " (file: 'test.conf')", e.getMessage());
    }

    /** As in systemd, a leading '-' makes a missing file add nothing instead of failing. */
    @Test
    void aDashMakesTheFileOptional() throws Exception {
        Config c = load(BASE + """
                [program:app]
                command=/bin/true
                environment_file=-%(here)s/missing.env
                environment=A=1
                """);
        assertEquals(Map.of("A", "1"), process(c, "app").environment());
    }

    @Test
    void invalidUtf8FailsAndInvalidNamesWarn() throws Exception {
        Files.write(dir.resolve("bad.env"), new byte[] {'A', '=', (byte) 0xc3, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> load(BASE + """
                [program:app]
                command=/bin/true
                environment_file=%(here)s/bad.env
                """));
        assertEquals("invalid UTF-8 in the value of A on line 1 of environment_file '" + dir.resolve("bad.env")
                + "' in section 'program:app' (file: 'test.conf')", e.getMessage());

        Files.writeString(dir.resolve("names.env"), "export X=1\nY=2\n");
        Config c = load(BASE + """
                [program:app]
                command=/bin/true
                environment_file=%(here)s/names.env
                """);
        assertEquals(Map.of("Y", "2"), process(c, "app").environment());
        assertTrue(c.messages().stream().anyMatch(m -> m.level() == LogLevel.WARN && m.text().equals(
                "For [program:app], environment_file '" + dir.resolve("names.env")
                        + "' line 1: ignoring invalid environment assignment 'export X=1'")), c.messages().toString());
    }

    /** The file is read at each load: a changed file makes a changed config (reread sees the group changed). */
    @Test
    void aChangedFileMakesAChangedConfig() throws Exception {
        Files.writeString(dir.resolve("app.env"), "V=1\n");
        String text = BASE + "[program:app]\ncommand=/bin/true\nenvironment_file=%(here)s/app.env\n";
        GroupConfig before = load(text).groups().getFirst();
        assertEquals(before, load(text).groups().getFirst());
        Files.writeString(dir.resolve("app.env"), "V=2\n");
        assertFalse(before.equals(load(text).groups().getFirst()));
    }

    @Test
    void stdoutLogPrefixIsOffUnlessSet() throws Exception {
        Config c = load(BASE + """
                [program:on]
                command=/bin/true
                stdout_log_prefix=true
                [program:off]
                command=/bin/true
                [eventlistener:l]
                command=/bin/cat
                events=TICK_5
                stdout_log_prefix=yes
                """);
        assertTrue(process(c, "on").stdoutLogPrefix());
        assertFalse(process(c, "off").stdoutLogPrefix());
        assertTrue(process(c, "l").stdoutLogPrefix());
    }

    /** A bad boolean fails as a bad autostart= does under the real supervisord. */
    @Test
    void aBadPrefixValueFailsAsSupervisordsOwnBooleansDo() throws Exception {
        ReferencePython.assumeAvailable();
        String ours = assertThrows(ConfigException.class, () -> load(BASE
                + "[program:x]\ncommand=/bin/true\nstdout_log_prefix=maybe\n")).getMessage();
        Files.writeString(dir.resolve("test.conf"), BASE + "[program:x]\ncommand=/bin/true\nautostart=maybe\n");
        String theirs = ConfigErrorsTest.supervisordError(dir, List.of("-c", "test.conf"),
                ConfigErrorsTest.environment(dir));
        assertEquals(theirs, ours);
    }
}
