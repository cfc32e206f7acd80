package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import supervisor.testing.Poll;

/**
 * Python's xmlrpc.client against each implementation, over inet (plain ServerProxy) and over the
 * unix socket (supervisor's SupervisorTransport), with and without credentials: results, the
 * types and member order of structs, and fault codes (see spec/xmlrpc-api.md).
 */
public abstract class XmlRpcSuite extends CompatSuite {

    static final List<String> PROCESS_INFO_MEMBERS = List.of("name", "group", "start", "stop", "now", "state",
            "statename", "spawnerr", "exitstatus", "logfile", "stdout_logfile", "stderr_logfile", "pid", "description");

    static final List<String> METHODS = List.of("supervisor.addProcessGroup", "supervisor.clearAllProcessLogs",
            "supervisor.clearLog", "supervisor.clearProcessLog", "supervisor.clearProcessLogs", "supervisor.getAPIVersion",
            "supervisor.getAllConfigInfo", "supervisor.getAllProcessInfo", "supervisor.getIdentification",
            "supervisor.getPID", "supervisor.getProcessInfo", "supervisor.getState", "supervisor.getSupervisorVersion",
            "supervisor.getVersion", "supervisor.readLog", "supervisor.readMainLog", "supervisor.readProcessLog",
            "supervisor.readProcessStderrLog", "supervisor.readProcessStdoutLog", "supervisor.reloadConfig",
            "supervisor.removeProcessGroup", "supervisor.restart", "supervisor.sendProcessStdin",
            "supervisor.sendRemoteCommEvent", "supervisor.shutdown", "supervisor.signalAllProcesses",
            "supervisor.signalProcess", "supervisor.signalProcessGroup", "supervisor.startAllProcesses",
            "supervisor.startProcess", "supervisor.startProcessGroup", "supervisor.stopAllProcesses",
            "supervisor.stopProcess", "supervisor.stopProcessGroup", "supervisor.tailProcessLog",
            "supervisor.tailProcessStderrLog", "supervisor.tailProcessStdoutLog", "system.listMethods",
            "system.methodHelp", "system.methodSignature", "system.multicall");

    /** What OURS adds to system.listMethods (beyond.md): a namespace of its own, nothing in supervisor.*. */
    static final List<String> EXT_METHODS = List.of("supervisor_ext.getAllProcessStats",
            "supervisor_ext.getDependencyGraph", "supervisor_ext.getProcessStats", "supervisor_ext.restartProcesses");

    /**
     * Asserts a system.listMethods answer: the supervisor.* and system.* names are 4.2.5's exactly;
     * the supervisor_ext.* names, which the extension contract allows beside them (old clients
     * never ask for them), are none for REAL and {@link #EXT_METHODS} for OURS.
     */
    static void expectMethods(Implementation impl, Object listMethods) {
        List<?> names = assertInstanceOf(List.class, listMethods);
        assertEquals(METHODS, names.stream().filter(n -> !((String) n).startsWith("supervisor_ext.")).toList());
        assertEquals(impl == Implementation.OURS ? EXT_METHODS : List.of(),
                names.stream().filter(n -> ((String) n).startsWith("supervisor_ext.")).toList());
    }

    static void expectFault(RpcReply r, int code, String text) {
        assertTrue(r.isFault(), () -> "expected fault " + code + ", got " + r);
        assertEquals(code, r.faultCode(), r::toString);
        assertEquals(text, r.faultString(), r::toString);
    }

    static void expectProcessInfo(Object info, String group, String name, String statename) {
        Map<?, ?> m = assertInstanceOf(Map.class, info);
        assertEquals(PROCESS_INFO_MEMBERS, List.copyOf(m.keySet()), "members and their order");
        for (String k : List.of("name", "group", "statename", "spawnerr", "logfile", "stdout_logfile", "stderr_logfile",
                "description")) {
            assertInstanceOf(String.class, m.get(k), k);
        }
        for (String k : List.of("start", "stop", "now", "state", "exitstatus", "pid")) {
            assertInstanceOf(Long.class, m.get(k), k);
        }
        assertEquals(name, m.get("name"));
        assertEquals(group, m.get("group"));
        assertEquals(statename, m.get("statename"));
    }

