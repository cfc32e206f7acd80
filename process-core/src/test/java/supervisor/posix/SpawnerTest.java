package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.Poll;

/** The child's process environment, checked on real children through /proc and their own output. */
class SpawnerTest {
    private static IoLoop loop;

    @BeforeAll
    static void start() {
        loop = new IoLoop("spawner-test-io", FailureReport.STDERR);
    }

    @AfterAll
    static void stop() {
        loop.close();
    }

    /** How long a test waits for a child to do something before it fails. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private static String statusLine(int pid, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        throw new AssertionError(key + " missing");
    }

    /** Fields after the command name in /proc/pid/stat: [0]=state, [1]=ppid, [2]=pgrp, [3]=session. */
    private static String[] stat(int pid) throws Exception {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    private static void killAndAwait(Captured c) throws Exception {
        assertEquals(0, Posix.kill(c.child.pid(), Signals.SIGKILL));
        assertEquals("terminated by SIGKILL", c.await().describe());
    }

    @Test
    void childLeadsItsOwnProcessGroupInOurSession() throws Exception {
        Captured c = Captured.run(loop, Captured.request("/bin/sleep", "sleep", "30"));
        String[] stat = stat(c.child.pid());
        assertEquals(c.child.pid(), Integer.parseInt(stat[2]), "pgrp");
        assertEquals(stat(Posix.getpid())[3], stat[3], "session");
        assertEquals(Posix.getpid(), Integer.parseInt(stat[1]), "ppid");
        killAndAwait(c);
    }

    /**
     * kill_tree's cgroup: the child writes its own pid to the cgroup.procs file before it runs
     * the program (a plain file stands in for it here), so the program cannot fork outside.
     */
    @Test
    void aChildWithACgroupEntersItBeforeItRunsTheProgram(@TempDir Path dir) throws Exception {
        Path procs = dir.resolve("cgroup.procs");
        Files.createFile(procs);
        Captured c = Captured.run(loop, Captured.sh("cat " + procs + "; echo \"$0 $1\"; exit 4")
                .withCgroup(procs.toString()));
        assertEquals(WaitStatus.exited(4), c.await());
        assertEquals(c.child.pid() + "\n/bin/sh \n", c.out(), "the pid was written before the program ran, which kept it");
        assertEquals("", c.err());
    }

    /** A cgroup the child cannot enter leaves the program running (its tree is then tracked), quietly. */
    @Test
    void aCgroupThatCannotBeEnteredDoesNotStopTheProgram(@TempDir Path dir) throws Exception {
        Captured c = Captured.run(loop, Captured.sh("echo ran; exit 5")
                .withCgroup(dir.resolve("missing/cgroup.procs").toString()));
        assertEquals(WaitStatus.exited(5), c.await());
        assertEquals("ran\n", c.out());
        assertEquals("", c.err());
    }

    @Test
    void childHasNoBlockedAndNoIgnoredSignals() throws Exception {
        Captured c = Captured.run(loop, Captured.request("/bin/sleep", "sleep", "30"));
        assertEquals("0000000000000000", statusLine(c.child.pid(), "SigBlk"));
        assertEquals("0000000000000000", statusLine(c.child.pid(), "SigIgn"));
        // QUIT in particular, which JVM threads block, must reach the child.
        assertEquals(0, Posix.kill(c.child.pid(), Signals.SIGQUIT));
        WaitStatus status = c.await();
        assertEquals(Signals.SIGQUIT, status.termsig(), status.describe());
    }

    @Test
    void childHasOnlyItsThreeStandardFdsAllPipes() throws Exception {
        Captured c = Captured.run(loop, Captured.request("/bin/ls", "ls", "-l", "/proc/self/fd"));
        assertTrue(c.await().exited());
        TreeSet<Integer> fds = new TreeSet<>();
        for (String line : c.out().split("\n")) {
            int arrow = line.indexOf(" -> ");
            if (arrow < 0) {
                continue;
            }
            String target = line.substring(arrow + 4);
            String[] words = line.substring(0, arrow).trim().split("\\s+");
            int fd = Integer.parseInt(words[words.length - 1]);
            if (target.matches("/proc/\\d+/fd")) {
                continue; // ls's own handle on the directory it lists
            }
            assertTrue(target.startsWith("pipe:"), "fd " + fd + " -> " + target);
            fds.add(fd);
        }
        assertEquals(new TreeSet<>(List.of(0, 1, 2)), fds, c.out());
    }

    @Test
    void environmentIsExactlyTheOneGiven(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(Captured.ENV);
        env.put("SUPERVISOR_ENABLED", "1");
        env.put("WITH_SPACES", "a b  c=d");
        Captured c = Captured.run(loop, new SpawnRequest("/usr/bin/env", List.of("env"), env, null, null, null, false));
        assertEquals(WaitStatus.exited(0), c.await());
        Map<String, String> seen = new HashMap<>();
        for (String line : c.out().split("\n")) {
            int eq = line.indexOf('=');
            seen.put(line.substring(0, eq), line.substring(eq + 1));
        }
        assertEquals(env, seen);
    }

    @Test
    void directoryBecomesTheWorkingDirectory(@TempDir Path dir) throws Exception {
        Path real = dir.toRealPath();
        Captured c = Captured.run(loop, new SpawnRequest("/bin/sh", List.of("sh", "-c", "pwd -P"), Captured.ENV,
                real.toString(), null, null, false));
        assertEquals(WaitStatus.exited(0), c.await());
        assertEquals(real + "\n", c.out());
    }

    @Test
    void argvZeroIsPassedAsWritten() throws Exception {
        Captured c = Captured.run(loop, Captured.request("/bin/sh", "my-name", "-c", "echo $0"));
        c.await();
        assertEquals("my-name\n", c.out());
    }

    @Test
    void redirectStderrSendsBothStreamsToStdout() throws Exception {
        SpawnRequest req = new SpawnRequest("/bin/sh", List.of("sh", "-c", "echo out; echo err >&2"),
                Captured.ENV, null, null, null, true);
        Captured c = Captured.run(loop, req);
        assertEquals(-1, c.child.stderrFd());
        c.await();
        assertEquals("out\nerr\n", c.out());
        assertEquals("", c.err());
    }

    @Test
    void badDirectoryIsReportedByTheChildLikeSupervisord() throws Exception {
        SpawnRequest req = new SpawnRequest("/bin/echo", List.of("echo", "hi"), Captured.ENV, "/nonexistent/dir",
                null, null, false);
        Captured c = Captured.run(loop, req);
        assertTrue(c.child.pid() > 0);
        assertEquals(WaitStatus.exited(127), c.await());
        assertEquals("supervisor: couldn't chdir to /nonexistent/dir: ENOENT\n"
                + "supervisor: child process was not spawned\n", c.err());
        assertEquals("", c.out());
    }

    @Test
    void execFailureIsReportedByTheChildLikeSupervisord(@TempDir Path dir) throws Exception {
        Path notAProgram = dir.resolve("data.bin");
        Files.write(notAProgram, new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
        notAProgram.toFile().setExecutable(true);
        for (String directory : new String[] {null, dir.toString()}) {
            SpawnRequest req = new SpawnRequest(notAProgram.toString(), List.of("data-argv0"), Captured.ENV,
                    directory, null, null, false);
            Captured c = Captured.run(loop, req);
            assertEquals(WaitStatus.exited(127), c.await());
            assertEquals("supervisor: couldn't exec data-argv0: ENOEXEC\n"
                    + "supervisor: child process was not spawned\n", c.err());
        }
    }

    @Test
    void umaskIsAppliedToTheChildOnly() throws Exception {
        int before = Posix.umask(022);
        Posix.umask(before);
        SpawnRequest req = new SpawnRequest("/bin/sh", List.of("sh", "-c", "echo $$; umask"), Captured.ENV,
                null, 0027, null, false);
        Captured c = Captured.run(loop, req);
        c.await();
        assertEquals(c.child.pid() + "\n0027\n", c.out());
        int after = Posix.umask(before);
        assertEquals(before, after, "the daemon's umask must not change");
        // A plain spawn afterwards from the same thread inherits the daemon's umask again.
        Captured plain = Captured.run(loop, Captured.sh("umask"));
        plain.await();
        assertEquals(Integer.parseInt(plain.out().trim(), 8), before);
    }

    @Test
    void umaskFromAVirtualThreadGoesThroughTheShellKeepingThePid() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.set(Captured.run(loop, new SpawnRequest("/bin/sh", List.of("sh", "-c", "echo $$; umask"),
                        Captured.ENV, null, 0077, null, false)));
            } catch (Throwable t) {
                result.set(t);
            }
        }).join();
        if (result.get() instanceof Throwable t) {
            throw new AssertionError(t);
        }
        Captured c = (Captured) result.get();
        c.await();
        assertEquals(c.child.pid() + "\n0077\n", c.out());
    }

    @Test
    void userIsSetThroughSetprivKeepingThePid() throws Exception {
        assumeTrue(Posix.getuid() == 0, "needs root");
        SpawnRequest req = new SpawnRequest("/bin/sh",
                List.of("sh", "-c", "echo $$; id -u; id -g; umask; grep ^Uid: /proc/self/status"),
                Captured.ENV, "/", 0007, 65534, false);
        Captured c = Captured.run(loop, req);
        assertEquals(WaitStatus.exited(0), c.await(), c.err());
        String[] lines = c.out().split("\n");
        assertEquals(String.valueOf(c.child.pid()), lines[0], "pid preserved through the helper");
        assertEquals("65534", lines[1]);
        assertEquals(String.valueOf(pwGid(65534)), lines[2]);
        assertEquals("0007", lines[3]);
        assertEquals("Uid:\t65534\t65534\t65534\t65534", lines[4], "no way back to root");
    }

    private static int pwGid(int uid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 3 && f[2].equals(String.valueOf(uid))) {
                return Integer.parseInt(f[3]);
            }
        }
        throw new AssertionError("no passwd entry for " + uid);
    }

    @Test
    void unknownUidIsReportedByTheChildLikeSupervisord() throws Exception {
        int uid = 54321;
        assumeTrue(Files.readAllLines(Path.of("/etc/passwd")).stream().noneMatch(l -> l.split(":")[2].equals("54321")));
        Captured c = Captured.run(loop, new SpawnRequest("/bin/echo", List.of("echo"), Captured.ENV, null, null, uid,
                false));
        assertEquals(WaitStatus.exited(127), c.await());
        assertEquals("supervisor: couldn't setuid to 54321: Can't find uid 54321\n"
                + "supervisor: child process was not spawned\n", c.err());
    }

    @Test
    void ownUidNeedsNoHelper() throws Exception {
        Captured c = Captured.run(loop, new SpawnRequest("/bin/sh", List.of("named", "-c", "echo $0; id -u"),
                Captured.ENV, null, null, Posix.getuid(), false));
        assertEquals(WaitStatus.exited(0), c.await());
        assertEquals("named\n" + Posix.getuid() + "\n", c.out());
    }

    @Test
    void signalToTheGroupReachesGrandchildren() throws Exception {
        Captured c = Captured.run(loop, Captured.sh("sleep 60 & echo $!; wait"));
        Poll.until(WAIT, "the grandchild's pid", c::out, out -> out.endsWith("\n"));
        int grandchild = Integer.parseInt(c.out().trim());
        assertEquals(c.child.pid(), Integer.parseInt(stat(grandchild)[2]), "grandchild in the child's group");
        assertEquals(0, Posix.kill(-c.child.pid(), Signals.SIGTERM));
        assertEquals("terminated by SIGTERM", c.await().describe());
        Poll.until(WAIT, "grandchild to die", () -> {
            try {
                return stat(grandchild)[0].equals("Z");
            } catch (Exception gone) {
                return true;
            }
        });
    }

    @Test
    void manyChildrenInARowLeakNoFds() throws Exception {
        long before = openFds();
        List<Captured> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(Captured.run(loop, Captured.sh("echo " + i)));
        }
        for (int i = 0; i < all.size(); i++) {
            all.get(i).await();
            assertEquals(i + "\n", all.get(i).out());
        }
        Poll.until(WAIT, "open fds to be back to " + before, SpawnerTest::openFds, n -> n <= before);
        assertFalse(openFds() > before);
    }

    private static long openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
