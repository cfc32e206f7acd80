package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;

/**
 * This JVM as a subreaper: orphans of its children come to it and are reaped by {@link Orphans},
 * while every managed child's exit status still reaches its pidfd, even when orphans and managed
 * children end at the same moment.
 */
class OrphansTest {
    private IoLoop loop;
    private Orphans orphans;
    private final Map<Integer, WaitStatus> reaped = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        assertTrue(Orphans.becomeSubreaper());
        assertTrue(Orphans.isSubreaper());
        loop = new IoLoop("orphans-test", FailureReport.STDERR);
        orphans = new Orphans(reaped::put);
    }

    @AfterEach
    void tearDown() {
        orphans.close();
        loop.close();
        Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 0); // the rest of this JVM's tests as before
    }

    @Test
    void orphansAreReapedAndManagedChildrenKeepTheirStatus() throws Exception {
        List<Captured> managed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // the orphan is double-forked (its parent, the subshell, ends at once) and ends about
            // when the program does
            managed.add(Captured.run(loop, Captured.sh("( sh -c 'sleep 0.3; exit 3' & echo $! ); sleep 0.3; exit 7")));
        }
        List<Integer> orphanPids = new ArrayList<>();
        for (Captured c : managed) {
            assertEquals(WaitStatus.exited(7), c.await(), "the managed child's own status");
            orphanPids.add(Integer.parseInt(c.out().strip()));
        }
        try {
            Poll.until(Duration.ofSeconds(60), "the orphans reaped", () -> reaped.keySet().containsAll(orphanPids));
        } catch (AssertionError e) {
            StringBuilder b = new StringBuilder("orphans " + orphanPids + ", reaped " + reaped);
            for (int pid : orphanPids) {
                b.append("\n").append(pid).append(": ").append(ProcessTable.stat(Path.of("/proc"), pid));
            }
            throw new AssertionError(b.toString(), e);
        }
        for (int pid : orphanPids) {
            assertEquals(WaitStatus.exited(3), reaped.get(pid));
            assertFalse(Files.exists(Path.of("/proc/" + pid)), "no zombie left");
        }
        for (Captured c : managed) {
            assertFalse(reaped.containsKey(c.child.pid()), "a managed child taken for an orphan");
        }
    }
}
