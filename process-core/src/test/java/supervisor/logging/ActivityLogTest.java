package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import supervisor.config.LogLevel;
import supervisor.testing.Concurrently;
import supervisor.testing.ReferencePython;

class ActivityLogTest {

    private static final Pattern LINE =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) (.*)");
    private static final Pattern TIMESTAMP =
            Pattern.compile("(?m)^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} ");

    /** supervisord's main logger (options.make_logger's format) fed "<level> <hex message>" lines. */
    private static final String PY_MAINLOG = """
            import sys
            from supervisor import loggers
            path, level = sys.argv[1], loggers.getLevelNumByDescription(sys.argv[2])
            log = loggers.getLogger(level)
            loggers.handle_file(log, path, '%(asctime)s %(levelname)s %(message)s\\n',
                                rotating=False, maxbytes=0, backups=0)
            for line in sys.stdin:
                name, data = line.rstrip(chr(10)).split(' ', 1)
                getattr(log, name)(bytes.fromhex(data).decode('utf-8'))
            log.close()
            """;

    @TempDir
    Path tmp;

    @Test
    void writesTheSameLinesAsSupervisord() throws Exception {
        List<String[]> messages = List.of(
                new String[] {"critical", "Supervisor is running as root.  Privileges were not dropped"},
                new String[] {"error", "error msg"},
                new String[] {"warn", "received SIGTERM indicating exit request"},
                new String[] {"info", "spawned: 'x' with pid 27349"},
                new String[] {"debug", "'p' stdout output:\na\u001b[31mred\n"},
                new String[] {"trace", "/tmp/s.sock:Medusa (V1.12) started\n\tHostname: <unix domain socket>"},
                new String[] {"blather", "blather msg"},
                new String[] {"info", "percent %s %(x)s 100%"},
                new String[] {"info", "unicode \u00e9\u00df \u4e2d\u6587 \uD83D\uDE00"},
                new String[] {"info", ""},
                new String[] {"warn", "trailing newline\n"});
        for (String levelName : List.of("info", "debug", "blather", "critical", "warn")) {
            Path theirs = tmp.resolve("py-" + levelName + ".log");
            Path ours = tmp.resolve("java-" + levelName + ".log");
            List<String> input = new ArrayList<>();
            for (String[] m : messages) {
                input.add(m[0] + " " + ReferencePython.hex(m[1]));
            }
            ReferencePython.run(PY_MAINLOG, String.join("\n", input).concat("\n"),
                    theirs.toString(), levelName);
            try (ActivityLog log = ActivityLog.open(ours.toString(), 0, 0,
                    LogLevel.parse(levelName), null)) {
                for (String[] m : messages) {
                    switch (m[0]) {
                        case "critical" -> log.critical(m[1]);
                        case "error" -> log.error(m[1]);
                        case "warn" -> log.warn(m[1]);
                        case "info" -> log.info(m[1]);
                        case "debug" -> log.debug(m[1]);
                        case "trace" -> log.trace(m[1]);
                        case "blather" -> log.blather(m[1]);
                        default -> throw new AssertionError(m[0]);
                    }
                }
            }
            String expected = Files.readString(theirs);
            assertFalse(expected.isEmpty());
            assertEquals(masked(expected), masked(Files.readString(ours)), "level " + levelName);
        }
    }

    @Test
    void timestampsAreLocalTimeWithMilliseconds() throws Exception {
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        ActivityLog log = ActivityLog.console(LogLevel.INFO, echo);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        log.info("hello");
        Instant after = Instant.now();
        Matcher m = LINE.matcher(echo.toString(StandardCharsets.UTF_8).stripTrailing());
        assertTrue(m.matches(), echo.toString());
        Instant logged = LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"))
                .atZone(ZoneId.systemDefault()).toInstant();
        assertFalse(logged.isBefore(before) || logged.isAfter(after), logged + " not in [" + before + ", " + after + "]");
        assertEquals("INFO", m.group(2));
        assertEquals("hello", m.group(3));

        // the JVM's local zone is the one Python's localtime() uses
        String pyOffset = ReferencePython.run(
                "import time; print(time.strftime('%z', time.localtime(" + before.getEpochSecond() + ")))", "").strip();
        String ourOffset = DateTimeFormatter.ofPattern("xx", Locale.ROOT)
                .format(before.atZone(ZoneId.systemDefault()));
        assertEquals(pyOffset, ourOffset);
    }

    @Test
    void filtersByLevel() throws IOException {
        for (LogLevel configured : LogLevel.values()) {
            ByteArrayOutputStream echo = new ByteArrayOutputStream();
            ActivityLog log = ActivityLog.console(configured, echo);
            for (LogLevel message : LogLevel.values()) {
                assertEquals(message.value >= configured.value, log.enabled(message));
                log.log(message, "at " + message);
            }
            List<String> tags = echo.toString(StandardCharsets.UTF_8).lines()
                    .map(l -> l.split(" ")[2]).toList();
            List<String> expected = java.util.Arrays.stream(LogLevel.values())
                    .filter(l -> l.value >= configured.value).map(l -> l.tag).toList();
            assertEquals(expected, tags);
        }
    }

    @Test
    void echoGetsExactlyWhatTheFileGets() throws IOException {
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        Path file = tmp.resolve("main.log");
        try (ActivityLog log = ActivityLog.open(file.toString(), 0, 0, LogLevel.DEBUG, echo)) {
            log.info("one");
            log.debug("two\nlines");
            log.blather("not shown");
            assertEquals(file, log.file());
        }
        assertArrayEquals(echo.toByteArray(), Files.readAllBytes(file));
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void syslogMeansNoFile() throws IOException {
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        try (ActivityLog log = ActivityLog.open("syslog", 1024, 3, LogLevel.INFO, echo)) {
            assertNull(log.file());
            log.info("to the echo only");
            log.clear();
            log.reopen();
        }
        assertFalse(Files.exists(Path.of("syslog")));
        assertTrue(echo.toString(StandardCharsets.UTF_8).contains(" INFO to the echo only\n"));
    }

    @Test
    void rotatesByLogfileMaxbytesKeepingWholeLines() throws IOException {
        Path file = tmp.resolve("rot.log");
        try (ActivityLog log = ActivityLog.open(file.toString(), 300, 2, LogLevel.INFO, null)) {
            for (int i = 0; i < 40; i++) {
                log.info("message number " + i);
            }
        }
        assertTrue(Files.exists(tmp.resolve("rot.log.1")));
        assertTrue(Files.exists(tmp.resolve("rot.log.2")));
        assertFalse(Files.exists(tmp.resolve("rot.log.3")));
        for (String name : List.of("rot.log", "rot.log.1", "rot.log.2")) {
            for (String line : Files.readAllLines(tmp.resolve(name))) {
                assertTrue(LINE.matcher(line).matches(), line);
            }
        }
        assertTrue(Files.readString(file).endsWith("INFO message number 39\n"));
    }

    @Test
    void clearStartsAnEmptyFile() throws IOException {
        Path file = tmp.resolve("clear.log");
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        try (ActivityLog log = ActivityLog.open(file.toString(), 0, 0, LogLevel.INFO, echo)) {
            log.info("before");
            log.clear();
            assertEquals(0, Files.size(file));
            log.info("after");
        }
        assertTrue(Files.readString(file).endsWith(" INFO after\n"));
        assertEquals(1, Files.readAllLines(file).size());
        assertTrue(echo.toString(StandardCharsets.UTF_8).contains(" INFO reopening log file\n"));
    }

    @Test
    void reopenFollowsAnExternalLogrotate() throws IOException {
        Path file = tmp.resolve("reopen.log");
        Path moved = tmp.resolve("reopen.log.rotated");
        try (ActivityLog log = ActivityLog.open(file.toString(), 0, 0, LogLevel.INFO, null)) {
            log.info("before");
            Files.move(file, moved);
            log.reopen();
            log.info("after");
        }
        List<String> old = Files.readAllLines(moved);
        assertTrue(old.get(0).endsWith(" INFO before"));
        assertTrue(old.get(1).endsWith(" INFO supervisord logreopen"), "logged before the switch, as supervisord does");
        List<String> now = Files.readAllLines(file);
        assertEquals(1, now.size());
        assertTrue(now.get(0).endsWith(" INFO after"));
    }

    @Test
    void concurrentLoggersWriteWholeLinesInOneOrder() throws Exception {
        Path file = tmp.resolve("conc.log");
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        int threads = 8;
        int lines = 500;
        try (ActivityLog log = ActivityLog.open(file.toString(), 0, 0, LogLevel.INFO, echo)) {
            Concurrently.run(threads, thread -> {
                for (int i = 0; i < lines; i++) {
                    log.info("thread " + thread + " line " + i);
                }
            });
        }
        byte[] written = Files.readAllBytes(file);
        assertArrayEquals(echo.toByteArray(), written);
        List<String> all = Files.readAllLines(file);
        assertEquals(threads * lines, all.size());
        String previous = "";
        int[] next = new int[threads];
        for (String line : all) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            assertTrue(m.group(1).compareTo(previous) >= 0, "timestamps never go back");
            previous = m.group(1);
            String[] words = m.group(3).split(" ");
            int thread = Integer.parseInt(words[1]);
            assertEquals(next[thread]++, Integer.parseInt(words[3]));
        }
    }

    private static String masked(String log) {
        return TIMESTAMP.matcher(log).replaceAll("TS ");
    }
}
