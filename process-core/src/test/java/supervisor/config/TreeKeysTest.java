package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

/**
 * The opt-in keys {@code kill_tree} ([program:x] and the other process sections) and
 * {@code subreaper} ([supervisord]) of beyond.md: off (unset) when absent, and a bad value refused
 * with the message supervisord gives for the same bad value of its own boolean keys.
 */
class TreeKeysTest {
    private static final String BASE = ConfigText.SUPERVISORD;

    private static Config load(String text) throws Exception {
        return ConfigText.load(text);
    }

    private static ProcessConfig process(Config config, String group) {
        return config.groups().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow()
                .processes().getFirst();
    }

    @Test
    void killTreeIsReadInEveryProcessSectionAndOffWithout() throws Exception {
        Config c = load(BASE + """
                [program:plain]
                command=/bin/true
                [program:p]
                command=/bin/true
                kill_tree=true
                [fcgi-program:f]
                command=/bin/true
                socket=tcp://localhost:9002
                kill_tree=yes
                [eventlistener:l]
                command=/bin/cat
                events=TICK_5
                kill_tree=1
                """);
        assertFalse(process(c, "plain").killTree());
        assertTrue(process(c, "p").killTree());
        assertTrue(process(c, "f").killTree());
        assertTrue(process(c, "l").killTree());
        assertNull(c.supervisord().subreaper(), "unset: the daemon decides (on as PID 1)");
    }

    @Test
    void subreaperIsReadInSupervisord() throws Exception {
        assertEquals(Boolean.TRUE, load(BASE + "subreaper=true\n").supervisord().subreaper());
        assertEquals(Boolean.FALSE, load(BASE + "subreaper=off\n").supervisord().subreaper());
    }

    /** A bad boolean fails as a bad boolean of supervisord's own keys does, in the same section. */
    @Test
    void badValuesFailAsSupervisordsOwnKeysDo() throws Exception {
        ReferencePython.assumeAvailable();
        assertEquals(supervisordError(BASE + "[program:x]\ncommand=/bin/true\nautostart=maybe\n"),
                ourError(BASE + "[program:x]\ncommand=/bin/true\nkill_tree=maybe\n"));
        assertEquals(supervisordError(BASE + "nodaemon=maybe\n[program:x]\ncommand=/bin/true\n"),
                ourError(BASE + "subreaper=maybe\n[program:x]\ncommand=/bin/true\n"));
    }

    private static String ourError(String text) throws Exception {
        Path dir = Files.createTempDirectory("tree");
        try {
            Files.writeString(dir.resolve("bad.conf"), text);
            new ConfigLoader(ConfigErrorsTest.environment(dir), dir, "n").read(Path.of("bad.conf"), Overrides.none());
            return "(accepted)";
        } catch (ConfigException e) {
            return e.getMessage();
        } finally {
            ConfigErrorsTest.deleteTree(dir);
        }
    }

    private static String supervisordError(String text) throws Exception {
        Path dir = Files.createTempDirectory("tree");
        try {
            Files.writeString(dir.resolve("bad.conf"), text);
            return ConfigErrorsTest.supervisordError(dir, List.of("-c", "bad.conf"), ConfigErrorsTest.environment(dir));
        } finally {
            ConfigErrorsTest.deleteTree(dir);
        }
    }
}
