package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;

/**
 * {@code [supervisord] update_scope=process} (beyond.md) driven by the stock supervisorctl 4.2.5:
 * {@code reread} then {@code update} restarts only the members whose own config changed; the
 * others keep their pid, and supervisorctl prints what it prints against 4.2.5.
 */
class UpdateScopeHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> TEN = IntStream.range(0, 10).mapToObj(i -> "p" + i).toList();

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    private static Map<String, Long> pids(Supervisord d, List<String> names) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String n : names) {
            pids.put(n, Poll.until(DEADLINE, n + " RUNNING with a pid", () -> "RUNNING".equals(d.probe().statename(n))
                    ? d.probe().pid(n) : 0L, pid -> pid > 0));
        }
        return pids;
    }

    @Test
    void oneChangedProgramOfAGroupOfTenIsTheOnlyOneRestarted() {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base()).supervisord("update_scope=process");
        TEN.forEach(n -> conf.program(n, "sleep 1000"));
        conf.section("group:g", "programs=" + String.join(",", TEN));
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            Session s = new Session(d, runner());
            List<String> specs = TEN.stream().map(n -> "g:" + n).toList();
            Map<String, Long> before = pids(d, specs);

            conf.program("p3", "sleep 1001");
            conf.write();
            assertEquals(List.of("g: changed"), s.ctl("reread").lines());
            ExecResult update = s.ctl("update");
            assertEquals(0, update.exitCode(), update.toString());
            assertEquals(List.of("g: stopped", "g: updated process group"), update.lines(),
                    "supervisorctl prints what 4.2.5 makes it print");

            Map<String, Long> after = pids(d, specs);
            long kept = specs.stream().filter(n -> before.get(n).equals(after.get(n))).count();
            System.out.println("update_scope=process: pids kept " + kept + " of 10 (one program's command changed)");
            assertEquals(9, kept, "before " + before + ", after " + after);
            assertNotEquals(before.get("g:p3"), after.get("g:p3"), "the changed program was restarted");
            assertTrue(s.ctl("status", "g:p3").stdout().contains("RUNNING"));
            assertEquals(List.of("No config updates to processes"), s.ctl("reread").lines(),
                    "the active group now has the file's config");
        }
    }

    @Test
    void numprocsTwoToThreeAddsOneAndTouchesNone() {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base()).supervisord("update_scope=process")
                .program("w", "sleep 1000", "numprocs=2", "process_name=%(program_name)s_%(process_num)s");
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            Session s = new Session(d, runner());
            Map<String, Long> before = pids(d, List.of("w:w_0", "w:w_1"));
            conf.program("w", "sleep 1000", "numprocs=3");
            conf.write();
            assertEquals(List.of("w: changed"), s.ctl("reread").lines());
            assertEquals(List.of("w: stopped", "w: updated process group"), s.ctl("update").lines());
            Map<String, Long> after = pids(d, List.of("w:w_0", "w:w_1", "w:w_2"));
            assertEquals(before.get("w:w_0"), after.get("w:w_0"));
            assertEquals(before.get("w:w_1"), after.get("w:w_1"));
        }
    }

    @Test
    void aRemovedMemberIsStoppedAndRemovedTheOthersKeepRunning() {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base()).supervisord("update_scope=process")
                .program("a", "sleep 1000").program("b", "sleep 1000").section("group:g", "programs=a,b");
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            Session s = new Session(d, runner());
            Map<String, Long> before = pids(d, List.of("g:a", "g:b"));
            conf.section("group:g", "programs=a");
            conf.remove("program:b");
            conf.write();
            assertEquals(List.of("g: changed"), s.ctl("reread").lines());
            assertEquals(List.of("g: stopped", "g: updated process group"), s.ctl("update").lines());
            assertEquals(before.get("g:a"), pids(d, List.of("g:a")).get("g:a"));
            ExecResult gone = s.ctl("status", "g:b");
            assertTrue(gone.stdout().contains("no such process"), gone.toString());
        }
    }

    /** Each new key's bad value fails the load in supervisord's format: exit 2, nothing started, no file left. */
    @Test
    void badValuesOfTheNewKeysFailTheLoad() throws java.io.IOException {
        Implementation.OURS.assumeAvailable();
        Map<String, String> bad = Map.of(
                "update_scope=members", "invalid update_scope value 'members' (must be group or process)",
                "restart_parallelism=0", "invalid restart_parallelism value '0' (must be an integer of at least 1)",
                "remember_state=/nonexistent/dir/state", "");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            SupervisorConf conf = SupervisorConf.in(base()).supervisord(e.getKey()).program("a", "sleep 1000");
            ExecResult r = Supervisord.runToExit(Implementation.OURS, conf, DEADLINE);
            assertEquals(2, r.exitCode(), r.toString());
            String first = r.stderr().lines().findFirst().orElse("");
            assertTrue(first.startsWith("Error: " + e.getValue())
                    && first.endsWith(" in section 'supervisord' (file: '" + conf.file() + "')"), r.stderr());
            try (var left = java.nio.file.Files.list(conf.dir())) {
                assertEquals(List.of(conf.file()), left.toList(), "nothing started, nothing written");
            }
        }
    }

    @Test
    void underTheDefaultScopeTheWholeGroupRestartsAsIn425() {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base())
                .program("a", "sleep 1000").program("b", "sleep 1000").section("group:g", "programs=a,b");
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            Session s = new Session(d, runner());
            Map<String, Long> before = pids(d, List.of("g:a", "g:b"));
            conf.program("b", "sleep 1001");
            conf.write();
            s.ctl("reread");
            assertEquals(List.of("g: stopped", "g: updated process group"), s.ctl("update").lines());
            assertNotEquals(before.get("g:a"), pids(d, List.of("g:a")).get("g:a"), "a restarts with its group");
        }
    }
}
