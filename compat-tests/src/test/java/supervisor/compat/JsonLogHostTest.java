package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import supervisor.testing.Json;
import supervisor.testing.Poll;

/**
 * {@code [supervisord] logfile_format=json} (beyond.md) read by Python's json module: every line
 * of the activity log one object with an ISO 8601 time, a level and a message, and lines about a
 * process naming it; supervisor.readLog carries the file's bytes as they are. OURS alone: 4.2.5
 * ignores the key.
 */
class JsonLogHostTest extends CompatSuite {
    /** Parses each line on its own (json.loads fails on anything but one whole object) and checks the time. */
    private static final String READER = """
            import sys, json, datetime
            objects = []
            for line in open(sys.argv[1], encoding='utf-8'):
                o = json.loads(line)
                t = datetime.datetime.fromisoformat(o['time'])
                assert t.utcoffset() is not None, o
                objects.append(o)
            print(json.dumps(objects))
            """;

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    @Test
    void everyLineIsAJsonObject() {
        deviation(conf -> {
            conf.supervisord("logfile_format=json", "loglevel=debug");
            conf.program("a", "sleep 1000", "startsecs=1");
            conf.program("quote", "sh -c 'exit 3'", "autorestart=false", "startsecs=0");
        }, s -> {
            s.awaitState("a", "RUNNING");
            s.awaitState("quote", "EXITED");
            Path log = s.conf().dir().resolve("supervisord.log");
            Path reader = s.conf().dir().resolve("read_log.py");
            write(reader, READER);
            List<Map<String, Object>> lines = Poll.until(Duration.ofSeconds(30), "a's success line",
                    () -> parse(s, reader, log), l -> l.stream().anyMatch(o -> o.get("message").toString()
                            .startsWith("success: a entered RUNNING state")));
            for (Map<String, Object> o : lines) {
                assertTrue(List.of("time", "level", "message").equals(List.copyOf(o.keySet()))
                        || List.of("time", "level", "message", "process").equals(List.copyOf(o.keySet())), o::toString);
                assertTrue(List.of("CRIT", "ERRO", "WARN", "INFO", "DEBG", "TRAC", "BLAT").contains(o.get("level")),
                        o::toString);
            }
            long pid = (Long) s.rpcUnrecorded(Endpoint.unix(s.conf()), "supervisor.getProcessInfo", "a").struct()
                    .get("pid");
            assertTrue(lines.contains(Map.of("time", timeOf(lines, "spawned: 'a' with pid " + pid), "level", "INFO",
                    "message", "spawned: 'a' with pid " + pid, "process", "a")), lines::toString);
            Map<String, Object> exited = lines.stream()
                    .filter(o -> o.get("message").toString().startsWith("exited: quote")).findFirst().orElseThrow();
            assertEquals("WARN", exited.get("level"));
            assertEquals("quote", exited.get("process"));
            // a line about no process in particular has no process key
            assertTrue(lines.stream().anyMatch(o -> o.get("message").toString().startsWith("supervisord started with pid")
                    && !o.containsKey("process")), lines::toString);

            String file = read(log);
            String viaRpc = (String) s.rpcUnrecorded(Endpoint.unix(s.conf()), "supervisor.readLog", 0, 0).result();
            assertTrue(file.startsWith(viaRpc) && viaRpc.startsWith("{\"time\": "), viaRpc);
        });
    }

    private static Object timeOf(List<Map<String, Object>> lines, String message) {
        return lines.stream().filter(o -> message.equals(o.get("message"))).map(o -> o.get("time")).findFirst()
                .orElse("(no line " + message + ")");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(Session s, Path reader, Path log) {
        ExecResult r = HostRunner.INSTANCE.run(Duration.ofSeconds(60),
                List.of(HostRunner.INSTANCE.python(), reader.toString(), log.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        return (List<Map<String, Object>>) Json.parse(r.stdout().strip());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
