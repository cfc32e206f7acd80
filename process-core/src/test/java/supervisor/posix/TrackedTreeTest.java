package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill_tree's descendant walk over a /proc snapshot made by hand: which processes are a
 * program's, whatever their process group, session or parent now.
 */
class TrackedTreeTest {
    private static final long DAEMON = 10;
    private static final Map<String, String> WEB = Map.of("SUPERVISOR_PROCESS_NAME", "web",
            "SUPERVISOR_GROUP_NAME", "web", "SUPERVISOR_SERVER_URL", "unix:///run/s.sock", "PATH", "/bin");
    private static final Map<String, String> DB = Map.of("SUPERVISOR_PROCESS_NAME", "db",
            "SUPERVISOR_GROUP_NAME", "db", "SUPERVISOR_SERVER_URL", "unix:///run/s.sock");
    private static final Map<String, String> OTHER_DAEMON = Map.of("SUPERVISOR_PROCESS_NAME", "web",
            "SUPERVISOR_GROUP_NAME", "web", "SUPERVISOR_SERVER_URL", "unix:///other/s.sock");

    @TempDir
    Path proc;

    /** A process as /proc shows it: stat (with a name that holds blanks and parentheses) and environ. */
    private void process(long pid, long ppid, long pgid, char state, long start, Map<String, String> env)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (a (b) c) " + state + " " + ppid + " " + pgid + " " + pgid
                + " 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 " + start + " 0 0 18446744073709551615\n");
        StringBuilder environ = new StringBuilder();
        env.forEach((k, v) -> environ.append(k).append('=').append(v).append('\0'));
        Files.write(dir.resolve("environ"), environ.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static TreeSet<Long> pids(List<ProcessTable.Stat> members) {
        TreeSet<Long> pids = new TreeSet<>();
        members.forEach(s -> pids.add(s.pid()));
        return pids;
    }

    @Test
    void findsDescendantsThatLeftTheGroupOrTheSessionOrTheirParent() throws IOException {
        process(DAEMON, 1, DAEMON, 'S', 5, Map.of());
        process(100, DAEMON, 100, 'S', 50, WEB);          // the program
        process(101, 100, 100, 'S', 51, WEB);             // its child
        process(102, 101, 102, 'S', 52, WEB);             // a grandchild that called setsid()
        process(103, DAEMON, 103, 'S', 53, WEB);          // double-forked: adopted by the daemon as subreaper
        process(104, 103, 104, 'S', 54, Map.of());        // the orphan's child, with an empty environment
        process(105, 1, 105, 'S', 55, WEB);               // an orphan that went to init
        process(106, 100, 100, 'Z', 56, Map.of());        // a zombie: not alive, not signalled
        process(200, DAEMON, 200, 'S', 60, DB);           // another program
        process(201, 200, 200, 'S', 61, DB);
        process(300, 1, 300, 'S', 70, OTHER_DAEMON);      // the same name under another supervisord
        process(301, 1, 301, 'S', 71, Map.of());          // unrelated
        TrackedTree tree = new TrackedTree(proc, DAEMON);
        tree.spawned(100, WEB);
        assertEquals(new TreeSet<>(List.of(101L, 102L, 103L, 104L, 105L)), pids(tree.members()));
        assertFalse(tree.isEmpty());
    }

    @Test
    void remembersMembersWhoseParentDiedAndForgetsAReusedPid() throws IOException {
        process(DAEMON, 1, DAEMON, 'S', 5, Map.of());
        process(100, DAEMON, 100, 'S', 50, WEB);
        process(101, 100, 100, 'S', 51, Map.of());        // cleared its environment
        TrackedTree tree = new TrackedTree(proc, DAEMON);
        tree.spawned(100, WEB);
        assertEquals(new TreeSet<>(List.of(101L)), pids(tree.members()));

        // the program ended and its child went to init: only the earlier walk knows it
        Files.delete(proc.resolve("100/stat"));
        Files.delete(proc.resolve("100/environ"));
        Files.delete(proc.resolve("100"));
        process(101, 1, 100, 'S', 51, Map.of());
        assertEquals(new TreeSet<>(List.of(101L)), pids(tree.members()));

        // it ended too and its pid now names another process (a later start time): not a member
        process(101, 1, 101, 'S', 90, Map.of());
        assertEquals(new TreeSet<Long>(), pids(tree.members()));
        assertTrue(tree.isEmpty());
    }

    @Test
    void aRootThatIsAnotherProcessNowLeadsNowhere() throws IOException {
        process(DAEMON, 1, DAEMON, 'S', 5, Map.of());
        process(100, DAEMON, 100, 'S', 50, WEB);
        TrackedTree tree = new TrackedTree(proc, DAEMON);
        tree.spawned(100, WEB);
        process(100, 1, 100, 'S', 80, Map.of());          // pid 100 reused
        process(101, 100, 100, 'S', 81, Map.of());        // by a process whose child is not ours
        assertTrue(tree.isEmpty());
    }
}
