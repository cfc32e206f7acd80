package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class PosixTest {
    @Test
    void errnoNamesMatchPython() throws Exception {
        // supervisord prints errno.errorcode.get(n, n): ask the reference interpreter for every number.
        String[] lines = ReferencePython.run("import errno\nfor i in range(1, 140): print(errno.errorcode.get(i, i))", "")
                .split("\n");
        assertEquals(139, lines.length);
        for (int i = 1; i < 140; i++) {
            assertEquals(lines[i - 1], Posix.errnoName(i), "errno " + i);
        }
    }

    @Test
    void strerrorIsTheLibraryText() {
        assertEquals("No such file or directory", Posix.strerror(2));
        assertEquals("Too many open files", Posix.strerror(24));
    }

    @Test
    void getpidIsOurs() {
        assertEquals(ProcessHandle.current().pid(), Posix.getpid());
    }

    @Test
    void killReportsMissingProcessAndRefusesBroadcasts() {
        assertEquals(3 /* ESRCH */, Posix.kill(Integer.MAX_VALUE - 1, 0));
        assertEquals(0, Posix.kill(Posix.getpid(), 0));
        assertThrows(IllegalArgumentException.class, () -> Posix.kill(-1, 9));
        assertThrows(IllegalArgumentException.class, () -> Posix.kill(0, 9));
    }

    @Test
    void waitStatusWording() {
        assertEquals("exit status 0", WaitStatus.exited(0).describe());
        assertEquals(0, WaitStatus.exited(0).exitstatus());
        assertEquals("terminated by SIGKILL", WaitStatus.killed(9).describe());
        assertEquals(-1, WaitStatus.killed(9).exitstatus());
        assertEquals("terminated by SIGSEGV (core dumped)",
                new WaitStatus(WaitStatus.CLD_DUMPED, 11).describe());
        assertEquals("terminated by signal 40", WaitStatus.killed(40).describe());
    }

    @Test
    void uidAndLimitsReadFromProcAreTheCLibrarys() {
        assertEquals(Libc.getuid(), Posix.getuid());
        for (Posix.Rlimit which : Posix.Rlimit.values()) {
            assertArrayEquals(Posix.nativeRlimit(which), Posix.getRlimit(which), which.name());
        }
    }
}