    private static Map<String, Object> running() {
        return Map.of("statecode", 1L, "statename", "RUNNING");
    }

    private static void configure(SupervisorConf conf) {
        conf.program("a", "sleep 1000")
                .program("b", "sleep 1000", "autostart=false")
                .program("ghost", "/nonexistent/ghost", "autostart=false")
                .program("ga", "sleep 1000")
                .program("gb", "sleep 1000", "autostart=false")
                .section("group:grp", "programs=ga,gb");
    }

    @AgainstBoth
    void readCallsOverBothTransports(Implementation impl) {
        scenario(impl, XmlRpcSuite::configure, s -> {
            s.awaitState("a", "RUNNING");
            s.awaitState("grp:ga", "RUNNING");
            for (Endpoint e : List.of(Endpoint.unix(s.conf()), Endpoint.inet(s.conf()))) {
                List<RpcReply> r = s.rpcs(e, List.of(
                        List.of("supervisor.getState"),
                        List.of("supervisor.getAPIVersion"),
                        List.of("supervisor.getVersion"),
                        List.of("supervisor.getSupervisorVersion"),
                        List.of("supervisor.getIdentification"),
                        List.of("supervisor.getPID"),
                        List.of("supervisor.getAllProcessInfo"),
                        List.of("supervisor.getProcessInfo", "grp:gb"),
                        List.of("system.methodSignature", "supervisor.getProcessInfo")));
                Map<String, Object> state = r.get(0).struct();
                assertEquals(running(), state);
                assertEquals(List.of("statecode", "statename"), List.copyOf(state.keySet()));
                assertEquals("3.0", r.get(1).result());
                assertEquals("3.0", r.get(2).result());
                assertEquals("4.2.5", r.get(3).result());
                assertEquals("supervisor", r.get(4).result());
                assertEquals(Long.parseLong(SupervisorctlSuite.read(s.conf().pidfile())), r.get(5).result());
                List<Object> all = r.get(6).array();
                assertEquals(5, all.size(), "one struct per process: " + all);
                // Sorted by group, then name.
                expectProcessInfo(all.get(0), "a", "a", "RUNNING");
                expectProcessInfo(all.get(1), "b", "b", "STOPPED");
                expectProcessInfo(all.get(2), "ghost", "ghost", "STOPPED");
                expectProcessInfo(all.get(3), "grp", "ga", "RUNNING");
                expectProcessInfo(all.get(4), "grp", "gb", "STOPPED");
                Map<?, ?> a = (Map<?, ?>) all.get(0);
                assertEquals(20L, a.get("state"));
                assertTrue(ProcessHandle.of((Long) a.get("pid")).isPresent(), "pid of a is alive");
                assertEquals("Not started", ((Map<?, ?>) all.get(1)).get("description"));
                assertEquals(0L, ((Map<?, ?>) all.get(1)).get("pid"));
                expectProcessInfo(r.get(7).result(), "grp", "gb", "STOPPED");
                assertEquals(List.of("struct", "string"), r.get(8).result());
                // listMethods differs by design (OURS lists supervisor_ext.*): asserted, and the
                // shared part recorded, rather than the whole answer compared
                Object names = s.rpcUnrecorded(e, "system.listMethods").result();
                expectMethods(impl, names);
                s.note("system.listMethods, supervisor.* and system.*: " + ((List<?>) names).stream()
                        .filter(n -> !((String) n).startsWith("supervisor_ext.")).toList());
            }
        });
    }

