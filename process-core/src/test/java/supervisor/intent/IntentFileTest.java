package supervisor.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;

/** The remember_state file: written atomically, read back, missing is normal, damaged is logged and ignored. */
class IntentFileTest {
    private final Path dir;
    private final Path file;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final ActivityLog log = ActivityLog.console(LogLevel.DEBUG, logBytes);
    private final List<Runnable> loop = new ArrayList<>();

    IntentFileTest() throws IOException {
        dir = Files.createTempDirectory("intent");
        file = dir.resolve("state");
    }

    @AfterEach
    void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private void runLoop() {
        while (!loop.isEmpty()) {
            loop.removeFirst().run();
        }
    }

    @Test
    void whatIsWrittenIsReadBackAndNoTemporaryFileStays() throws Exception {
        Map<String, Intent> intents = new LinkedHashMap<>();
        intents.put("web", Intent.STOPPED);
        intents.put("g:worker_1", Intent.STARTED);
        new IntentFile(file).write(intents);
        assertEquals(intents, new IntentFile(file).read());
        assertEquals(IntentFile.HEADER + "\nstopped web\nstarted g:worker_1\n", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "the temporary file was renamed over the file");
        }
        new IntentFile(file).write(Map.of());
        assertEquals(Map.of(), new IntentFile(file).read(), "replaced whole");
    }

    @Test
    void aMissingFileIsNormal() throws Exception {
        assertEquals(Map.of(), new IntentFile(file).read());
        OperatorIntents intents = new OperatorIntents(file, log, loop::add);
        intents.load(Set.of("web"));
        assertNull(intents.of("web"));
        assertEquals("", log(), "nothing to say about a file not written yet");
    }

    @Test
    void aDamagedFileIsLoggedWithWhatAndWhereThenIgnored() throws Exception {
        Files.writeString(file, IntentFile.HEADER + "\nstopped web\nhalted db\n");
        IntentFile.Unusable e = assertThrows(IntentFile.Unusable.class, () -> new IntentFile(file).read());
        assertEquals("line 3: expected 'started NAME' or 'stopped NAME', not 'halted db'", e.getMessage());
        OperatorIntents intents = new OperatorIntents(file, log, loop::add);
        intents.load(Set.of("web", "db"));
        assertNull(intents.of("web"), "nothing of a damaged file is believed");
        assertTrue(log().contains("WARN remember_state: ignoring " + file
                + ": line 3: expected 'started NAME' or 'stopped NAME', not 'halted db'"), log());
        intents.record("db", Intent.STOPPED);
        runLoop();
        assertEquals(Map.of("db", Intent.STOPPED), new IntentFile(file).read(), "the next intent replaces it");

        Files.write(file, new byte[] {0, 1, 2, (byte) 0xff});
        assertThrows(IntentFile.Unusable.class, () -> new IntentFile(file).read(), "binary garbage");
        Files.writeString(file, "");
        assertThrows(IntentFile.Unusable.class, () -> new IntentFile(file).read(), "empty (a crash before rename cannot make one; a hand can)");
    }

    @Test
    void anUnreadableFileIsLoggedAndIgnored() throws Exception {
        Files.createDirectory(file); // a directory where the file should be: unreadable as a file
        OperatorIntents intents = new OperatorIntents(file, log, loop::add);
        intents.load(Set.of("web"));
        assertTrue(log().contains("WARN remember_state: ignoring " + file + ": cannot read it"), log());
        Files.delete(file);
    }

    @Test
    void intentsOfProcessesNoLongerConfiguredAreForgottenAndWritesAreCoalesced() throws Exception {
        new IntentFile(file).write(Map.of("web", Intent.STOPPED, "gone", Intent.STARTED));
        OperatorIntents intents = new OperatorIntents(file, log, loop::add);
        intents.load(Set.of("web"));
        assertEquals(Intent.STOPPED, intents.of("web"));
        assertNull(intents.of("gone"));
        intents.record("web", Intent.STARTED);
        intents.record("a", Intent.STOPPED);
        intents.record("b", Intent.STOPPED);
        assertEquals(1, loop.size(), "one write for the batch");
        runLoop();
        assertEquals(Map.of("web", Intent.STARTED, "a", Intent.STOPPED, "b", Intent.STOPPED),
                new IntentFile(file).read());
        intents.forget("a");
        runLoop();
        assertFalse(new IntentFile(file).read().containsKey("a"));
    }

    @Test
    void withoutTheKeyNothingIsRecorded() {
        OperatorIntents intents = new OperatorIntents(null, log, loop::add);
        intents.record("web", Intent.STOPPED);
        assertNull(intents.of("web"));
        assertTrue(loop.isEmpty());
    }
}
