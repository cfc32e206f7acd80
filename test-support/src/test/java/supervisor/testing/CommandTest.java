package supervisor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {

    @Test
    void bothStreamsAndTheExitStatus() {
        Command.Result r = Command.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3").run();
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.out());
        assertEquals("err\n", r.err());
        AssertionError e = assertThrows(AssertionError.class, r::assertSuccess);
        assertEquals("/bin/sh -c echo out; echo err >&2; exit 3 failed (exit 3):\nerr\n", e.getMessage());
    }

    @Test
    void stdinBytesGoInUnchangedAndWithoutStdinItIsEmpty() {
        byte[] all = new byte[256 * 1024];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, Command.of("/bin/cat").stdin(all).outputBytes());
        assertEquals("", Command.of("/bin/cat").output());
    }

    @Test
    void environmentAndFolder(@TempDir Path dir) {
        String env = Command.of("/usr/bin/env").env("TESTING_A", "1").env(Map.of("PATH", "/bin")).output();
        assertTrue(env.lines().toList().containsAll(List.of("TESTING_A=1", "PATH=/bin")), env);
        assertEquals("HOME=/h\nX=y\n", Command.of("/usr/bin/env").onlyEnv(Map.of("HOME", "/h")).env("X", "y").output());
        String withoutHome = Command.of("/usr/bin/env").onlyEnv(Map.of("HOME", "/h", "A", "b")).env("HOME", null).output();
        assertEquals("A=b\n", withoutHome);
        assertEquals(dir.toString() + "\n", Command.of("/bin/pwd").directory(dir).output());
        assertEquals("prefixed: x\n", Command.of("x").prefixed(List.of("/bin/echo", "prefixed:")).output());
    }

    @Test
    void aCommandThatHangsIsKilledAndFails() {
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Command.of("/bin/sleep", "60").timeout(Duration.ofMillis(200)).run());
        assertEquals("timed out after PT0.2S: /bin/sleep 60", e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
    }

    @Test
    void aLongScriptShowsOnlyItsStartInMessages() {
        assertEquals("python3 -c import sys… x", Command.describe(List.of("python3", "-c", "import sys\nprint(1)", "x")));
        assertFalse(Command.describe(List.of("y".repeat(100))).contains("y".repeat(61)));
    }
}
