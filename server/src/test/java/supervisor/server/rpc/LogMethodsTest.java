package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.process.Programs.group;
import static supervisor.server.rpc.VirtualSupervisor.assertFault;
import static supervisor.server.rpc.VirtualSupervisor.assertWire;
import static supervisor.server.rpc.VirtualSupervisor.ok;
import static supervisor.server.rpc.VirtualSupervisor.program;
import static supervisor.server.rpc.VirtualSupervisor.programGroup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.sun.management.ThreadMXBean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.LogTarget;
import supervisor.posix.WaitStatus;
import supervisor.rpc.Futures;
import supervisor.rpc.RpcFault;
import supervisor.testing.Json;
import supervisor.testing.ReferencePython;

/** The activity log and the process logs: read, tail and clear, on real files. */
class LogMethodsTest {
    private static final String THIRTY_BYTES = "0123456789abcdefghijklmnopqrst";

    @TempDir
    Path dir;

    private LogTarget file(String name) {
        return new LogTarget(LogTarget.Kind.FILE, dir.resolve(name).toString(), 0, 0, 0, false, false);
    }

    /** Program a logs stdout and stderr to files; program n logs nothing. */
    private VirtualSupervisor withLogs() {
        return new VirtualSupervisor(dir.resolve("supervisord.log"),
                group("a", 1, program("a", e -> {
                    e.stdout = file("a.out");
                    e.stderr = file("a.err");
                })),
                group("n", 2, program("n", e -> { })));
    }

    @Test
    void processOutputIsReadBackBySlices() {
        VirtualSupervisor v = withLogs();
        v.host.stdout(v.pid("a"), "0123456789abcdefghij");
        assertEquals("0123456789abcdefghij", v.answer("readProcessStdoutLog", "a", 0, 0));
        assertEquals("567", v.answer("readProcessStdoutLog", "a", 5, 3));
        assertEquals("fghij", v.answer("readProcessStdoutLog", "a", 15, 100));
        assertEquals("ghij", v.answer("readProcessStdoutLog", "a", -4, 0));
        assertEquals("0123456789abcdefghij", v.answer("readProcessStdoutLog", "a", -100, 0));
        assertEquals("", v.answer("readProcessStdoutLog", "a", 100, 0));
        assertEquals("012", v.answer("readProcessLog", "a", 0, 3));
        assertFault(3, "BAD_ARGUMENTS", v.call("readProcessStdoutLog", "a", -1, 1));
        assertFault(3, "BAD_ARGUMENTS", v.call("readProcessStdoutLog", "a", 0, -1));
        assertEquals("", v.answer("readProcessStderrLog", "a", 0, 0));
    }

    @Test
    void tailGivesTheLastBytesTheNextOffsetAndWhetherBytesWereSkipped() {
        VirtualSupervisor v = withLogs();
        v.host.stdout(v.pid("a"), THIRTY_BYTES);
        assertEquals(List.of("klmnopqrst", 30, true), v.answer("tailProcessStdoutLog", "a", 0, 10));
        assertEquals(List.of("pqrst", 30, true), v.answer("tailProcessLog", "a", 10, 5));
        assertEquals(List.of("klmnopqrst", 30, false), v.answer("tailProcessStdoutLog", "a", 25, 10));
        assertEquals(List.of("", 30, false), v.answer("tailProcessStdoutLog", "a", 30, 10));
        assertEquals(List.of("", 30, false), v.answer("tailProcessStdoutLog", "a", 100_000, 20));
        assertEquals(List.of(THIRTY_BYTES, 30, false), v.answer("tailProcessStdoutLog", "a", 0, 100));
        assertEquals(List.of("", 0, false), v.answer("tailProcessStderrLog", "a", 0, 100));
    }

    /** Every slice of the same file as supervisord's own readFile and tailFile cut it. */
    @Test
    void slicesAreCutAsSupervisordCutsThem() {
        VirtualSupervisor v = withLogs();
        v.host.stdout(v.pid("a"), THIRTY_BYTES);
        List<List<Integer>> pairs = new ArrayList<>();
        for (int offset : new int[] {-50, -30, -29, -5, -1, 0, 1, 10, 19, 20, 25, 29, 30, 31, 100, Integer.MAX_VALUE}) {
            for (int length : new int[] {-5, -1, 0, 1, 5, 10, 20, 29, 30, 31, 100, Integer.MAX_VALUE}) {
                pairs.add(List.of(offset, length));
            }
        }
        List<Object> ours = new ArrayList<>();
        for (List<Integer> p : pairs) {
            CompletableFuture<Object> read = v.call("readProcessStdoutLog", "a", p.get(0), p.get(1));
            Object sliced = read.isCompletedExceptionally()
                    ? "FAULT:" + ((RpcFault) Futures.cause(read.exceptionNow())).faultString() : read.join();
            ours.add(List.of(sliced, v.answer("tailProcessStdoutLog", "a", p.get(0), p.get(1))));
        }
        String reference = ReferencePython.run("""
                import sys, json
                from supervisor.options import readFile, tailFile
                from supervisor.compat import as_string
                req = json.loads(sys.stdin.read())
                out = []
                for offset, length in req['pairs']:
                    try:
                        sliced = as_string(readFile(req['file'], offset, length))
                    except ValueError as e:
                        sliced = 'FAULT:' + e.args[0]
                    out.append([sliced, tailFile(req['file'], offset, length)])
                sys.stdout.write(json.dumps(out))
                """, Json.write(Map.of("file", dir.resolve("a.out").toString(), "pairs", pairs)));
        assertEquals(reference, Json.write(ours));
    }

