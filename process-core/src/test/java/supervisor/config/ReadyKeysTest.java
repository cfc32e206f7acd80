package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import supervisor.check.Check;
import supervisor.check.Readiness;

/**
 * The opt-in keys {@code ready_check} and {@code ready_timeout} (beyond.md): each syntax parsed
 * at load into its typed check, absent means none, and a bad value fails the load with
 * supervisord's message format.
 */
class ReadyKeysTest {
    private static final String BASE = ConfigText.SUPERVISORD + """
            [program:x]
            command=/bin/true
            """;

    private static ProcessConfig load(String lines) throws Exception {
        return ConfigText.load(BASE + lines + "\n").groups().getFirst().processes().getFirst();
    }

    private static String error(String lines) throws Exception {
        return ConfigText.error(BASE + lines + "\n");
    }

    private static Check check(String value) throws Exception {
        return load("ready_check=" + value).ready().check();
    }

    @Test
    void withoutReadyCheckThereIsNone() throws Exception {
        assertNull(load("").ready());
        assertNull(load("ready_timeout=5").ready());
    }

    @Test
    void eachSyntaxBecomesItsCheck() throws Exception {
        assertEquals(new Check.Tcp("127.0.0.1", 8080), check("tcp:127.0.0.1:8080"));
        assertEquals(new Check.Tcp("::1", 80), check("tcp:[::1]:80"));
        assertEquals(new Check.Http("http://localhost:9000/health?full=1", "localhost", 9000, "/health?full=1"),
                check("http://localhost:9000/health?full=1"));
        assertEquals(new Check.Http("http://localhost:9000", "localhost", 9000, "/"), check("http://localhost:9000"));
        assertEquals(new Check.Exec("test -f /tmp/ready && true"), check("exec:test -f /tmp/ready && true"));
        Check log = check("log:^Listening on port \\d+");
        assertEquals("log:^Listening on port \\d+", log.text());
        assertEquals(log, check("log:^Listening on port \\d+"), "equal by the regex, so update sees no change");
    }

    @Test
    void readyTimeoutDefaultsTo60() throws Exception {
        assertEquals(new Readiness(new Check.Exec("true"), 60), load("ready_check=exec:true").ready());
        assertEquals(new Readiness(new Check.Exec("true"), 7), load("ready_check=exec:true\nready_timeout=7").ready());
    }

    @Test
    void badValuesFailTheLoadInSupervisordsFormat() throws Exception {
        String where = " in section 'program:x' (file: 'test.conf')";
        assertEquals("invalid ready_check value 'tcp://x': expected HOST:PORT" + where, error("ready_check=tcp://x"));
        assertEquals("invalid ready_check value 'ping:x': expected tcp:HOST:PORT, http://HOST:PORT/PATH, "
                + "exec:COMMAND or log:REGEX" + where, error("ready_check=ping:x"));
        assertEquals("invalid ready_check value 'tcp:localhost': expected HOST:PORT" + where,
                error("ready_check=tcp:localhost"));
        assertEquals("invalid ready_check value 'tcp:localhost:http': port is not a number" + where,
                error("ready_check=tcp:localhost:http"));
        assertEquals("invalid ready_check value 'http://localhost:70000/': port is not between 1 and 65535" + where,
                error("ready_check=http://localhost:70000/"));
        assertEquals("invalid ready_check value 'exec:': no command" + where, error("ready_check=exec:"));
        assertEquals("invalid ready_check value 'log:(': bad regular expression: Unclosed group" + where,
                error("ready_check=log:("));
        assertEquals("0 is below lower bound (1)" + where, error("ready_check=exec:true\nready_timeout=0"));
        assertEquals("invalid literal for int() with base 10: 'soon'" + where,
                error("ready_check=exec:true\nready_timeout=soon"));
    }
}
