package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import supervisor.testing.Poll;

/**
 * The unmodified Python supervisorctl against each implementation: output lines and LSB exit
 * codes as supervisorctl 4.2.5 prints them (see spec/supervisorctl.md). Subclasses decide where
 * the client runs.
 */
public abstract class SupervisorctlSuite extends CompatSuite {

    private static final Pattern RUNNING_LINE = Pattern.compile("^(\\S+)\\s+RUNNING\\s+pid (\\d+), uptime \\d+:\\d\\d:\\d\\d$");

    static void expect(ExecResult r, int exit, String... lines) {
        assertEquals(List.of(lines), r.lines(), () -> "output of " + r);
        assertEquals(exit, r.exitCode(), () -> "exit status of " + r);
    }

    /** For group and `all` operations, whose lines come in completion order. */
    static void expectUnordered(ExecResult r, int exit, String... lines) {
        assertEquals(List.of(lines).stream().sorted().toList(), r.lines().stream().sorted().toList(), () -> "output of " + r);
        assertEquals(exit, r.exitCode(), () -> "exit status of " + r);
    }

    static String statusLine(String namespec, String state, String description) {
        return String.format("%-33s%-10s%s", namespec, state, description);
    }

    static void expectRunning(ExecResult r, String... namespecs) {
        List<String> lines = r.lines();
        assertEquals(namespecs.length, lines.size(), () -> "lines of " + r);
        for (int k = 0; k < namespecs.length; k++) {
            var m = RUNNING_LINE.matcher(lines.get(k));
            assertTrue(m.matches() && m.group(1).equals(namespecs[k]), "expected " + namespecs[k] + " RUNNING in " + r);
        }
    }

    @AgainstBoth
    void statusExitCodes(Implementation impl) {
        scenario(impl, conf -> conf
                .program("a", "sleep 1000")
                .program("b", "sleep 1000", "autostart=false"), s -> {
            s.awaitState("a", "RUNNING");
            ExecResult all = s.ctl("status");
            assertEquals(3, all.exitCode(), () -> "a stopped process makes status exit 3: " + all);
            assertTrue(RUNNING_LINE.matcher(all.lines().get(0)).matches(), all::toString);
            assertEquals(statusLine("b", "STOPPED", "Not started"), all.lines().get(1));
            expectRunning(s.ctl("status", "a"), "a");
            assertEquals(0, s.ctl("status", "a").exitCode());
            expect(s.ctl("status", "nope"), 4, "nope: ERROR (no such process)");
            expect(s.ctl("status", "nope:*"), 4, "nope: ERROR (no such group)");
            ExecResult mixed = s.ctl("status", "a", "nope");
            assertEquals(4, mixed.exitCode(), mixed::toString);
            assertEquals("nope: ERROR (no such process)", mixed.lines().getFirst());
            expect(s.ctl("status", "b", "nope"), 3, "nope: ERROR (no such process)", statusLine("b", "STOPPED", "Not started"));
            expect(s.ctl("start", "b"), 0, "b: started");
            expectRunning(s.ctl("status"), "a", "b");
            assertEquals(0, s.ctl("status").exitCode());
        });
    }

    @AgainstBoth
    void singleProcessLifecycle(Implementation impl) {
        scenario(impl, conf -> conf.program("a", "sleep 1000"), s -> {
            s.awaitState("a", "RUNNING");
            expect(s.ctl("start", "a"), 0, "a: ERROR (already started)");
            ExecResult pid = s.ctl("pid", "a");
            assertEquals(0, pid.exitCode(), pid::toString);
            assertTrue(ProcessHandle.of(Long.parseLong(pid.stdout().strip())).isPresent(), "pid a names a live process: " + pid);
            expect(s.ctl("signal", "CONT", "a"), 0, "a: signalled");
            expect(s.ctl("signal", "BOGUS", "a"), 1, "a: ERROR (bad signal name)");
            expect(s.ctl("stop", "a"), 0, "a: stopped");
            expect(s.ctl("stop", "a"), 0, "a: ERROR (not running)");
            expect(s.ctl("signal", "HUP", "a"), 7, "a: ERROR (not running)");
            expect(s.ctl("pid", "a"), 7, "0");
            expect(s.ctl("start", "a"), 0, "a: started");
            expect(s.ctl("restart", "a"), 0, "a: stopped", "a: started");
            expect(s.ctl("version"), 0, "4.2.5");
            ExecResult daemonPid = s.ctl("pid");
            assertEquals(0, daemonPid.exitCode());
            assertEquals(read(s.conf().pidfile()), daemonPid.stdout().strip(), "pid is the pid in the pid file");
        });
    }

