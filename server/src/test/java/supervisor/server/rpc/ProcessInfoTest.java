package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.process.Programs.group;
import static supervisor.server.rpc.VirtualSupervisor.assertFault;
import static supervisor.server.rpc.VirtualSupervisor.assertWire;
import static supervisor.server.rpc.VirtualSupervisor.program;
import static supervisor.server.rpc.VirtualSupervisor.programGroup;
import static supervisor.server.rpc.VirtualSupervisor.struct;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.AutoRestart;
import supervisor.config.LogTarget;
import supervisor.posix.WaitStatus;
import supervisor.rpc.XmlRpcCodec;
import supervisor.rpc.XmlRpcDispatcher;
import supervisor.testing.Json;
import supervisor.testing.ReferencePython;

/** getProcessInfo and getAllProcessInfo: the struct member for member, on virtual time. */
class ProcessInfoTest {
    @TempDir
    Path dir;

    private static LogTarget file(Path path) {
        return new LogTarget(LogTarget.Kind.FILE, path.toString(), 0, 0, 0, false, false);
    }

    @Test
    void aRunningProcessShowsItsPidAndUptime() {
        Path out = dir.resolve("a.out");
        Path err = dir.resolve("a.err");
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> {
            e.stdout = file(out);
            e.stderr = file(err);
        }));
        int start = (int) (v.loop.wallMillis() / 1000);
        v.loop.advance(3_665_400);
        assertWire(struct(
                "name", "a",
                "group", "a",
                "start", start,
                "stop", 0,
                "now", start + 3665,
                "state", 20,
                "statename", "RUNNING",
                "spawnerr", "",
                "exitstatus", 0,
                "logfile", out.toString(),
                "stdout_logfile", out.toString(),
                "stderr_logfile", err.toString(),
                "pid", 1000,
                "description", "pid 1000, uptime 1:01:05"), v.answer("getProcessInfo", "a"));
        v.loop.advance(2 * 86_400_000L);
        assertEquals("pid 1000, uptime 2 days, 1:01:05", info(v, "a").get("description"));
    }

    /** Read-only calls answer from what the loop published, without waiting for a turn of it. */
    @Test
    void statusCallsAnswerWithoutATurnOfTheLoop() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }));
        v.loop.advance(1000);
        for (String method : new String[] {"getState", "getAllProcessInfo", "getAllConfigInfo", "getPID"}) {
            assertTrue(v.submit(method).isDone(), method + " answered before the loop ran");
        }
        CompletableFuture<Object> info = v.submit("getProcessInfo", "a");
        assertEquals("RUNNING", ((Map<?, ?>) VirtualSupervisor.valueOf(info)).get("statename"));
        // a change is seen as soon as the loop has made it
        v.submit("stopProcess", "a", false);
        v.loop.runReady();
        assertEquals("STOPPING", ((Map<?, ?>) VirtualSupervisor.valueOf(v.submit("getProcessInfo", "a")))
                .get("statename"));
        assertFalse(v.submit("startProcess", "a", false).isDone(), "a change waits for the loop");
    }

    @Test
    void aProcessNeverStartedIsNotStarted() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> {
            e.autostart = false;
            e.redirectStderr = true;
        }));
        int now = (int) (v.loop.wallMillis() / 1000);
        assertWire(struct(
                "name", "a",
                "group", "a",
                "start", 0,
                "stop", 0,
                "now", now,
                "state", 0,
                "statename", "STOPPED",
                "spawnerr", "",
                "exitstatus", 0,
                "logfile", "",
                "stdout_logfile", "",
                "stderr_logfile", "",
                "pid", 0,
                "description", "Not started"), v.answer("getProcessInfo", "a"));
    }

    @Test
    void anExitRecordsItsTimeStatusAndError() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> e.autorestart = AutoRestart.NEVER));
        int start = (int) (v.loop.wallMillis() / 1000);
        v.loop.advance(62_000);
        v.host.exit(v.pid("a"), WaitStatus.exited(3));
        v.loop.runReady();
        Map<String, Object> info = info(v, "a");
        assertEquals(List.of(100, "EXITED", start, start + 62, 3, "Bad exit code 3", 0), List.of(info.get("state"),
                info.get("statename"), info.get("start"), info.get("stop"), info.get("exitstatus"),
                info.get("spawnerr"), info.get("pid")));
    }

    @Test
    void startErrorsAreTheDescriptionInBackoffAndFatal() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("q", e -> e.startretries = 1));
        v.host.exit(v.pid("q"), WaitStatus.exited(0));
        v.loop.runReady();
        String tooQuickly = "Exited too quickly (process log may have details)";
        Map<String, Object> backoff = info(v, "q");
        assertEquals(List.of(30, "BACKOFF", tooQuickly, 0, 0, tooQuickly), List.of(backoff.get("state"),
                backoff.get("statename"), backoff.get("spawnerr"), backoff.get("exitstatus"), backoff.get("pid"),
                backoff.get("description")));
        v.loop.advance(1000);
        assertEquals(List.of(10, "STARTING", "", ""), List.of(info(v, "q").get("state"),
                info(v, "q").get("statename"), info(v, "q").get("spawnerr"), info(v, "q").get("description")));
        v.host.exit(v.pid("q"), WaitStatus.exited(0));
        v.loop.runReady();
        Map<String, Object> fatal = info(v, "q");
        assertEquals(List.of(200, "FATAL", tooQuickly, tooQuickly), List.of(fatal.get("state"),
                fatal.get("statename"), fatal.get("spawnerr"), fatal.get("description")));
    }

    @Test
    void aProcessKilledByASignalHasExitstatusMinusOne() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }));
        v.loop.advance(1000);
        v.answer("stopProcess", "a", false);
        assertEquals(List.of(40, "STOPPING", ""), List.of(info(v, "a").get("state"), info(v, "a").get("statename"),
                info(v, "a").get("description")));
        v.host.exit(v.pid("a"), WaitStatus.killed(15));
        v.loop.runReady();
        assertEquals(List.of(0, "STOPPED", -1, 0), List.of(info(v, "a").get("state"), info(v, "a").get("statename"),
                info(v, "a").get("exitstatus"), info(v, "a").get("pid")));
    }

    /** Every description as supervisord's own _interpretProcessInfo words it from the same struct. */
    @Test
    void descriptionsAreWordedAsSupervisordWordsThem() {
        VirtualSupervisor v = new VirtualSupervisor(null,
                programGroup("running", e -> { }),
                programGroup("never", e -> e.autostart = false),
                programGroup("exited", e -> e.autorestart = AutoRestart.NEVER),
                programGroup("stopped", e -> { }),
                programGroup("stopping", e -> { }),
                programGroup("backoff", e -> e.startretries = 5),
                programGroup("fatal", e -> e.startretries = 0));
        v.loop.advance(45_296_000); // up for 12:34:56
        for (String crashing : List.of("backoff", "fatal")) {
            v.host.exit(v.pid(crashing), WaitStatus.exited(1)); // from RUNNING: restarted at once
            v.loop.runReady();
            v.host.exit(v.pid(crashing), WaitStatus.exited(1)); // during startsecs
            v.loop.runReady();
        }
        v.host.exit(v.pid("exited"), WaitStatus.exited(0));
        v.answer("stopProcess", "stopped", false);
        v.host.exit(v.pid("stopped"), WaitStatus.killed(15));
        v.answer("stopProcess", "stopping", false);
        List<?> all = (List<?>) v.answer("getAllProcessInfo");
        assertEquals(List.of("BACKOFF", "EXITED", "FATAL", "STOPPED", "RUNNING", "STOPPED", "STOPPING"),
                all.stream().map(i -> ((Map<?, ?>) i).get("statename")).toList());
        String reference = ReferencePython.run("""
                import sys, json
                from supervisor.rpcinterface import SupervisorNamespaceRPCInterface
                for info in json.loads(sys.stdin.read()):
                    print(SupervisorNamespaceRPCInterface._interpretProcessInfo(None, info))
                """, Json.write(all));
        List<String> ours = all.stream().map(i -> (String) ((Map<?, ?>) i).get("description")).toList();
        assertEquals(String.join("\n", ours) + "\n", reference);
    }

    @Test
    void allProcessInfoIsSortedByGroupNameThenProcessName() {
        VirtualSupervisor v = new VirtualSupervisor(null,
                group("b", 1, program("z", e -> e.priority = 1), program("y", e -> e.priority = 2)),
                group("a", 2, program("x", e -> { })),
                group("B", 3, program("w", e -> { })));
        List<?> all = (List<?>) v.answer("getAllProcessInfo");
        assertEquals(List.of("B:w", "a:x", "b:y", "b:z"),
                all.stream().map(i -> ((Map<?, ?>) i).get("group") + ":" + ((Map<?, ?>) i).get("name")).toList());
        assertEquals(List.of(), new VirtualSupervisor(null).answer("getAllProcessInfo"));
    }

    @Test
    void onlyASingleProcessHasInfo() {
        VirtualSupervisor v = new VirtualSupervisor(null, group("g", 1, program("x", e -> { })));
        assertFault(10, "BAD_NAME: nope", v.call("getProcessInfo", "nope"));
        assertFault(10, "BAD_NAME: g:*", v.call("getProcessInfo", "g:*"));
        assertFault(10, "BAD_NAME: g", v.call("getProcessInfo", "g"));
        assertEquals("x", info(v, "g:x").get("name"));
    }

    /** On the wire the struct is what supervisord's marshaller makes of it: types and member order. */
    @Test
    void onTheWireTheStructIsSupervisords() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> e.stdout = file(dir.resolve("o"))));
        v.loop.advance(5000);
        byte[] body = XmlRpcCodec.encodeCall("supervisor.getProcessInfo", List.of("a"));
        CompletableFuture<byte[]> response = new XmlRpcDispatcher(v.registry).handle(body);
        v.loop.runReady();
        byte[] ours = response.getNow(null);
        String reference = ReferencePython.run("""
                import sys, json
                from supervisor.xmlrpc import xmlrpc_marshal
                v = json.loads(sys.stdin.read())
                keys = ('name group start stop now state statename spawnerr exitstatus logfile stdout_logfile '
                        'stderr_logfile pid description').split()
                sys.stdout.write(xmlrpc_marshal(dict((k, v[k]) for k in keys)))
                """, Json.write(info(v, "a")));
        assertEquals(reference, new String(ours, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(VirtualSupervisor v, String name) {
        return (Map<String, Object>) v.answer("getProcessInfo", name);
    }
}
