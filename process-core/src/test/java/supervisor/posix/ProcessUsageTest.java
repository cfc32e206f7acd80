package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.posix.ProcessTable.Usage;
import supervisor.testing.Poll;

/** ProcessTable.usage and treeUsage: a /proc fixture with an awkward name, and live processes. */
class ProcessUsageTest {
    private static final Path PROC = Path.of("/proc");

    /** A kernel line whose name holds blanks and parentheses; cutime/cstime (999) must not count. */
    private static final String STAT = "4242 (a) (b c) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 999 999 20 0 3 0 "
            + "123456 104857600 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";

    @Test
    void readsStatAndCountsFds(@TempDir Path proc) throws IOException {
        Path dir = Files.createDirectories(proc.resolve("4242"));
        Files.writeString(dir.resolve("stat"), STAT);
        Path fd = Files.createDirectories(dir.resolve("fd"));
        for (String n : new String[] {"0", "1", "2", "5"}) {
            Files.createFile(fd.resolve(n));
        }
        Usage u = ProcessTable.usage(proc, 4242);
        assertEquals(2560 * Auxv.PAGE_SIZE, u.rss());
        assertEquals(300.0 / Auxv.CLOCK_TICKS, u.cpu(), 1e-9);
        assertEquals(4, u.fds());
        assertEquals(3, u.threads());
    }

    @Test
    void aMissingProcessOrAMangledStatIsNone(@TempDir Path proc) throws IOException {
        assertEquals(Usage.NONE, ProcessTable.usage(proc, 4242));
        Files.writeString(Files.createDirectories(proc.resolve("7")).resolve("stat"), "7 (x) S 1 2");
        assertEquals(Usage.NONE, ProcessTable.usage(proc, 7));
    }

    @Test
    void theConstantsAreTheKernels() {
        assertTrue(Auxv.PAGE_SIZE >= 4096 && Long.bitCount(Auxv.PAGE_SIZE) == 1, "page size " + Auxv.PAGE_SIZE);
        assertTrue(Auxv.CLOCK_TICKS > 0, "ticks " + Auxv.CLOCK_TICKS);
    }

    @Test
    void thisJvmIsMeasured() {
        long self = ProcessHandle.current().pid();
        Usage before = ProcessTable.usage(PROC, self);
        // a JVM has well over a megabyte resident, several threads and at least stdin/out/err
        assertTrue(before.rss() > 1 << 20, before::toString);
        assertTrue(before.threads() >= 2, before::toString);
        assertTrue(before.fds() >= 3, before::toString);
        long[] sink = new long[1];
        Poll.until(Duration.ofSeconds(30), "this JVM's CPU time to grow", () -> {
            for (int i = 0; i < 5_000_000; i++) {
                sink[0] += i ^ sink[0];
            }
            return ProcessTable.usage(PROC, self).cpu() > before.cpu();
        });
    }

    @Test
    void aTreeSumsTheDescendants() throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "sleep 60 & sleep 60 & wait").start();
        try {
            Usage tree = Poll.until(Duration.ofSeconds(30), "the shell and its two sleeps",
                    () -> ProcessTable.treeUsage(PROC, p.pid(), ProcessTable.stats(PROC)), u -> u.threads() == 3);
            Usage shell = ProcessTable.usage(PROC, p.pid());
            assertTrue(tree.rss() > shell.rss(), () -> tree + " vs " + shell);
            assertTrue(tree.fds() > shell.fds(), () -> tree + " vs " + shell);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
