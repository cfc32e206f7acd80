package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.LogLevel;
import supervisor.testing.Json;

/** {@code logfile_format=json}: one object per line, escaped so that nothing breaks a line. */
class JsonActivityLogTest {
    @TempDir
    Path dir;

    private List<Map<?, ?>> objects(String text) {
        assertTrue(text.endsWith("\n"), text);
        return text.lines().<Map<?, ?>>map(l -> (Map<?, ?>) Json.parse(l)).toList();
    }

    @Test
    void eachLineIsOneObjectWithTimeLevelMessageAndProcess() throws IOException {
        Path file = dir.resolve("sd.log");
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        try (ActivityLog log = ActivityLog.open(file.toString(), 0, 0, LogLevel.BLATHER, echo, true)) {
            log.info("supervisord started with pid 42");
            log.logAbout(LogLevel.WARN, "grp:ga", "exited: ga (exit status 1; not expected)");
            log.blather("a blather");
            log.log(LogLevel.CRITICAL, "boom: ", new IllegalStateException("why"));
        }
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(bytes, echo.toByteArray(), "the echo gets what the file gets");
        List<Map<?, ?>> lines = objects(new String(bytes, StandardCharsets.UTF_8));
        assertEquals(4, lines.size(), "a stack trace stays one object");
        assertEquals(List.of("time", "level", "message"), List.copyOf(lines.getFirst().keySet()));
        assertEquals("INFO", lines.get(0).get("level"));
        assertEquals("supervisord started with pid 42", lines.get(0).get("message"));
        assertEquals(Map.of("level", "WARN", "message", "exited: ga (exit status 1; not expected)", "process", "grp:ga"),
                Map.of("level", lines.get(1).get("level"), "message", lines.get(1).get("message"),
                        "process", lines.get(1).get("process")));
        assertEquals("BLAT", lines.get(2).get("level"));
        assertEquals("CRIT", lines.get(3).get("level"));
        String trace = (String) lines.get(3).get("message");
        assertTrue(trace.startsWith("boom: java.lang.IllegalStateException: why\n\tat "), trace);
        for (Map<?, ?> line : lines) {
            String time = (String) line.get("time");
            assertTrue(time.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d"), time);
            OffsetDateTime t = OffsetDateTime.parse(time);
            assertFalse(t.isBefore(before) || t.isAfter(OffsetDateTime.now().plusSeconds(1)), time);
        }
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        String message = "say \"hi\" \\ back\r\nline\ttab \u0001\u001b[31m\u007f\b\f é ☃";
        String line = JsonLine.format(ZonedDateTime.of(2026, 11, 21, 6, 39, 50, 591_000_000, ZoneId.of("+01:00")),
                LogLevel.DEBUG, "a\"b", message);
        assertEquals("{\"time\": \"2026-11-21T06:39:50.591+01:00\", \"level\": \"DEBG\", \"message\": "
                + "\"say \\\"hi\\\" \\\\ back\\r\\nline\\ttab \\u0001\\u001b[31m\\u007f\\b\\f é ☃\", "
                + "\"process\": \"a\\\"b\"}\n", line);
        assertEquals(1, line.lines().count());
        Map<?, ?> parsed = (Map<?, ?>) Json.parse(line.strip());
        assertEquals(message, parsed.get("message"));
        assertEquals("a\"b", parsed.get("process"));
    }

    @Test
    void utcIsWrittenAsAnOffsetToo() {
        String line = JsonLine.format(ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneId.of("UTC")), LogLevel.INFO, null, "x");
        assertEquals("{\"time\": \"2026-01-02T03:04:05.000+00:00\", \"level\": \"INFO\", \"message\": \"x\"}\n", line);
    }

    @Test
    void thePlainFormatIgnoresTheProcess() throws IOException {
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        try (ActivityLog log = ActivityLog.open(dir.resolve("p.log").toString(), 0, 0, LogLevel.INFO, echo)) {
            log.logAbout(LogLevel.INFO, "a", "spawned: 'a' with pid 7");
        }
        String line = echo.toString(StandardCharsets.UTF_8);
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO spawned: 'a' with pid 7\n"), line);
    }
}
