package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import supervisor.testing.Command;
import supervisor.testing.Poll;
import supervisor.testing.ReferencePython;

/**
 * {@code pidproxy} (the distribution's bin/pidproxy) and 4.2.5's, side by side: the same
 * command line, the same signals passed to the pid in the pidfile (read again each time), the
 * same words when the pidfile cannot be read, the same exits.
 */
class PidProxyHostTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    enum Proxy {
        REFERENCE, OURS;

        String path() {
            return this == OURS ? Implementation.repoRoot().resolve("dist/src/bin/pidproxy").toString() : "/usr/bin/pidproxy";
        }

        void assumeAvailable() {
            if (this == REFERENCE) {
                ReferencePython.assumeAvailable();
            }
        }
    }

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    /** The pidfile and the notes of the one worker most cases run under the proxy. */
    private Path pidfile;
    private Path notes;

    @BeforeEach
    void workerFiles() {
        pidfile = dir.resolve("w.pid");
        notes = dir.resolve("w.notes");
    }

    /**
     * The proxies, their children, and every worker: a worker the proxy left behind when it exited
     * (after passing on an INT, which the worker only notes) is no descendant of anything here.
     */
    @AfterEach
    void killWhatIsLeft() throws IOException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        Path workers = dir.resolve("workers.pids");
        if (Files.exists(workers)) {
            for (String pid : Files.readAllLines(workers)) {
                ProcessHandle.of(Long.parseLong(pid.strip()))
                        .filter(h -> h.info().commandLine().orElse("").contains(dir.toString()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * A program that writes its own pid into the pidfile and notes every signal it gets, the
     * way a daemon under pidproxy keeps its pidfile; TERM ends it, EXIT=N makes it exit N. Its
     * pid also goes to workers.pids, for the clean-up.
     */
    private Path worker(String name) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, """
                #!/bin/sh
                echo $$ >> "$(dirname "$0")/workers.pids"
                echo $$ > "$1"
                for s in HUP USR1 USR2 INT QUIT; do trap "echo $s >> '$2'" $s; done
                trap "echo TERM >> '$2'; exit 0" TERM
                echo ready >> "$2"
                [ -n "${EXIT:-}" ] && exit "$EXIT"
                while :; do sleep 0.1; done
                """);
        script.toFile().setExecutable(true);
        return script;
    }

    private Process proxy(Proxy proxy, String... args) throws IOException {
        return proxy(List.of(), proxy, args);
    }

    private Process proxy(List<String> prefix, Proxy proxy, String... args) throws IOException {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(proxy.path());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectOutput(dir.resolve("proxy.out").toFile()).redirectErrorStream(true);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The proxy (started by {@code prefix}) running the worker on pidfile and notes, once the worker is ready. */
    private Process proxiedWorker(List<String> prefix, Proxy proxy) throws IOException {
        Process p = proxy(prefix, proxy, pidfile.toString(), worker("worker").toString(), pidfile.toString(), notes.toString());
        awaitNotes(notes, "ready\n");
        return p;
    }

    private String notes(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private void awaitNotes(Path file, String expected) throws IOException {
        Poll.until(DEADLINE, "notes " + expected.replace("\n", " "), () -> notes(file), expected::equals);
    }

    private static void signal(Process p, String name) {
        assertEquals(0, Command.of("kill", "-" + name, Long.toString(p.pid())).run().exitCode());
    }

    @ParameterizedTest
    @EnumSource(Proxy.class)
    void withoutACommandItPrintsItsUsageAndExits1(Proxy proxy) throws Exception {
        proxy.assumeAvailable();
        Process p = proxy(proxy, "only-a-pidfile");
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        String usage = Files.readString(dir.resolve("proxy.out")).replace(proxy.path(), "PIDPROXY");
        assertEquals("""
                pidproxy -- run command and proxy signals to it via its pidfile.

                This executable runs a command and then monitors a pidfile.  When this
                executable receives a signal, it sends the same signal to the pid
                in the pidfile.

                Usage: PIDPROXY <pidfile name> <command> [<cmdarg1> ...]

                """, usage);
    }

    @ParameterizedTest
    @EnumSource(Proxy.class)
    void signalsGoToThePidInThePidfileReadAgainEachTime(Proxy proxy) throws Exception {
        proxy.assumeAvailable();
        Path pidfile = dir.resolve("w.pid");
        Path first = dir.resolve("first.notes");
        Path second = dir.resolve("second.notes");
        // relative, as 4.2.5 takes it: from the working directory, not PATH
        worker("worker");
        Process p = proxy(proxy, pidfile.toString(), "./worker", pidfile.toString(), first.toString());
        awaitNotes(first, "ready\n");
        for (String s : List.of("HUP", "USR1", "USR2")) {
            signal(p, s);
        }
        awaitNotes(first, "ready\nHUP\nUSR1\nUSR2\n");

        // the pidfile now names another process: the next signal goes there
        Process other = new ProcessBuilder(worker("other").toString(), pidfile.toString(), second.toString()).start();
        started.add(other);
        awaitNotes(second, "ready\n");
        signal(p, "HUP");
        awaitNotes(second, "ready\nHUP\n");
        assertTrue(p.isAlive(), "HUP leaves the proxy running");

        // INT and QUIT reach the program (not ignored, as a shell's background job has them), and the proxy leaves at once
        signal(p, "QUIT");
        awaitNotes(second, "ready\nHUP\nQUIT\n");
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals("ready\nHUP\nUSR1\nUSR2\n", notes(first));
        assertEquals("", Files.readString(dir.resolve("proxy.out")));
    }

    @ParameterizedTest
    @EnumSource(Proxy.class)
    void signalsItWasStartedWithIgnoredArePassedOnToo(Proxy proxy) throws Exception {
        proxy.assumeAvailable();
        // as nohup and a shell's background job start it
        List<String> ignoring = List.of("/bin/sh", "-c", "trap '' HUP INT QUIT; exec \"$@\"", "sh");
        Process p = proxiedWorker(ignoring, proxy);
        signal(p, "HUP");
        awaitNotes(notes, "ready\nHUP\n");
        signal(p, "INT");
        awaitNotes(notes, "ready\nHUP\nINT\n");
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    /** Both proxies pass TERM and INT (QUIT too, above) on and exit 0 at once. */
    @ParameterizedTest
    @CsvSource({"REFERENCE, TERM", "OURS, TERM", "REFERENCE, INT", "OURS, INT"})
    void termAndIntArePassedOnAndTheProxyExits0(Proxy proxy, String signal) throws Exception {
        proxy.assumeAvailable();
        Process p = proxiedWorker(List.of(), proxy);
        signal(p, signal);
        awaitNotes(notes, "ready\n" + signal + "\n");
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @ParameterizedTest
    @EnumSource(Proxy.class)
    void anUnreadablePidfileIsSaidAndTheProxyKeepsRunning(Proxy proxy) throws Exception {
        proxy.assumeAvailable();
        Process p = proxiedWorker(List.of(), proxy);
        Files.delete(pidfile);
        signal(p, "TERM");
        String said = "Can't read child pidfile " + pidfile + "!\n";
        Poll.until(DEADLINE, "the proxy says it cannot read the pidfile",
                () -> Files.readString(dir.resolve("proxy.out")), said::equals);
        assertTrue(p.isAlive(), "a TERM it could not pass on leaves the proxy running");
        Files.writeString(pidfile, "not a pid\n");
        signal(p, "HUP");
        Poll.until(DEADLINE, "the proxy says it again", () -> Files.readString(dir.resolve("proxy.out")), (said + said)::equals);
        assertEquals("ready\n", notes(notes));
    }

    @ParameterizedTest
    @EnumSource(Proxy.class)
    void theProxyExits0WhenItsCommandEnds(Proxy proxy) throws Exception {
        proxy.assumeAvailable();
        ProcessBuilder pb = new ProcessBuilder(proxy.path(), pidfile.toString(), worker("worker").toString(),
                pidfile.toString(), notes.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("proxy.out").toFile());
        pb.environment().put("EXIT", "3");
        Process p = pb.start();
        started.add(p);
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "4.2.5's pidproxy exits 0 whatever its command's status");
        assertEquals("ready\n", notes(notes));
    }
}