    @AgainstBoth
    void groupsAndAll(Implementation impl) {
        scenario(impl, conf -> conf
                .program("ga", "sleep 1000")
                .program("gb", "sleep 1000")
                .program("solo", "sleep 1000")
                .section("group:grp", "programs=ga,gb"), s -> {
            s.awaitState("grp:ga", "RUNNING");
            s.awaitState("grp:gb", "RUNNING");
            s.awaitState("solo", "RUNNING");
            expectRunning(s.ctl("status"), "grp:ga", "grp:gb", "solo");
            expect(s.ctl("status", "ga"), 4, "ga: ERROR (no such process)");
            expectRunning(s.ctl("status", "grp:*"), "grp:ga", "grp:gb");
            expectUnordered(s.ctlUnordered("stop", "grp:*"), 0, "grp:ga: stopped", "grp:gb: stopped");
            ExecResult stopped = s.ctl("status", "grp:ga");
            assertEquals(3, stopped.exitCode(), stopped::toString);
            assertTrue(stopped.stdout().matches("grp:ga {27}STOPPED {3}[A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2} [AP]M\n"),
                    "a stopped process shows when it stopped: " + stopped);
            expectUnordered(s.ctlUnordered("start", "grp:*"), 0, "grp:ga: started", "grp:gb: started");
            expectUnordered(s.ctlUnordered("signal", "CONT", "grp:*"), 0, "grp:ga: signalled", "grp:gb: signalled");
            expect(s.ctl("start", "nope:*"), 2, "nope: ERROR (no such group)");
            expect(s.ctl("stop", "nope:*"), 1, "nope: ERROR (no such group)");
            expect(s.ctl("signal", "HUP", "nope:*"), 1, "nope: ERROR (no such group)");
            expectUnordered(s.ctlUnordered("restart", "grp:*"), 0, "grp:ga: stopped", "grp:gb: stopped", "grp:ga: started", "grp:gb: started");
            expectUnordered(s.ctlUnordered("stop", "all"), 0, "grp:ga: stopped", "grp:gb: stopped", "solo: stopped");
            assertEquals(3, s.ctl("status").exitCode());
            expect(s.ctl("pid", "all"), 0, "0", "0", "0");
            expectUnordered(s.ctlUnordered("start", "all"), 0, "grp:ga: started", "grp:gb: started", "solo: started");
            expectUnordered(s.ctlUnordered("signal", "CONT", "all"), 0, "grp:ga: signalled", "grp:gb: signalled", "solo: signalled");
            expectUnordered(s.ctlUnordered("restart", "all"), 0, "grp:ga: stopped", "grp:gb: stopped", "solo: stopped",
                    "grp:ga: started", "grp:gb: started", "solo: started");
            expectRunning(s.ctl("status"), "grp:ga", "grp:gb", "solo");
        });
    }

    @AgainstBoth
    void numprocsNames(Implementation impl) {
        scenario(impl, conf -> conf.program("multi", "sleep 1000", "numprocs=2",
                "process_name=%(program_name)s_%(process_num)02d"), s -> {
            s.awaitState("multi:multi_00", "RUNNING");
            s.awaitState("multi:multi_01", "RUNNING");
            expectRunning(s.ctl("status"), "multi:multi_00", "multi:multi_01");
            expect(s.ctl("stop", "multi"), 1, "multi: ERROR (no such process)");
            expect(s.ctl("stop", "multi:multi_00"), 0, "multi:multi_00: stopped");
            assertEquals(3, s.ctl("status").exitCode());
            expect(s.ctl("start", "multi:*"), 0, "multi:multi_00: started");
            expect(s.ctl("restart", "multi:multi_01"), 0, "multi:multi_01: stopped", "multi:multi_01: started");
            expectRunning(s.ctl("status", "multi:"), "multi:multi_00", "multi:multi_01");
        });
    }

