package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import supervisor.testing.Json;
import supervisor.testing.Poll;

/**
 * One config that uses every extension key (beyond.md), run by both daemons: supervisord 4.2.5
 * runs it as if the keys were absent, and the old clients — supervisorctl, xmlrpc.client and a
 * childutils listener subscribed to EVENT — see nothing from ours that they do not see from it.
 * The scenario keeps to what the keys leave alone here (the essential program is stopped by an
 * operator, which is no reason to end the daemon; the programs that would retry forever do not
 * fail; the one with depends_on is started once what it depends on is RUNNING), so both
 * transcripts must match line for line.
 */
class ExtensionKeysHostTest extends CompatSuite {
    private static final String LISTENER = """
            import sys, json
            from supervisor import childutils
            while True:
                headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
                with open(sys.argv[1], 'a') as f:
                    f.write(json.dumps({'headers': headers, 'payload': payload}, sort_keys=True) + '\\n')
                childutils.listener.ok(sys.stdout)
            """;

    /** Every key of beyond.md in the section it belongs to. */
    private static final String[] PROGRAM_KEYS = {
        "essential=true", "retry_forever=true", "backoff_max=4", "kill_tree=true", "stdout_log_prefix=true",
        "environment_file=%(here)s/app.env", "ready_check=exec:true", "ready_timeout=30",
        "health_check=exec:true", "health_interval=5", "health_failures=3",
    };
    private static final String[] SUPERVISORD_KEYS = {
        "subreaper=true", "environment_file=%(here)s/app.env",
        "update_scope=process", "remember_state=%(here)s/intent.state", "restart_parallelism=1",
    };

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    @AgainstBoth
    void oldClientsSeeNothingNew(Implementation impl) {
        scenario(impl, conf -> configure(conf, true), s -> steps(impl, s));
    }

    /**
     * The other half of the claim: supervisord 4.2.5 runs the config with every key exactly as the
     * same config without them, so adding them to a config shared with 4.2.5 changes nothing there.
     */
    @Test
    void supervisord425BehavesAsWithoutTheKeys() {
        Implementation.REAL.assumeAvailable();
        Transcript without = run(Implementation.REAL, runner(), conf -> configure(conf, false),
                s -> steps(Implementation.REAL, s));
        Transcript with = run(Implementation.REAL, runner(), conf -> configure(conf, true),
                s -> steps(Implementation.REAL, s));
        assertEquals(without.text(), with.text(),
                "supervisord 4.2.5 with the extension keys differs from 4.2.5 without them (normalised transcripts)");
    }

    private static void configure(SupervisorConf conf, boolean keys) {
        if (keys) {
            conf.supervisord(SUPERVISORD_KEYS);
        }
        write(conf.dir().resolve("app.env"), "# read by ours, ignored by supervisord 4.2.5\nGREETING=hello\n");
        Path script = conf.dir().resolve("listener.py");
        write(script, LISTENER);
        conf.section("eventlistener:all", "command=/usr/bin/python3 " + script + " " + conf.dir().resolve("events.jsonl"),
                "events=EVENT", "startsecs=1", "buffer_size=1000");
        conf.program("web", "sleep 1000", with(extensions(keys), "startsecs=1"));
        conf.program("job", "sh -c 'sleep 1.5; exit 0'", with(extensions(keys, "essential=false"), "startsecs=1"));
        // depends_on holds a spawn until web is RUNNING: started by hand once it is, as under 4.2.5
        conf.program("later", "sleep 1000", with(extensions(keys, "depends_on=web"), "startsecs=1", "autostart=false"));
    }

    /** Every program key of beyond.md and {@code more}, or nothing for the config without them. */
    private static String[] extensions(boolean keys, String... more) {
        return keys ? with(PROGRAM_KEYS, more) : new String[0];
    }

    private static void steps(Implementation impl, Session s) {
        s.awaitState("web", "RUNNING");
        s.awaitState("job", "EXITED");
        s.ctl("status");
        s.rpc(Endpoint.unix(s.conf()), "supervisor.getAllProcessInfo");
        s.rpc(Endpoint.inet(s.conf()), "supervisor.getProcessInfo", "web");
        s.rpc(Endpoint.unix(s.conf()), "supervisor.getAllConfigInfo");
        // OURS lists supervisor_ext.* too, which the contract allows: compare the rest
        Object methods = s.rpcUnrecorded(Endpoint.unix(s.conf()), "system.listMethods").result();
        XmlRpcSuite.expectMethods(impl, methods);
        s.note("system.listMethods, supervisor.* and system.*: " + ((List<?>) methods).stream()
                .filter(n -> !((String) n).startsWith("supervisor_ext.")).toList());
        s.ctl("stop", "web");
        s.ctl("start", "web");
        s.ctl("start", "later");
        s.ctl("restart", "job");
        s.awaitState("job", "EXITED");
        s.ctl("status");
        s.ctl("avail");
        List<String> names = Poll.until(Duration.ofSeconds(30), "job's second exit in the listener's record",
                () -> eventNames(s), n -> n.stream().filter("PROCESS_STATE_EXITED"::equals).count() >= 2);
        s.note("events the listener got, ticks aside, in order:\n" + String.join("\n", names));
    }

    private static String[] with(String[] keys, String... more) {
        String[] all = new String[keys.length + more.length];
        System.arraycopy(keys, 0, all, 0, keys.length);
        System.arraycopy(more, 0, all, keys.length, more.length);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<String> eventNames(Session s) {
        Path file = s.conf().dir().resolve("events.jsonl");
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file).stream()
                    .map(l -> (String) ((Map<String, Object>) ((Map<String, Object>) Json.parse(l)).get("headers")).get("eventname"))
                    .filter(n -> !n.startsWith("TICK_"))
                    .toList();
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