    @Test
    void aHugeLengthCostsNoMoreThanTheFileHolds() {
        VirtualSupervisor v = withLogs();
        v.host.stdout(v.pid("a"), THIRTY_BYTES);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertEquals(List.of(THIRTY_BYTES, 30, false), v.answer("tailProcessStdoutLog", "a", 0, Integer.MAX_VALUE));
        assertEquals(THIRTY_BYTES, v.answer("readProcessStdoutLog", "a", 0, Integer.MAX_VALUE));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1 << 20, allocated + " bytes allocated to read 30");
    }

    @Test
    void aLogThatIsNotThereIsNoFileToReadAndEmptyToTail() {
        VirtualSupervisor v = new VirtualSupervisor(null,
                programGroup("a", e -> {
                    e.autostart = false;
                    e.stdout = file("never.out");
                }),
                programGroup("n", e -> e.redirectStderr = true),
                group("g", 1, program("x", e -> { })));
        assertFault(20, "NO_FILE: " + dir.resolve("never.out"), v.call("readProcessStdoutLog", "a", 0, 0));
        assertFault(20, "NO_FILE: None", v.call("readProcessStdoutLog", "n", 0, 0));
        assertFault(20, "NO_FILE: None", v.call("readProcessStderrLog", "n", 0, 0));
        assertEquals(List.of("", 0, false), v.answer("tailProcessStdoutLog", "a", 0, 10));
        assertEquals(List.of("", 0, false), v.answer("tailProcessStdoutLog", "n", 0, 10));
        for (String method : List.of("readProcessStdoutLog", "readProcessStderrLog", "tailProcessStdoutLog",
                "tailProcessStderrLog")) {
            assertFault(10, "BAD_NAME: g:*", v.call(method, "g:*", 0, 10));
            assertFault(10, "BAD_NAME: nope", v.call(method, "nope", 0, 10));
        }
        assertFault(10, "BAD_NAME: g:*", v.call("clearProcessLogs", "g:*"));
    }

    @Test
    void clearingARunningProcessesLogsStartsThemAfresh() throws IOException {
        VirtualSupervisor v = withLogs();
        int pid = v.pid("a");
        v.host.stdout(pid, "before\n");
        assertEquals(true, v.answer("clearProcessLogs", "a"));
        assertEquals("", Files.readString(dir.resolve("a.out")));
        v.host.stdout(pid, "after\n");
        assertEquals("after\n", v.answer("readProcessStdoutLog", "a", 0, 0));
        assertEquals(true, v.answer("clearProcessLog", "a"));
        assertEquals("", v.answer("readProcessStdoutLog", "a", 0, 0));
    }

    @Test
    void clearingTheLogsOfAProcessThatIsNotRunningLeavesThem() throws IOException {
        VirtualSupervisor v = withLogs();
        v.host.stdout(v.pid("a"), "kept\n");
        v.host.exit(v.pid("a"), WaitStatus.exited(0));
        v.loop.runReady();
        assertEquals(true, v.answer("clearProcessLogs", "a"));
        assertEquals("kept\n", Files.readString(dir.resolve("a.out")));
    }

    @Test
    void clearAllProcessLogsAnswersForEveryProcessInPriorityOrder() throws IOException {
        VirtualSupervisor v = new VirtualSupervisor(null,
                group("z", 1, program("z", e -> e.stdout = file("z.out"))),
                group("a", 2, program("a", e -> e.stdout = file("a.out"))));
        v.host.stdout(v.pid("z"), "z");
        v.host.stdout(v.pid("a"), "a");
        assertWire(List.of(ok("z", "z"), ok("a", "a")), v.answer("clearAllProcessLogs"));
        assertEquals("", Files.readString(dir.resolve("z.out")));
        assertEquals("", Files.readString(dir.resolve("a.out")));
    }

    @Test
    void theActivityLogIsReadBySlices() throws IOException {
        VirtualSupervisor v = withLogs();
        String all = Files.readString(dir.resolve("supervisord.log"));
        assertTrue(all.contains("INFO spawned: 'a' with pid 1000\n"), all);
        assertEquals(all, v.answer("readLog", 0, 0));
        assertEquals(all.substring(all.length() - 10), v.answer("readLog", -10, 0));
        assertEquals(all.substring(5, 12), v.answer("readMainLog", 5, 7));
        assertEquals("", v.answer("readLog", all.length() + 1, 0));
        assertFault(3, "BAD_ARGUMENTS", v.call("readLog", -1, 1));
        assertFault(3, "BAD_ARGUMENTS", v.call("readLog", 0, -1));
    }

    @Test
    void clearLogStartsAnEmptyActivityLog() {
        VirtualSupervisor v = withLogs();
        assertEquals(true, v.answer("clearLog"));
        assertEquals("", v.answer("readLog", 0, 0), "the notice went to the old file");
        assertTrue(v.log().contains("INFO reopening log file\n"));
        v.answer("stopProcess", "n", false);
        String fresh = (String) v.answer("readLog", 0, 0);
        assertTrue(fresh.contains(" killing n (pid 1001) with signal SIGTERM\n"), fresh);
        assertFalse(fresh.contains("spawned"), fresh);
    }

    @Test
    void withoutALogFileThereIsNoActivityLogToReadOrClear() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }));
        assertFault(20, "NO_FILE: None", v.call("readLog", 0, 0));
        assertFault(20, "NO_FILE", v.call("clearLog"));
    }
}