    @AgainstBoth
    void missingCommand(Implementation impl) {
        scenario(impl, conf -> conf
                .program("ghost", "/nonexistent/ghost", "autostart=false")
                .program("phantom", "/nonexistent/phantom", "startretries=0"), s -> {
            expect(s.ctl("start", "ghost"), 1, "ghost: ERROR (no such file)");
            expect(s.ctl("status", "ghost"), 3, statusLine("ghost", "STOPPED", "Not started"));
            // Autostarted, the same missing command is a spawn error that ends in FATAL.
            s.awaitState("phantom", "FATAL");
            expect(s.ctl("status", "phantom"), 3, statusLine("phantom", "FATAL", "can't find command '/nonexistent/phantom'"));
            expect(s.ctl("start", "phantom"), 1, "phantom: ERROR (no such file)");
        });
    }

    /** startsecs is well above supervisord's one-second loop, so an exit is never mistaken for a start. */
    @AgainstBoth
    void crashLoopEndsFatal(Implementation impl) {
        scenario(impl, conf -> conf.program("crash", "/bin/false", "autostart=false", "startsecs=5", "startretries=1"), s -> {
            expect(s.ctl("start", "crash"), 7, "crash: ERROR (spawn error)");
            s.awaitState("crash", "FATAL");
            expect(s.ctl("status", "crash"), 3, statusLine("crash", "FATAL", "Exited too quickly (process log may have details)"));
            expect(s.ctl("stop", "crash"), 0, "crash: ERROR (not running)");
        });
    }

    @AgainstBoth
    void unknownNames(Implementation impl) {
        scenario(impl, conf -> conf.program("a", "sleep 1000"), s -> {
            expect(s.ctl("start", "nope"), 1, "nope: ERROR (no such process)");
            expect(s.ctl("stop", "nope"), 1, "nope: ERROR (no such process)");
            expect(s.ctl("signal", "HUP", "nope"), 1, "nope: ERROR (no such process)");
            expect(s.ctl("pid", "nope"), 1, "No such process nope");
            expect(s.ctl("restart", "nope"), 1, "nope: ERROR (no such process)", "nope: ERROR (no such process)");
            expect(s.ctl("start", "a:nope"), 1, "a:nope: ERROR (no such process)");
        });
    }

    @AgainstBoth
    void authentication(Implementation impl) {
        String denied = "Server requires authentication";
        scenario(impl, conf -> conf.auth("user", "s3cret").program("a", "sleep 1000"), s -> {
            s.awaitState("a", "RUNNING");
            expectRunning(s.ctl("status"), "a");
            expectRunning(s.ctlWith(s.inet("user", "s3cret"), "status"), "a");
            for (List<String> options : List.of(List.<String>of(), List.of("-u", "user", "-p", "wrong"), List.of("-u", "user"),
                    s.inet(null, null), s.inet("user", "wrong"), s.inet("other", "s3cret"))) {
                ExecResult r = s.ctlWith(options, "status");
                assertEquals(1, r.exitCode(), r::toString);
                assertEquals(denied, r.lines().getFirst(), r::toString);
                assertTrue(r.lines().getLast().contains("401 Unauthorized"), r::toString);
            }
            ExecResult stop = s.ctlWith(s.inet("user", "wrong"), "stop", "a");
            assertEquals(1, stop.exitCode(), stop::toString);
            s.awaitState("a", "RUNNING");
        });
    }

