package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import supervisor.testing.Json;
import supervisor.testing.Poll;

/**
 * Event listeners written on supervisor.childutils (run by Debian's Python, as users run them)
 * record every event they receive; the scenarios compare what REAL and OURS delivered: process
 * state events, REMOTE_COMMUNICATION, PROCESS_LOG_STDOUT, a rejected event delivered again, TICK_5,
 * and a listener calling back into the server while it handles an event (what crashmail does).
 */
class EventListenerHostTest extends CompatSuite {

    /**
     * argv: the record file, then a mode: "failfirst" answers FAIL to the first delivery of each
     * serial; "rpc" asks the server for the process of each PROCESS_STATE_EXITED event.
     */
    private static final String LISTENER = """
            import sys, os, json
            from supervisor import childutils
            out_path = sys.argv[1]
            mode = sys.argv[2] if len(sys.argv) > 2 else ''
            failed = set()
            while True:
                headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
                rec = {'headers': headers, 'payload': payload}
                if mode == 'rpc' and headers['eventname'] == 'PROCESS_STATE_EXITED':
                    name = childutils.get_headers(payload)['processname']
                    info = childutils.getRPCInterface(os.environ).supervisor.getProcessInfo(name)
                    rec['rpc'] = '%s %s %s' % (info['name'], info['statename'], info['exitstatus'])
                with open(out_path, 'a') as f:
                    f.write(json.dumps(rec, sort_keys=True) + '\\n')
                if mode == 'failfirst' and headers['serial'] not in failed:
                    failed.add(headers['serial'])
                    childutils.listener.fail(sys.stdout)
                else:
                    childutils.listener.ok(sys.stdout)
            """;