    @AgainstBoth
    void faults(Implementation impl) {
        scenario(impl, XmlRpcSuite::configure, s -> {
            s.awaitState("a", "RUNNING");
            for (Endpoint e : List.of(Endpoint.unix(s.conf()), Endpoint.inet(s.conf()))) {
                List<RpcReply> r = s.rpcs(e, List.of(
                        List.of("supervisor.getProcessInfo", "nope"),
                        List.of("supervisor.getProcessInfo", "grp:*"),
                        List.of("supervisor.getProcessInfo", "ga"),
                        List.of("supervisor.startProcess", "nope"),
                        List.of("supervisor.startProcess", "a"),
                        List.of("supervisor.stopProcess", "b"),
                        List.of("supervisor.signalProcess", "a", "BOGUS"),
                        List.of("supervisor.startProcess", "ghost"),
                        List.of("supervisor.startProcessGroup", "nope"),
                        List.of("supervisor.nope"),
                        List.of("nope.getState"),
                        List.of("supervisor.getProcessInfo"),
                        List.of("system.methodHelp", "supervisor.nope")));
                expectFault(r.get(0), 10, "BAD_NAME: nope");
                expectFault(r.get(1), 10, "BAD_NAME: grp:*");
                expectFault(r.get(2), 10, "BAD_NAME: ga");
                expectFault(r.get(3), 10, "BAD_NAME: nope");
                expectFault(r.get(4), 60, "ALREADY_STARTED: a");
                expectFault(r.get(5), 70, "NOT_RUNNING: b");
                expectFault(r.get(6), 11, "BAD_SIGNAL: BOGUS");
                expectFault(r.get(7), 20, "NO_FILE: can't find command '/nonexistent/ghost'");
                expectFault(r.get(8), 10, "BAD_NAME: nope");
                expectFault(r.get(9), 1, "UNKNOWN_METHOD");
                expectFault(r.get(10), 1, "UNKNOWN_METHOD");
                expectFault(r.get(11), 2, "INCORRECT_PARAMETERS");
                expectFault(r.get(12), 4, "SIGNATURE_UNSUPPORTED");
            }
        });
    }

    @AgainstBoth
    void controlCalls(Implementation impl) {
        scenario(impl, XmlRpcSuite::configure, s -> {
            s.awaitState("a", "RUNNING");
            s.awaitState("grp:ga", "RUNNING");
            Endpoint e = Endpoint.inet(s.conf());
            assertEquals(Boolean.TRUE, s.rpc(e, "supervisor.startProcess", "b").result());
            assertEquals(Boolean.TRUE, s.rpc(e, "supervisor.stopProcess", "b", true).result());
            assertEquals(Boolean.TRUE, s.rpc(Endpoint.unix(s.conf()), "supervisor.signalProcess", "a", "CONT").result());
            List<Object> started = s.rpc(e, "supervisor.startProcessGroup", "grp").array();
            assertEquals(List.of(Map.of("name", "gb", "group", "grp", "status", 80L, "description", "OK")), started);
            assertEquals(List.of("name", "group", "status", "description"),
                    List.copyOf(((Map<?, ?>) started.getFirst()).keySet()));
            List<Object> stopped = s.rpcUnordered(Endpoint.unix(s.conf()), "supervisor.stopProcess", "grp:*").array();
            assertEquals(2, stopped.size(), stopped::toString);
            List<Object> signalled = s.rpc(e, "supervisor.signalProcessGroup", "grp", "HUP").array();
            assertEquals(List.of(), signalled, "no member of grp is running");
            assertEquals(Boolean.TRUE, s.rpc(e, "supervisor.shutdown").result());
            s.daemon().awaitExit(Supervisord.STOP_DEADLINE);
        });
    }

