package supervisor.posix;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Failures to create a child at all are thrown to the caller, with supervisord's errno names, and leak nothing. */
class SpawnFailureTest {
    @Test
    void tooManyOpenFilesIsThrownAsEmfileWithoutLeakingFds() throws Exception {
        SpawnRequest req = Captured.request("/bin/true", "true");
        // Load everything the failing path needs while files can still be opened.
        new SpawnException(24, "preload").errnoName();
        long[] limit = Posix.getRlimitNofile();
        long open = openFds();
        SpawnException thrown;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lim = arena.allocate(16, 8);
            // Room for the first pipe but not all three: the failure comes midway and must clean up.
            lim.set(JAVA_LONG, 0, open + 3);
            lim.set(JAVA_LONG, 8, limit[1]);
            assertEquals(0, Libc.setrlimit(Libc.RLIMIT_NOFILE, lim));
            try {
                thrown = assertThrows(SpawnException.class, () -> Spawner.spawn(req));
            } finally {
                lim.set(JAVA_LONG, 0, limit[0]);
                assertEquals(0, Libc.setrlimit(Libc.RLIMIT_NOFILE, lim));
            }
        }
        assertEquals(Libc.EMFILE, thrown.errno());
        assertEquals("EMFILE", thrown.errnoName());
        assertEquals(open, openFds(), "fds of the half-made pipes are closed");
    }

    private static long openFds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count() - 1; // the directory handle of this listing
        }
    }
}
