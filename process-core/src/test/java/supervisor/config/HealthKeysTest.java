package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import supervisor.check.Check;
import supervisor.check.Liveness;

/**
 * The opt-in keys {@code health_check}, {@code health_interval} and {@code health_failures}
 * (beyond.md): the check takes ready_check's syntax except {@code log:}, the other two default
 * to 10 and 3, absent means none, and a bad value fails the load with supervisord's message format.
 */
class HealthKeysTest {
    private static final String BASE = ConfigText.SUPERVISORD + """
            [program:x]
            command=/bin/true
            """;
    private static final String WHERE = " in section 'program:x' (file: 'test.conf')";

    private static ProcessConfig load(String lines) throws Exception {
        return ConfigText.load(BASE + lines + "\n").groups().getFirst().processes().getFirst();
    }

    private static String error(String lines) throws Exception {
        return ConfigText.error(BASE + lines + "\n");
    }

    @Test
    void withoutHealthCheckThereIsNone() throws Exception {
        assertNull(load("").health());
        assertNull(load("health_interval=5\nhealth_failures=2").health());
    }

    @Test
    void intervalDefaultsTo10AndFailuresTo3() throws Exception {
        assertEquals(new Liveness(new Check.Exec("true"), 10, 3), load("health_check=exec:true").health());
    }

    @Test
    void eachKeyIsRead() throws Exception {
        assertEquals(new Liveness(new Check.Tcp("127.0.0.1", 8080), 5, 2),
                load("health_check=tcp:127.0.0.1:8080\nhealth_interval=5\nhealth_failures=2").health());
        assertEquals(new Liveness(new Check.Http("http://localhost:9000/up", "localhost", 9000, "/up"), 30, 1),
                load("health_check=http://localhost:9000/up\nhealth_interval=30\nhealth_failures=1").health());
    }

    @Test
    void badValuesFailTheLoadInSupervisordsFormat() throws Exception {
        assertEquals("invalid health_check value 'ping:x': expected tcp:HOST:PORT, http://HOST:PORT/PATH, "
                + "exec:COMMAND or log:REGEX" + WHERE, error("health_check=ping:x"));
        assertEquals("invalid health_check value 'tcp:localhost': expected HOST:PORT" + WHERE,
                error("health_check=tcp:localhost"));
        assertEquals("invalid health_check value 'exec:': no command" + WHERE, error("health_check=exec:"));
        assertEquals("0 is below lower bound (1)" + WHERE, error("health_check=exec:true\nhealth_interval=0"));
        assertEquals("invalid literal for int() with base 10: 'often'" + WHERE,
                error("health_check=exec:true\nhealth_interval=often"));
        assertEquals("0 is below lower bound (1)" + WHERE, error("health_check=exec:true\nhealth_failures=0"));
        assertEquals("invalid literal for int() with base 10: 'many'" + WHERE,
                error("health_check=exec:true\nhealth_failures=many"));
        assertEquals("-1 is below lower bound (1)" + WHERE, error("health_failures=-1"), "checked without a check too");
    }

    @Test
    void aLogCheckIsRefused() throws Exception {
        assertEquals("invalid health_check value 'log:alive': log: is for ready_check only; expected "
                + "tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND" + WHERE, error("health_check=log:alive"));
    }
}
