package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The {@code [supervisord]} keys {@code update_scope}, {@code remember_state} and
 * {@code restart_parallelism} (beyond.md): absent means 4.2.5's behaviour, and a bad value
 * fails the load with supervisord's message format, naming the section and the file.
 */
class ReloadKeysTest {
    private static final String BASE = ConfigText.SUPERVISORD;

    private Path dir;

    private ReloadSettings load(String lines) throws Exception {
        dir = Files.createTempDirectory("reload");
        try {
            return ConfigText.load(dir, BASE + lines).supervisord().reload();
        } finally {
            ConfigErrorsTest.deleteTree(dir);
        }
    }

    private String failure(String lines) {
        return assertThrows(ConfigException.class, () -> load(lines)).getMessage()
                .replace(dir.toString(), "<dir>");
    }

    @Test
    void withoutTheKeysEverythingIsAs425() throws Exception {
        ReloadSettings r = load("");
        assertEquals(ReloadSettings.DEFAULT, r);
        assertEquals(ReloadSettings.UpdateScope.GROUP, r.updateScope());
        assertNull(r.rememberState());
        assertFalse(r.rolling());
        assertFalse(r.memberwiseUpdate());
    }

    @Test
    void eachKeyIsReadAsWritten() throws Exception {
        ReloadSettings r = load("update_scope = Process\nremember_state=%(here)s/state.json\nrestart_parallelism=2\n");
        assertEquals(ReloadSettings.UpdateScope.PROCESS, r.updateScope());
        assertTrue(r.memberwiseUpdate());
        assertEquals(dir.resolve("state.json").toString(), r.rememberState());
        assertEquals(2, r.restartParallelism());
        assertTrue(r.rolling());
        assertEquals(ReloadSettings.UpdateScope.GROUP, load("update_scope=group\n").updateScope());
        assertFalse(load("update_scope=group\nrestart_parallelism=3\n").memberwiseUpdate(),
                "under group scope a changed group is replaced whole, whatever the parallelism");
    }

    @Test
    void badValuesFailTheLoadNamingTheSection() {
        String where = " in section 'supervisord' (file: 'test.conf')";
        assertEquals("invalid update_scope value 'member' (must be group or process)" + where,
                failure("update_scope=member\n"));
        assertEquals("invalid restart_parallelism value '0' (must be an integer of at least 1)" + where,
                failure("restart_parallelism=0\n"));
        assertEquals("invalid restart_parallelism value '-1' (must be an integer of at least 1)" + where,
                failure("restart_parallelism=-1\n"));
        assertEquals("invalid restart_parallelism value 'two' (must be an integer of at least 1)" + where,
                failure("restart_parallelism=two\n"));
        assertEquals("invalid remember_state value '' (must be a file path)" + where, failure("remember_state=\n"));
        assertTrue(failure("remember_state=/nonexistent/dir/state\n").endsWith(where),
                "a file in a directory that does not exist");
    }
}
