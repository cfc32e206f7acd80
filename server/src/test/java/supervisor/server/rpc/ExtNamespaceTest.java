package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.server.rpc.VirtualSupervisor.assertFault;
import static supervisor.server.rpc.VirtualSupervisor.assertWire;
import static supervisor.server.rpc.VirtualSupervisor.ok;
import static supervisor.server.rpc.VirtualSupervisor.programGroup;
import static supervisor.server.rpc.VirtualSupervisor.struct;
import static supervisor.server.rpc.VirtualSupervisor.valueOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.posix.ProcessTable;
import supervisor.posix.WaitStatus;
import supervisor.process.ProcessState;
import supervisor.process.Programs;
import supervisor.process.ScriptedHost;

/**
 * supervisor_ext.getProcessStats and getAllProcessStats over a /proc fixture: the scripted
 * children have made-up pids, so their /proc entries are written here.
 */
class ExtNamespaceTest {
    @TempDir
    Path proc;
    private VirtualSupervisor v;

    @BeforeEach
    void start() throws IOException {
        v = new VirtualSupervisor(null, programGroup("a", e -> { }), programGroup("b", e -> e.autostart = false),
                Programs.group("grp", 999, VirtualSupervisor.program("ga", e -> { })));
        new ExtNamespace(v.supervisor, proc).registerInto(v.registry);
        // a: 2 threads, 3 fds, with a child (1 thread, 1 fd) that has a child (4 threads, 2 fds)
        entry(v.pid("a"), 1, 2, 3);
        entry(5000, v.pid("a"), 1, 1);
        entry(5001, 5000, 4, 2);
        entry(v.pid("grp:ga"), 1, 1, 1);
    }