    private static final Pattern PID = Pattern.compile("\\bpid:\\d+");
    private static final Pattern WHEN = Pattern.compile("\\bwhen:\\d+");
    private static final Duration EVENT_DEADLINE = Duration.ofSeconds(30);

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    private static void listener(SupervisorConf conf, String name, String events, String mode) {
        Path script = conf.dir().resolve("listener.py");
        try {
            Files.writeString(script, LISTENER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        conf.section("eventlistener:" + name,
                "command=/usr/bin/python3 " + script + " " + conf.dir().resolve(name + ".jsonl") + " " + mode,
                "events=" + events,
                "startsecs=1",
                "stderr_logfile=" + conf.dir().resolve(name + ".err"));
    }

    /** What the listener recorded so far, one map per event. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> received(Session s, String name) {
        Path file = s.conf().dir().resolve(name + ".jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Map<String, Object>> list = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                list.add((Map<String, Object>) Json.parse(line));
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> await(Session s, String name, String what,
                                                   Predicate<List<Map<String, Object>>> done) {
        return Poll.until(EVENT_DEADLINE, name + " to receive " + what, () -> received(s, name), done);
    }

    @SuppressWarnings("unchecked")
    private static String header(Map<String, Object> rec, String key) {
        return (String) ((Map<String, Object>) rec.get("headers")).get(key);
    }

    /** The event as compared: its name, its length and its payload with pids and times masked. */
    private static String show(Map<String, Object> rec) {
        String raw = (String) rec.get("payload");
        String payload = WHEN.matcher(PID.matcher(raw).replaceAll("pid:<pid>")).replaceAll("when:<when>");
        // a pid's digits count in len; len itself is checked where the payload has no pid
        String len = payload.equals(raw) ? header(rec, "len") : "<n>";
        return header(rec, "eventname") + " len:" + len + " " + payload.replace("\n", "\\n")
                + (rec.containsKey("rpc") ? " | rpc: " + rec.get("rpc") : "");
    }

    private static List<String> about(List<Map<String, Object>> recs, String process) {
        return recs.stream().filter(r -> ((String) r.get("payload")).startsWith("processname:" + process + " "))
                .map(EventListenerHostTest::show).toList();
    }

    private static boolean has(List<Map<String, Object>> recs, String eventname, String payloadPrefix) {
        return recs.stream().anyMatch(r -> header(r, "eventname").equals(eventname)
                && ((String) r.get("payload")).startsWith(payloadPrefix));
    }

    @AgainstBoth
    void processStateEvents(Implementation impl) {
        scenario(impl, conf -> {
            listener(conf, "lis", "PROCESS_STATE", "");
            conf.program("good", "sleep 1000", "startsecs=1")
                    .program("crash", "sh -c 'sleep 1.5; exit 3'", "startsecs=1")
                    .program("quick", "/bin/false", "startsecs=1", "startretries=1");
        }, s -> {
            s.awaitState("good", "RUNNING");
            s.awaitState("crash", "EXITED");
            s.awaitState("quick", "FATAL");
            s.ctl("stop", "good");
            List<Map<String, Object>> got = await(s, "lis", "good's STOPPED",
                    r -> has(r, "PROCESS_STATE_STOPPED", "processname:good ")
                            && has(r, "PROCESS_STATE_EXITED", "processname:crash ")
                            && has(r, "PROCESS_STATE_FATAL", "processname:quick "));
            for (String p : List.of("lis", "good", "crash", "quick")) {
                s.note(p + ":\n" + String.join("\n", about(got, p)));
            }
            assertTrue(about(got, "crash").contains("PROCESS_STATE_EXITED len:<n> processname:crash groupname:crash "
                    + "from_state:RUNNING expected:0 pid:<pid>"), about(got, "crash").toString());
            assertEquals(List.of(
                    "PROCESS_STATE_STARTING len:60 processname:quick groupname:quick from_state:STOPPED tries:0",
                    "PROCESS_STATE_BACKOFF len:61 processname:quick groupname:quick from_state:STARTING tries:1",
                    "PROCESS_STATE_STARTING len:60 processname:quick groupname:quick from_state:BACKOFF tries:1",
                    "PROCESS_STATE_BACKOFF len:61 processname:quick groupname:quick from_state:STARTING tries:2",
                    "PROCESS_STATE_FATAL len:52 processname:quick groupname:quick from_state:BACKOFF"),
                    about(got, "quick"));
            Map<String, Object> first = got.getFirst();
            s.note("first envelope: ver:" + header(first, "ver") + " server:" + header(first, "server") + " pool:"
                    + header(first, "pool") + " serial:" + header(first, "serial") + " poolserial:"
                    + header(first, "poolserial"));
        });
    }

    @AgainstBoth
    void remoteCommunication(Implementation impl) {
        scenario(impl, conf -> listener(conf, "lis", "REMOTE_COMMUNICATION", ""), s -> {
            s.awaitState("lis", "RUNNING");
            s.rpc(Endpoint.unix(s.conf()), "supervisor.sendRemoteCommEvent", "mytype", "my data é");
            s.rpc(Endpoint.unix(s.conf()), "supervisor.sendRemoteCommEvent", "empty", "");
            List<Map<String, Object>> got = await(s, "lis", "two events", r -> r.size() >= 2);
            for (Map<String, Object> r : got) {
                s.note(show(r) + " serial:" + header(r, "serial") + " poolserial:" + header(r, "poolserial"));
            }
            assertEquals("REMOTE_COMMUNICATION len:21 type:mytype\\nmy data é", show(got.getFirst()));
        });
    }

    @AgainstBoth
    void processLogStdout(Implementation impl) {
        scenario(impl, conf -> {
            listener(conf, "lis", "PROCESS_LOG", "");
            conf.program("talker", "sh -c 'sleep 2; echo hello; echo oops >&2; exec sleep 1000'", "startsecs=1",
                    "stdout_events_enabled=true");
        }, s -> {
            List<Map<String, Object>> got = await(s, "lis", "talker's line", r -> !r.isEmpty());
            got.forEach(r -> s.note(show(r)));
            assertEquals(List.of("PROCESS_LOG_STDOUT len:<n> processname:talker groupname:talker pid:<pid> "
                    + "channel:stdout\\nhello\\n"), got.stream().map(EventListenerHostTest::show).toList());
        });
    }

    @AgainstBoth
    void rejectedEventIsDeliveredAgain(Implementation impl) {
        scenario(impl, conf -> listener(conf, "lis", "REMOTE_COMMUNICATION", "failfirst"), s -> {
            s.awaitState("lis", "RUNNING");
            s.rpc(Endpoint.unix(s.conf()), "supervisor.sendRemoteCommEvent", "t", "again");
            List<Map<String, Object>> got = await(s, "lis", "the event twice", r -> r.size() >= 2);
            got.forEach(r -> s.note(show(r) + " serial:" + header(r, "serial") + " poolserial:"
                    + header(r, "poolserial")));
            assertEquals(got.get(0), got.get(1), "the same envelope, serials included");
        });
    }

    @AgainstBoth
    void tick5(Implementation impl) {
        scenario(impl, conf -> listener(conf, "lis", "TICK_5", ""), s -> {
            List<Map<String, Object>> got = await(s, "lis", "a TICK_5", r -> !r.isEmpty());
            Map<String, Object> tick = got.getFirst();
            long when = Long.parseLong(((String) tick.get("payload")).substring("when:".length()));
            s.note(show(tick) + "; when is a multiple of 5: " + (when % 5 == 0));
            assertEquals(0, when % 5);
        });
    }

    @AgainstBoth
    void listenerCallsBackIntoTheServer(Implementation impl) {
        scenario(impl, conf -> {
            listener(conf, "lis", "PROCESS_STATE_EXITED", "rpc");
            conf.program("victim", "sh -c 'sleep 1.5; exit 7'", "startsecs=1");
        }, s -> {
            List<Map<String, Object>> got = await(s, "lis", "victim's exit", r -> !r.isEmpty());
            got.forEach(r -> s.note(show(r)));
            assertEquals(" | rpc: victim EXITED 7", show(got.getFirst()).replaceAll("^.*( \\| rpc: )", " | rpc: "));
        });
    }
}