    @AgainstBoth
    void authentication(Implementation impl) {
        scenario(impl, conf -> conf.auth("user", "s3cret").program("a", "sleep 1000"), s -> {
            for (Endpoint e : List.of(Endpoint.unix(s.conf()), Endpoint.inet(s.conf()))) {
                assertEquals(running(), s.rpc(e, "supervisor.getState").struct());
                for (Endpoint refused : List.of(e.anonymous(), e.as("user", "wrong"), e.as("other", "s3cret"))) {
                    RpcReply r = s.rpc(refused, "supervisor.getState");
                    assertEquals(401, r.httpStatus(), () -> refused.label() + ": " + r);
                }
            }
        });
    }

    @AgainstBoth
    void noAuthenticationConfigured(Implementation impl) {
        scenario(impl, conf -> conf.program("a", "sleep 1000"), s -> {
            for (Endpoint e : List.of(Endpoint.unix(s.conf()), Endpoint.inet(s.conf()))) {
                assertEquals(running(), s.rpc(e, "supervisor.getState").struct());
                // Credentials nobody asked for are ignored.
                assertEquals(running(), s.rpc(e.as("someone", "anything"), "supervisor.getState").struct());
            }
        });
    }

    /**
     * The rest of the API as third-party clients use it: getAllConfigInfo member for member,
     * system.multicall (bare results, fault structs), log reads and tails, stdin, remote events.
     * Every reply lands in the transcript, so OURS must answer exactly as REAL does.
     */
    @AgainstBoth
    void configInfoMulticallLogsAndStdin(Implementation impl) {
        scenario(impl, conf -> {
            configure(conf);
            conf.program("echo", "/bin/cat", "stdout_logfile=" + conf.dir().resolve("echo.log"));
        }, s -> {
            s.awaitState("a", "RUNNING");
            s.awaitState("echo", "RUNNING");
            Endpoint e = Endpoint.unix(s.conf());
            List<Object> config = s.rpc(e, "supervisor.getAllConfigInfo").array();
            assertEquals(6, config.size(), "one struct per process");
            List<Object> multi = s.rpc(e, "system.multicall", List.of(
                    Map.of("methodName", "supervisor.getAPIVersion"),
                    Map.of("methodName", "supervisor.getProcessInfo", "params", List.of("nope")),
                    Map.of("methodName", "system.multicall", "params", List.of(List.of())),
                    Map.of("params", List.of()),
                    Map.of("methodName", "supervisor.getState"))).array();
            assertEquals("3.0", multi.get(0), "results are bare, not wrapped");
            assertEquals(5, multi.size());
            assertTrue(s.rpc(e, "supervisor.sendProcessStdin", "echo", "hello stdin\n").isResult());
            Poll.until(java.time.Duration.ofSeconds(20), "echo's stdin reaches its log",
                    () -> s.rpcUnrecorded(e, "supervisor.readProcessStdoutLog", "echo", 0, 0),
                    r -> String.valueOf(r.result()).contains("hello stdin"));
            s.rpc(e, "supervisor.readProcessStdoutLog", "echo", 0, 0);
            s.rpc(e, "supervisor.readProcessStdoutLog", "echo", -6, 0);
            s.rpc(e, "supervisor.readProcessStdoutLog", "echo", 0, -1);
            s.rpc(e, "supervisor.readProcessStdoutLog", "echo", 100000, 0);
            s.rpc(e, "supervisor.tailProcessStdoutLog", "echo", 0, 5);
            s.rpc(e, "supervisor.tailProcessStdoutLog", "echo", 100000, 5);
            s.rpc(e, "supervisor.readProcessStderrLog", "b", 0, 0);
            s.rpc(e, "supervisor.readProcessStdoutLog", "grp:*", 0, 0);
            s.rpc(e, "supervisor.sendProcessStdin", "b", "x");
            s.rpc(e, "supervisor.sendProcessStdin", "echo", 5);
            s.rpc(e, "supervisor.sendRemoteCommEvent", "type", "data");
            s.rpc(e, "supervisor.readLog", 0, -1);
            s.rpc(e, "supervisor.clearProcessLogs", "echo");
            s.rpc(e, "supervisor.readProcessStdoutLog", "echo", 0, 0);
        });
    }
}
