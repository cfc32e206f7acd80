package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code [supervisord] logfile_format} (beyond.md): plain by default, json on request, else refused. */
class LogfileFormatKeyTest {
    private static final String BASE = ConfigText.SUPERVISORD;

    private static Config load(String text) throws Exception {
        return ConfigText.load(text);
    }

    @Test
    void plainUnlessJsonIsAskedFor() throws Exception {
        assertFalse(load(BASE).supervisord().logfileJson());
        assertFalse(load(BASE + "logfile_format=plain\n").supervisord().logfileJson());
        assertTrue(load(BASE + "logfile_format=json\n").supervisord().logfileJson());
        assertTrue(load(BASE + "logfile_format = JSON \n").supervisord().logfileJson());
    }

    @Test
    void anyOtherValueFailsTheLoad() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(BASE + "logfile_format=xml\n"));
        assertEquals("invalid logfile_format value 'xml' (must be plain or json)", e.getMessage());
    }
}
