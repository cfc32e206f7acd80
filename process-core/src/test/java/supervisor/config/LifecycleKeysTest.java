package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

/**
 * The opt-in keys {@code essential}, {@code retry_forever} and {@code backoff_max} (beyond.md):
 * read in every section that defines processes, off when absent, and a bad value refused with
 * the message supervisord gives for a bad value of its own keys of the same type.
 */
class LifecycleKeysTest {
    private static final String BASE = ConfigText.SUPERVISORD;

    private static Config load(String text) throws Exception {
        return ConfigText.load(BASE + text);
    }

    private static ProcessConfig process(Config config, String group) {
        return config.groups().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow()
                .processes().getFirst();
    }

    /** [program:x], [fcgi-program:x] and [eventlistener:x] all take the keys; without them all are off. */
    @Test
    void everyProcessSectionTakesTheKeys() throws Exception {
        Config c = load("""
                [program:plain]
                command=/bin/true
                [program:p]
                command=/bin/true
                essential=true
                retry_forever=yes
                backoff_max=30
                [fcgi-program:f]
                command=/bin/true
                socket=tcp://localhost:9002
                essential=on
                backoff_max=5
                [eventlistener:l]
                command=/bin/cat
                events=TICK_5
                retry_forever=1
                """);
        ProcessConfig plain = process(c, "plain");
        assertEquals(List.of(false, false, 0), List.of(plain.essential(), plain.retryForever(), plain.backoffMax()));
        ProcessConfig p = process(c, "p");
        assertEquals(List.of(true, true, 30), List.of(p.essential(), p.retryForever(), p.backoffMax()));
        ProcessConfig f = process(c, "f");
        assertEquals(List.of(true, false, 5), List.of(f.essential(), f.retryForever(), f.backoffMax()));
        ProcessConfig l = process(c, "l");
        assertEquals(List.of(false, true, 0), List.of(l.essential(), l.retryForever(), l.backoffMax()));
    }

    /**
     * A bad boolean or integer of a new key fails as the same bad value of one of supervisord's
     * own keys does (the message names neither key): judged by the real supervisord.
     */
    @Test
    void badValuesFailAsSupervisordsOwnKeysDo() throws Exception {
        ReferencePython.assumeAvailable();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> c : Map.of(
                "essential=maybe", "autostart=maybe",
                "retry_forever=2", "autostart=2",
                "backoff_max=soon", "startsecs=soon",
                "backoff_max=1.5", "startsecs=1.5").entrySet()) {
            String ours = ourError(c.getKey());
            String theirs = supervisordError(c.getValue());
            if (!ours.equals(theirs)) {
                mismatches.add(c.getKey() + ": " + ours + " / supervisord for " + c.getValue() + ": " + theirs);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    /** backoff_max must be at least 1, with supervisord's words for a range-checked integer. */
    @Test
    void backoffMaxBelowOneIsRefused() throws Exception {
        assertEquals("0 is below lower bound (1) in section 'program:x' (file: 'bad.conf')", ourError("backoff_max=0"));
        assertEquals("-5 is below lower bound (1) in section 'program:x' (file: 'bad.conf')",
                ourError("backoff_max=-5"));
    }

    private static String program(String line) {
        return BASE + "[program:x]\ncommand=/bin/true\n" + line + "\n";
    }

    private static String ourError(String line) throws Exception {
        Path dir = Files.createTempDirectory("lifecycle");
        try {
            Files.writeString(dir.resolve("bad.conf"), program(line));
            new ConfigLoader(ConfigErrorsTest.environment(dir), dir, "n").read(Path.of("bad.conf"), Overrides.none());
            return "(accepted)";
        } catch (ConfigException e) {
            return e.getMessage();
        } finally {
            ConfigErrorsTest.deleteTree(dir);
        }
    }

    private static String supervisordError(String line) throws Exception {
        Path dir = Files.createTempDirectory("lifecycle");
        try {
            Files.writeString(dir.resolve("bad.conf"), program(line));
            return ConfigErrorsTest.supervisordError(dir, List.of("-c", "bad.conf"), ConfigErrorsTest.environment(dir));
        } finally {
            ConfigErrorsTest.deleteTree(dir);
        }
    }
}