    @AgainstBoth
    void shutdown(Implementation impl) {
        scenario(impl, conf -> conf.program("a", "sleep 1000").program("b", "sleep 1000"), s -> {
            s.awaitState("a", "RUNNING");
            s.awaitState("b", "RUNNING");
            List<ProcessHandle> children = s.daemon().isAlive() ? ProcessHandle.of(s.daemon().pid()).orElseThrow()
                    .descendants().toList() : List.of();
            expect(s.ctl("shutdown"), 0, "Shut down");
            assertEquals(0, s.daemon().awaitExit(Supervisord.STOP_DEADLINE), "supervisord's exit status after shutdown");
            assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "children stopped before supervisord exited");
            expect(s.ctl("status"), 4, s.conf().unixUrl() + " no such file");
            expect(s.ctl("shutdown"), 1, "ERROR: " + s.conf().unixUrl() + " no such file (already shut down?)");
            expect(s.ctlWith(s.inet(null, null), "shutdown"), 1, "ERROR: " + s.conf().inetUrl()
                    + " refused connection (already shut down?)");
        });
    }

    static String read(java.nio.file.Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /**
     * A child writing 40 MB as fast as it can: every byte reaches its log file, in order, with
     * rotation on (the log is read back from the rotated files too). supervisorctl tail shows the end.
     */
    @AgainstBoth
    void floodIsLoggedByteForByte(Implementation impl) {
        long total = 40_000_000L;
        scenario(impl, conf -> conf.program("flood",
                "/bin/sh -c 'yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c " + total + "; echo; echo done'",
                "stdout_logfile=" + conf.dir().resolve("flood.log"), "stdout_logfile_maxbytes=16MB",
                "stdout_logfile_backups=5", "autostart=true", "exitcodes=0"), s -> {
            s.awaitState("flood", "EXITED");
            try {
                java.nio.file.Path dir = s.conf().dir();
                long size = 0;
                byte[] expected = "0123456789abcdefghijklmnopqrstuvwxyz\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                long offset = 0;
                for (String name : List.of("flood.log.2", "flood.log.1", "flood.log")) {
                    java.nio.file.Path f = dir.resolve(name);
                    if (!Files.exists(f)) {
                        continue;
                    }
                    byte[] data = Files.readAllBytes(f);
                    for (int k = 0; k < data.length && offset + k < total; k++) {
                        if (data[k] != expected[(int) ((offset + k) % expected.length)]) {
                            throw new AssertionError(name + ": wrong byte at offset " + (offset + k));
                        }
                    }
                    offset += data.length;
                    size += data.length;
                }
                assertEquals(total + "\ndone\n".length(), size, "bytes logged across flood.log and its backups");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ExecResult tail = s.ctl("tail", "-5", "flood");
            assertEquals("done", tail.stdout().strip());
        });
    }

    /** reread / update / add / remove / avail after the file changed under the running daemon. */
    @AgainstBoth
    void rereadAndUpdateFollowTheChangedFile(Implementation impl) {
        scenario(impl, conf -> conf
                .program("keep", "sleep 1000")
                .program("change", "sleep 1000")
                .program("gone", "sleep 1000"), s -> {
            s.awaitState("keep", "RUNNING");
            s.awaitState("change", "RUNNING");
            s.awaitState("gone", "RUNNING");
            expect(s.ctl("reread"), 0, "No config updates to processes");
            s.conf().remove("program:gone").program("change", "sleep 2000").program("fresh", "sleep 1000",
                    "autostart=false");
            s.conf().write();
            expect(s.ctl("reread"), 0, "change: changed", "fresh: available", "gone: disappeared");
            expect(s.ctl("avail"), 0,
                    String.format("%-32s %-9s %-9s %s", "change", "in use", "auto", "999:999"),
                    String.format("%-32s %-9s %-9s %s", "fresh", "avail", "manual", "999:999"),
                    String.format("%-32s %-9s %-9s %s", "keep", "in use", "auto", "999:999"));
            expect(s.ctl("update", "fresh"), 0, "fresh: added process group");
            expect(s.ctl("add", "fresh"), 0, "ERROR: process group already active");
            expect(s.ctl("remove", "keep"), 1, "ERROR: process/group still running: keep");
            expect(s.ctl("remove", "nope"), 1, "ERROR: no such process/group: nope");
            expect(s.ctlUnordered("update"), 0, "gone: stopped", "gone: removed process group",
                    "change: stopped", "change: updated process group");
            s.awaitState("change", "RUNNING");
            expectRunning(s.ctl("status", "change", "keep"), "change", "keep");
            expect(s.ctl("status", "fresh"), 3, statusLine("fresh", "STOPPED", "Not started"));
            expect(s.ctl("status", "gone"), 4, "gone: ERROR (no such process)");
            expect(s.ctl("stop", "keep"), 0, "keep: stopped");
            expect(s.ctl("remove", "keep"), 0, "keep: removed process group");
            expect(s.ctl("update"), 0, "keep: added process group");
        });
    }

    /** tail, maintail and clear read the same bytes the daemon logged. */
    @AgainstBoth
    void tailMaintailAndClear(Implementation impl) {
        scenario(impl, conf -> conf.program("talker", "/bin/sh -c 'echo out-line; echo err-line >&2; exec sleep 1000'"),
                s -> {
            s.awaitState("talker", "RUNNING");
            Poll.until(java.time.Duration.ofSeconds(20), "talker's output is logged",
                    () -> s.ctlUnrecorded("tail", "talker", "stderr"), r -> r.stdout().contains("err-line"));
            // tail prints the log's bytes, then a newline of its own.
            expect(s.ctl("tail", "talker"), 0, "out-line", "");
            expect(s.ctl("tail", "talker", "stderr"), 0, "err-line", "");
            expect(s.ctl("tail", "-4", "talker"), 0, "ine", "");
            expect(s.ctl("tail", "talker", "bogus"), 1, "Error: bad channel 'bogus'");
            expect(s.ctl("tail", "nope"), 1, "nope: ERROR (no such process name)");
            ExecResult main = s.ctlUnrecorded("maintail", "-400");
            assertEquals(0, main.exitCode(), main::toString);
            assertTrue(main.stdout().contains("spawned: 'talker'"), main::toString);
            expect(s.ctl("clear", "talker"), 0, "talker: cleared");
            expect(s.ctl("tail", "talker"), 0, "");
            expect(s.ctl("clear", "nope"), 1, "nope: ERROR (no such process)");
        });
    }

    /** reload and SIGHUP restart in the same OS process, re-reading the file; SIGTERM shuts down. */
    @AgainstBoth
    void reloadSighupAndSigterm(Implementation impl) {
        scenario(impl, conf -> conf.program("a", "sleep 1000"), s -> {
            s.awaitState("a", "RUNNING");
            long daemonPid = s.daemon().pid();
            long firstChild = Long.parseLong(s.ctl("pid", "a").stdout().strip());
            s.conf().program("b", "sleep 1000");
            s.conf().write();
            expect(s.ctl("reload"), 0, "Restarted supervisord");
            s.awaitState("b", "RUNNING");
            s.awaitState("a", "RUNNING");
            long secondChild = Long.parseLong(s.ctlUnrecorded("pid", "a").stdout().strip());
            assertTrue(secondChild != firstChild && !ProcessHandle.of(firstChild).isPresent(),
                    "a was stopped and started again");
            assertEquals(daemonPid, Long.parseLong(s.ctlUnrecorded("pid").stdout().strip()), "same daemon process");

            signal(daemonPid, "HUP");
            Poll.until(java.time.Duration.ofSeconds(30), "a restarted after SIGHUP", () -> s.ctlUnrecorded("pid", "a"),
                    r -> r.exitCode() == 0 && !r.stdout().strip().equals(String.valueOf(secondChild))
                            && !r.stdout().strip().equals("0"));
            s.awaitState("a", "RUNNING");
            long thirdChild = Long.parseLong(s.ctlUnrecorded("pid", "a").stdout().strip());

            signal(daemonPid, "TERM");
            assertEquals(0, s.daemon().awaitExit(Supervisord.STOP_DEADLINE), "SIGTERM is a clean shutdown");
            assertTrue(!ProcessHandle.of(thirdChild).isPresent(), "its children were stopped");
            assertTrue(!Files.exists(s.conf().socket()), "the socket is removed");
            assertTrue(!Files.exists(s.conf().pidfile()), "the pidfile is removed");
        });
    }

    private static void signal(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
            assertEquals(0, kill.waitFor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