    /** A /proc entry: stat with 250 + 50 ticks and 100 resident pages, and {@code fds} fd entries. */
    private void entry(long pid, long ppid, int threads, int fds) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (x y) S " + ppid + " " + pid + " " + pid
                + " 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 " + threads + " 0 123456 104857600 100 1 1\n");
        Path fd = Files.createDirectories(dir.resolve("fd"));
        for (int i = 0; i < fds; i++) {
            Files.createFile(fd.resolve(Integer.toString(i)));
        }
    }

    private CompletableFuture<Object> ext(String method, Object... params) {
        CompletableFuture<Object> f = v.registry.call("supervisor_ext." + method, List.of(params));
        v.loop.runReady();
        return f;
    }

    private double rss(long pages) {
        return pages * (ProcessTable.usage(proc, v.pid("a")).rss() / 100.0);
    }

    private double cpu(int processes) {
        return processes * ProcessTable.usage(proc, v.pid("a")).cpu();
    }

    @Test
    void aRunningProcessHasItsFigures() {
        assertTrue(cpu(1) > 0);
        assertWire(struct("name", "a", "group", "a", "pid", v.pid("a"), "rss", rss(100), "cpu", cpu(1), "fds", 3,
                "threads", 2), valueOf(ext("getProcessStats", "a")));
        assertWire(struct("name", "ga", "group", "grp", "pid", v.pid("grp:ga"), "rss", rss(100), "cpu", cpu(1),
                "fds", 1, "threads", 1), valueOf(ext("getProcessStats", "grp:ga", false)));
    }

    @Test
    void treeSumsTheDescendants() {
        assertWire(struct("name", "a", "group", "a", "pid", v.pid("a"), "rss", rss(300), "cpu", cpu(3), "fds", 6,
                "threads", 7), valueOf(ext("getProcessStats", "a", true)));
    }

    @Test
    void aStoppedProcessHasPidZeroAndZeros() {
        assertWire(struct("name", "b", "group", "b", "pid", 0, "rss", 0.0, "cpu", 0.0, "fds", 0, "threads", 0),
                valueOf(ext("getProcessStats", "b")));
    }

    @Test
    void allAreInGetAllProcessInfosOrder() {
        List<?> all = (List<?>) valueOf(ext("getAllProcessStats"));
        assertEquals(List.of("a", "b", "ga"), all.stream().map(s -> ((java.util.Map<?, ?>) s).get("name")).toList());
        assertWire(struct("name", "a", "group", "a", "pid", v.pid("a"), "rss", rss(100), "cpu", cpu(1), "fds", 3,
                "threads", 2), all.getFirst());
        List<?> trees = (List<?>) valueOf(ext("getAllProcessStats", true));
        assertEquals(7, ((java.util.Map<?, ?>) trees.getFirst()).get("threads"));
    }

    @Test
    void badNamesFaultAsGetProcessInfoDoes() {
        for (String name : List.of("nosuch", "grp:nosuch", "grp:*", "grp")) {
            assertFault(10, "BAD_NAME: " + name, v.call("getProcessInfo", name));
            assertFault(10, "BAD_NAME: " + name, ext("getProcessStats", name));
        }
        assertFault(2, "INCORRECT_PARAMETERS", ext("getProcessStats"));
        assertFault(2, "INCORRECT_PARAMETERS", ext("getProcessStats", "a", true, 1));
        assertFault(2, "INCORRECT_PARAMETERS", ext("getAllProcessStats", true, 1));
    }

    @Test
    void listedAndDescribedAsTheSupervisorMethodsAre() {
        List<?> names = (List<?>) valueOf(v.registry.call("system.listMethods", List.of()));
        assertTrue(names.containsAll(List.of("supervisor_ext.getAllProcessStats", "supervisor_ext.getProcessStats")),
                names::toString);
        assertEquals(List.of("struct", "string", "boolean"),
                valueOf(v.registry.call("system.methodSignature", List.of("supervisor_ext.getProcessStats"))));
        assertEquals(List.of("array", "boolean"),
                valueOf(v.registry.call("system.methodSignature", List.of("supervisor_ext.getAllProcessStats"))));
        String help = (String) valueOf(v.registry.call("system.methodHelp", List.of("supervisor_ext.getProcessStats")));
        assertTrue(help.startsWith(" Return the resources one process uses now"), help);
        assertTrue(help.contains("@return struct result"), help);
        assertTrue(names.contains("supervisor_ext.restartProcesses"), names::toString);
        assertEquals(List.of("array", "array", "boolean"),
                valueOf(v.registry.call("system.methodSignature", List.of("supervisor_ext.restartProcesses"))));
        String restart = (String) valueOf(v.registry.call("system.methodHelp",
                List.of("supervisor_ext.restartProcesses")));
        assertTrue(restart.startsWith(" Restart processes: each is stopped"), restart);
    }

    /** restartProcesses: namespecs as the other calls take them, each process once; [] and 'all' are all. */
    @Test
    void restartProcessesRestartsWhatTheNamesName() {
        v.host.behave(new ScriptedHost.Behaviour() {
            @Override
            public int signalled(int pid, int signal) {
                v.loop.execute(() -> v.host.exit(pid, WaitStatus.killed(signal)));
                return 0;
            }
        });
        int a = v.pid("a");
        CompletableFuture<Object> named = ext("restartProcesses", List.of("a", "grp:*", "a"));
        v.loop.advance(2000);
        assertWire(List.of(ok("a", "a"), ok("ga", "grp")), valueOf(named));
        assertNotEquals(a, v.pid("a"), "a was restarted");

        CompletableFuture<Object> all = ext("restartProcesses", List.of());
        v.loop.advance(2000);
        assertEquals(3, ((List<?>) valueOf(all)).size(), "b too, although it does not autostart");
        assertEquals(ProcessState.RUNNING, v.process("b").state());
        CompletableFuture<Object> alsoAll = ext("restartProcesses", List.of("all"), true);
        v.loop.advance(2000);
        assertEquals(3, ((List<?>) valueOf(alsoAll)).size());

        assertFault(10, "BAD_NAME: nope", ext("restartProcesses", List.of("a", "nope")));
        assertFault(2, "INCORRECT_PARAMETERS: a", ext("restartProcesses", "a"));
    }

    @Test
    void afterShutdownItIsShutdownState() {
        valueOf(v.call("shutdown"));
        assertFault(6, "SHUTDOWN_STATE", ext("getProcessStats", "a"));
        assertFault(6, "SHUTDOWN_STATE", ext("getAllProcessStats"));
        assertFault(6, "SHUTDOWN_STATE", ext("restartProcesses", List.of()));
    }
}
