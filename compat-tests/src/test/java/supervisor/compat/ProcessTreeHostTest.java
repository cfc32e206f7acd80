package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;

/**
 * The opt-in keys {@code kill_tree} and {@code [supervisord] subreaper} (beyond.md) with real
 * processes, our daemon started as users start it (and as PID 1 of a PID namespace, as in a
 * container); the same file under the real supervisord 4.2.5 leaves the tree behind. Runs as
 * root on a machine with a writable cgroup v2, as CI does: where there is none, the cgroup test
 * fails rather than skips.
 */
class ProcessTreeHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern EXITSTATUS = Pattern.compile("<name>exitstatus</name>\\s*<value>\\s*<int>(-?\\d+)</int>");

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /**
     * {@code tree}: the program starts a child that calls setsid() (a session and process group
     * of its own) and whose own child ignores SIGTERM; each writes its pid to a file.
     */
    private static SupervisorConf treeConf(String... options) throws IOException {
        SupervisorConf conf = SupervisorConf.in(base());
        Path script = conf.dir().resolve("tree.sh");
        Files.writeString(script, """
                cd "$(dirname "$0")"
                setsid sh -c 'echo $$ > child.tmp; mv child.tmp child.pid; sh -c "trap \\"\\" TERM; echo \\$\\$ > grand.tmp; mv grand.tmp grand.pid; exec sleep 1000" & wait' &
                wait
                """);
        List<String> all = new ArrayList<>(List.of("stopwaitsecs=2"));
        all.addAll(List.of(options));
        return conf.program("tree", "/bin/sh " + script, all.toArray(String[]::new));
    }

    private record Tree(long main, long child, long grand) {
    }

    private static Tree awaitTree(Supervisord d) throws IOException {
        d.awaitState("tree", "RUNNING", DEADLINE);
        Path dir = d.conf().dir();
        Poll.until(DEADLINE, "the child and the grandchild to write their pids",
                () -> Files.exists(dir.resolve("child.pid")) && Files.exists(dir.resolve("grand.pid")));
        Tree t = new Tree(d.probe().pid("tree"), Long.parseLong(Files.readString(dir.resolve("child.pid")).strip()),
                Long.parseLong(Files.readString(dir.resolve("grand.pid")).strip()));
        assertTrue(alive(t.child()) && alive(t.grand()), t.toString());
        assertNotEquals(stat(t.main()).get(3), stat(t.child()).get(3), "the child has a session of its own");
        assertEquals(stat(t.child()).get(3), stat(t.grand()).get(3), "the grandchild is in the child's session");
        return t;
    }

    private static String stop(SupervisorConf conf, String name) {
        ExecResult r = HostRunner.INSTANCE.run(DEADLINE, List.of(HostRunner.INSTANCE.supervisorctl(), "-c",
                conf.file().toString(), "stop", name));
        assertEquals(name + ": stopped\n", r.stdout(), r.toString());
        return r.stdout();
    }

    /** The fields of /proc/PID/stat after the name (state first); empty when the process is gone. */
    private static List<String> stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return List.of(text.substring(text.lastIndexOf(')') + 2).strip().split(" "));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Alive: it exists and is not a zombie. */
    private static boolean alive(long pid) {
        List<String> s = stat(pid);
        return !s.isEmpty() && !s.getFirst().equals("Z");
    }

    private static String activityLog(SupervisorConf conf) throws IOException {
        return Files.readString(conf.dir().resolve("supervisord.log"));
    }

    private static void killQuietly(long... pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** cgroup v2 (writable here, under /sys/fs/cgroup/unified): every member ends with the stop. */
    @Test
    void killTreeStopsTheWholeTreeThroughACgroup() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = treeConf("kill_tree=true");
        Tree t = null;
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            t = awaitTree(d);
            String cgroup = Files.readString(Path.of("/proc/" + t.grand() + "/cgroup"));
            assertTrue(cgroup.contains("0::/") && cgroup.contains("/supervisord-" + d.pid() + "/program-tree\n"),
                    "the grandchild is in the program's cgroup: " + cgroup);
            stop(conf, "tree");
            assertFalse(alive(t.child()), "the child (own session) got the stop signal");
            assertFalse(alive(t.grand()), "the grandchild (ignores SIGTERM) got SIGKILL after stopwaitsecs");
            assertEquals("STOPPED", d.probe().statename("tree"));
            String log = activityLog(conf);
            assertTrue(log.contains("kill_tree: each program's processes are kept in a cgroup"), log);
            assertTrue(log.contains("WARN killing 'tree' (" + t.main() + ") with SIGKILL"), log);
        } finally {
            if (t != null) {
                killQuietly(t.child(), t.grand());
            }
        }
    }

    /** Descendant tracking (forced): the same stop, the tree found through /proc and the subreaper. */
    @Test
    void killTreeStopsTheWholeTreeByTracking() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = treeConf("kill_tree=true");
        Tree t = null;
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf,
                Map.of("SUPERVISORD_JAVA_OPTS", "-Dsupervisor.killTree=tracking"))) {
            t = awaitTree(d);
            assertFalse(Files.readString(Path.of("/proc/" + t.grand() + "/cgroup")).contains("/supervisord-"),
                    "no cgroup of ours");
            stop(conf, "tree");
            assertFalse(alive(t.child()), "the child (own session) got the stop signal");
            assertFalse(alive(t.grand()), "the grandchild (ignores SIGTERM) got SIGKILL after stopwaitsecs");
            String log = activityLog(conf);
            assertTrue(log.contains("kill_tree: no cgroup v2 this daemon may write to: descendants are tracked"), log);
            assertTrue(log.contains("WARN killing 'tree' (" + t.main() + ") with SIGKILL"), log);
        } finally {
            if (t != null) {
                killQuietly(t.child(), t.grand());
            }
        }
    }

    /** Without kill_tree, as supervisord 4.2.5: the stop reaches the program alone; the rest survives. */
    @Test
    void withoutKillTreeTheRestOfTheTreeSurvivesAsUnderSupervisord() throws IOException {
        Implementation.OURS.assumeAvailable();
        assertSurvivors(Implementation.OURS, treeConf());
    }

    /** The real supervisord 4.2.5 ignores kill_tree=true (and subreaper=true): the same survivors. */
    @Test
    void theRealSupervisordIgnoresTheKeys() throws IOException {
        Implementation.REAL.assumeAvailable();
        assertSurvivors(Implementation.REAL, treeConf("kill_tree=true").supervisord("subreaper=true"));
    }

    private static void assertSurvivors(Implementation impl, SupervisorConf conf) throws IOException {
        Tree t = null;
        try (Supervisord d = Supervisord.start(impl, conf)) {
            t = awaitTree(d);
            stop(conf, "tree");
            assertFalse(alive(t.main()));
            assertTrue(alive(t.child()), impl + ": the child in its own session did not get the stop signal");
            assertTrue(alive(t.grand()), impl + ": nor did the grandchild");
        } finally {
            if (t != null) {
                killQuietly(t.child(), t.grand());
            }
        }
    }

    /**
     * {@code forker}: double-forks two orphans; one exits soon, the other together with the program
     * once the file {@code go} exists; the program then exits 7.
     */
    private static SupervisorConf forkerConf() throws IOException {
        SupervisorConf conf = SupervisorConf.in(base());
        Path script = conf.dir().resolve("forker.sh");
        Files.writeString(script, """
                cd "$(dirname "$0")"
                ( sh -c 'echo $$ > early.tmp; mv early.tmp early.pid; while [ ! -e soon ]; do sleep 0.1; done; exit 0' & )
                ( sh -c 'while [ ! -e go ]; do sleep 0.05; done; exit 0' & )
                while [ ! -e go ]; do sleep 0.05; done
                exit 7
                """);
        return conf.program("forker", "/bin/sh " + script);
    }

    /** The zombie children of {@code parent}. */
    private static List<Long> zombiesOf(long parent) throws IOException {
        List<Long> found = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                List<String> s = stat(Long.parseLong(dir.getFileName().toString()));
                if (s.size() > 1 && s.get(0).equals("Z") && Long.parseLong(s.get(1)) == parent) {
                    found.add(Long.parseLong(dir.getFileName().toString()));
                }
            }
        }
        return found;
    }

    /** Polls until {@code daemon} has no zombie child; returns how long that took. */
    private static Duration awaitNoZombies(long daemon) throws IOException {
        long start = System.nanoTime();
        Poll.until(DEADLINE, "no zombie child of " + daemon + " (the orphans reaped)",
                () -> zombiesOf(daemon).isEmpty());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("orphans of " + daemon + " reaped within " + took.toMillis() + " ms");
        return took;
    }

    private static int exitstatus(Probe probe, String name) throws IOException {
        Matcher m = EXITSTATUS.matcher(probe.call("supervisor.getProcessInfo", name).body());
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    /** subreaper=true: the orphans become the daemon's, are reaped, and the program's status is its own. */
    @Test
    void subreaperAdoptsAndReapsOrphansWithoutTakingTheProgramsStatus() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = forkerConf().supervisord("subreaper=true");
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            d.awaitState("forker", "RUNNING", DEADLINE);
            Path dir = conf.dir();
            Poll.until(DEADLINE, "the orphan to write its pid", () -> Files.exists(dir.resolve("early.pid")));
            long early = Long.parseLong(Files.readString(dir.resolve("early.pid")).strip());
            Poll.until(DEADLINE, "the orphan to be adopted by the daemon",
                    () -> stat(early).size() > 1 && Long.parseLong(stat(early).get(1)) == d.pid());
            Files.createFile(dir.resolve("soon"));
            Poll.until(DEADLINE, "the orphan to be reaped", () -> stat(early).isEmpty());
            Files.createFile(dir.resolve("go"));
            d.awaitState("forker", "EXITED", DEADLINE);
            awaitNoZombies(d.pid());
            assertEquals(7, exitstatus(d.probe(), "forker"));
            ExecResult status = HostRunner.INSTANCE.run(DEADLINE, List.of(HostRunner.INSTANCE.supervisorctl(), "-c",
                    conf.file().toString(), "status", "forker"));
            assertTrue(status.stdout().startsWith("forker") && status.stdout().contains("EXITED"), status.toString());
            String log = activityLog(conf);
            assertTrue(log.contains("INFO reaped unknown pid " + early + " (exit status 0)"), log);
            assertTrue(log.contains("WARN exited: forker (exit status 7; not expected)"), log);
        }
    }

    /** As PID 1 of a PID namespace (a container's init) the daemon reaps orphans without being told. */
    @Test
    void asPidOneOrphansAreReapedByDefault() throws Exception {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = forkerConf();
        Path file = conf.write();
        Path out = conf.dir().resolve("daemon.out");
        Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc",
                Implementation.OURS.executable().toString(), "-n", "-c", file.toString())
                .directory(conf.dir().toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Probe probe = new Probe(conf);
            Poll.until(Supervisord.START_DEADLINE, "the daemon to answer", () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("unshare ended:\n" + Files.readString(out));
                }
                return probe.answers();
            });
            long daemon = p.toHandle().children().findFirst().orElseThrow().pid();
            Poll.until(DEADLINE, "forker to be RUNNING", () -> probe.statename("forker"), "RUNNING"::equals);
            Files.createFile(conf.dir().resolve("soon"));
            Files.createFile(conf.dir().resolve("go"));
            Poll.until(DEADLINE, "forker to be EXITED", () -> probe.statename("forker"), "EXITED"::equals);
            assertEquals(7, exitstatus(probe, "forker"));
            Poll.until(DEADLINE, "two orphans reaped", () -> activityLog(conf).split("reaped unknown pid", -1).length - 1,
                    n -> n >= 2);
            awaitNoZombies(daemon);
            HostRunner.INSTANCE.run(DEADLINE, List.of(HostRunner.INSTANCE.supervisorctl(), "-c", file.toString(),
                    "shutdown"));
            assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), Files.readString(out));
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
