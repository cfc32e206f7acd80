package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.server.rpc.VirtualSupervisor.assertFault;
import static supervisor.server.rpc.VirtualSupervisor.programGroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.check.Check;
import supervisor.check.Readiness;
import supervisor.posix.ProcessTable;
import supervisor.posix.WaitStatus;
import supervisor.process.Programs;
import supervisor.server.metrics.DaemonMetrics;

/**
 * One scrape of a daemon of scripted children over a /proc fixture (in this package for its
 * {@link VirtualSupervisor}): a sample per process in each family, read from the published
 * snapshots and /proc as getProcessStats reads them.
 */
class DaemonMetricsTest {
    private static final String[] PROCESS_FAMILIES = {"up", "state", "state_info", "start_time_seconds",
        "restarts_total", "exit_status", "cpu_seconds_total", "resident_memory_bytes", "open_fds"};

    @TempDir
    Path proc;
    private VirtualSupervisor v;
    private DaemonMetrics metrics;

    @BeforeEach
    void start() throws IOException, Check.Invalid {
        Readiness tcp = new Readiness(Check.parse("ready_check", "tcp:127.0.0.1:1"), 60);
        v = new VirtualSupervisor(null, programGroup("run", e -> e.exitcodes = List.of(0, 3)), programGroup("off", e -> e.autostart = false),
                programGroup("dies", e -> e.startretries = 0),
                programGroup("checked", e -> e.ready = tcp),
                Programs.group("grp", 999, VirtualSupervisor.program("we\"ird\\", e -> { })));
        metrics = new DaemonMetrics(v.supervisor, v.registry, proc);
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(v.pid("run"))));
        Files.writeString(dir.resolve("stat"), v.pid("run") + " (x y) S 1 1 1 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 2"
                + " 0 123456 104857600 100 1 1\n");
        Path fd = Files.createDirectories(dir.resolve("fd"));
        for (int i = 0; i < 3; i++)
            Files.createFile(fd.resolve(Integer.toString(i)));
        v.host.exit(v.pid("dies"), WaitStatus.exited(0)); // too quickly, no retries: FATAL
        v.loop.runReady();
        v.loop.advance(1000); // startsecs: RUNNING, except the one waiting for its check
    }

    /** Sample lines by "name{labels}", in order; comments apart. */
    private static Map<String, String> samples(String text) {
        Map<String, String> s = new LinkedHashMap<>();
        for (String line : text.split("\n"))
            if (!line.startsWith("#"))
                s.put(line.substring(0, line.lastIndexOf(' ')), line.substring(line.lastIndexOf(' ') + 1));
        return s;
    }

    private static String p(String family, String group, String name) {
        return "supervisord_process_" + family + "{group=\"" + group + "\",name=\"" + name + "\"}";
    }

    @Test
    void everyProcessFamilyHasHelpTypeAndOneSamplePerProcessInGetAllProcessInfosOrder() {
        String text = metrics.scrape();
        for (String f : PROCESS_FAMILIES) {
            String name = "supervisord_process_" + f;
            assertTrue(text.contains("# HELP " + name + " "), name);
            assertTrue(text.contains("# TYPE " + name + (f.endsWith("_total") ? " counter\n" : " gauge\n")), name);
            List<String> labelled = new ArrayList<>();
            for (String key : samples(text).keySet())
                if (key.startsWith(name + "{"))
                    labelled.add(key.substring(name.length()));
            List<String> expected = new ArrayList<>(List.of("{group=\"checked\",name=\"checked\"",
                    "{group=\"dies\",name=\"dies\"", "{group=\"grp\",name=\"we\\\"ird\\\\\"",
                    "{group=\"off\",name=\"off\"", "{group=\"run\",name=\"run\""));
            expected.replaceAll(l -> l + (f.equals("state_info") ? ",state=" : "}"));
            assertEquals(expected, labelled.stream().map(l -> f.equals("state_info")
                    ? l.substring(0, l.indexOf(",state=") + 7) : l).toList(), name);
        }
    }

    @Test
    void runningStoppedAndFatalAsGetProcessInfoReportsThem() {
        Map<String, String> s = samples(metrics.scrape());
        assertEquals("1", s.get(p("up", "run", "run")));
        assertEquals("20", s.get(p("state", "run", "run")));
        assertEquals("0", s.get(p("up", "off", "off")));
        assertEquals("0", s.get(p("state", "off", "off")));
        assertEquals("0", s.get(p("start_time_seconds", "off", "off")));
        assertEquals("200", s.get(p("state", "dies", "dies")));
        assertEquals("0", s.get(p("up", "dies", "dies")));
        assertEquals("1", s.get("supervisord_process_state_info{group=\"dies\",name=\"dies\",state=\"FATAL\"}"));
        assertEquals(Long.toString(v.process("run").snapshot().startSeconds()),
                s.get(p("start_time_seconds", "run", "run")));
        ProcessTable.Usage u = ProcessTable.usage(proc, v.pid("run"));
        assertEquals(Long.toString(u.rss()), s.get(p("resident_memory_bytes", "run", "run")));
        assertEquals(Double.toString(u.cpu()).replaceAll("\\.0$", ""), s.get(p("cpu_seconds_total", "run", "run")));
        assertEquals("3", s.get(p("open_fds", "run", "run")));
        assertEquals("0", s.get(p("open_fds", "off", "off")));
        assertEquals("2", s.get("supervisord_processes{state=\"RUNNING\"}"));
        assertEquals("1", s.get("supervisord_processes{state=\"FATAL\"}"));
        assertEquals("1", s.get("supervisord_processes{state=\"STOPPED\"}"));
        assertEquals("1", s.get("supervisord_processes{state=\"STARTING\"}"));
        assertEquals("0", s.get("supervisord_processes{state=\"UNKNOWN\"}"));
    }

    @Test
    void restartsCountSpawnsAfterTheFirstAndExitStatusTheLastExit() {
        assertEquals("0", samples(metrics.scrape()).get(p("restarts_total", "run", "run")));
        v.host.exit(v.pid("run"), WaitStatus.exited(3)); // expected: EXITED, not restarted
        v.loop.runReady();
        Map<String, String> s = samples(metrics.scrape());
        assertEquals("3", s.get(p("exit_status", "run", "run")));
        assertEquals("0", s.get(p("restarts_total", "run", "run")));
        v.call("startProcess", "run", false);
        s = samples(metrics.scrape());
        assertEquals("1", s.get(p("restarts_total", "run", "run")));
        assertEquals("0", s.get(p("restarts_total", "off", "off")));
    }

    @Test
    void readyOnlyWhereACheckExists() {
        Map<String, String> s = samples(metrics.scrape());
        assertEquals("0", s.get(p("ready", "checked", "checked")));
        assertEquals(List.of(p("ready", "checked", "checked")),
                s.keySet().stream().filter(k -> k.startsWith("supervisord_process_ready")).toList());
        v.host.lastProbe().answer().complete(true);
        v.loop.runReady();
        assertEquals("1", samples(metrics.scrape()).get(p("ready", "checked", "checked")));
    }

    @Test
    void rpcCallsAreCountedByMethodOnceCalled() {
        assertTrue(!metrics.scrape().contains("supervisord_rpc_calls_total{"));
        v.call("getProcessInfo", "run");
        v.call("getProcessInfo", "run");
        v.registry.call("system.multicall", List.of(List.of(Map.of("methodName", "supervisor.getPID", "params",
                List.of()))));
        v.registry.call("supervisor.noSuchMethod", List.of());
        Map<String, String> s = samples(metrics.scrape());
        assertEquals("2", s.get("supervisord_rpc_calls_total{method=\"supervisor.getProcessInfo\"}"));
        assertEquals("1", s.get("supervisord_rpc_calls_total{method=\"supervisor.getPID\"}"));
        assertEquals("1", s.get("supervisord_rpc_calls_total{method=\"system.multicall\"}"));
        assertTrue(s.keySet().stream().noneMatch(k -> k.contains("noSuchMethod")));
    }

    @Test
    void faultsAreCountedByMethodAndFaultDeferredOnesToo() {
        v.call("getProcessInfo", "nosuch");
        v.call("startProcess", "run", false); // already started: ALREADY_STARTED
        v.registry.call("system.multicall", List.of(List.of(Map.of("methodName", "supervisor.getProcessInfo",
                "params", List.of("nosuch")))));
        v.call("getProcessInfo"); // too few arguments
        CompletableFuture<Object> later = v.call("startProcess", "dies", true); // answered once it has started
        assertTrue(!later.isDone());
        assertTrue(!metrics.scrape().contains("method=\"supervisor.startProcess\",fault=\"SPAWN_ERROR\""));
        v.host.exit(v.pid("dies"), WaitStatus.exited(0)); // too quickly again
        v.loop.runReady();
        assertFault(50, "SPAWN_ERROR: dies", later);
        Map<String, String> s = samples(metrics.scrape());
        assertEquals("1", s.get("supervisord_rpc_faults_total{method=\"supervisor.startProcess\","
                + "fault=\"SPAWN_ERROR\"}"));
        assertEquals("2", s.get("supervisord_rpc_faults_total{method=\"supervisor.getProcessInfo\",fault=\"BAD_NAME\"}"));
        assertEquals("1", s.get("supervisord_rpc_faults_total{method=\"supervisor.getProcessInfo\","
                + "fault=\"INCORRECT_PARAMETERS\"}"));
        assertEquals("1", s.get("supervisord_rpc_faults_total{method=\"supervisor.startProcess\","
                + "fault=\"ALREADY_STARTED\"}"));
    }
}
