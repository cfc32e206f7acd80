package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Assertions;

import supervisor.testing.Poll;

/**
 * Four-way transcripts: every scenario runs with Python's supervisorctl and with ours, each
 * against the real supervisord 4.2.5 and against ours. The four normalised transcripts (each
 * command's output and exit status) must equal the one of Python's supervisorctl against the
 * real supervisord.
 */
class CtlTranscriptHostTest extends CompatSuite {

    private static final List<CommandRunner> CLIENTS = List.of(HostRunner.INSTANCE, OurSupervisorctl.INSTANCE);

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /** Runs the scenario four times and compares each transcript with Python's against REAL. */
    private void fourWay(Consumer<SupervisorConf> setup, Consumer<Session> steps) {
        Map<String, Transcript> runs = new LinkedHashMap<>();
        for (Implementation impl : Implementation.values()) {
            impl.assumeAvailable();
        }
        // our client against the reference daemon second: the comparison that matters most comes early
        for (Implementation impl : Implementation.values()) {
            for (CommandRunner client : CLIENTS) {
                runs.put((client == HostRunner.INSTANCE ? "Python supervisorctl" : "our supervisorctl") + " against "
                        + impl + " supervisord", run(impl, client, setup, steps));
            }
        }
        keep(runs);
        String reference = runs.values().iterator().next().text();
        List<Executable> checks = new ArrayList<>();
        runs.forEach((label, transcript) -> checks.add(() -> assertEquals(reference, transcript.text(),
                () -> label + " differs from Python's supervisorctl against REAL (normalised transcripts), first at "
                        + firstDifference(reference, transcript.text()))));
        Assertions.assertAll(checks);
    }

    /** Writes the four transcripts to target/ctl-transcripts/SCENARIO/, to read or diff after a run. */
    private void keep(Map<String, Transcript> runs) {
        String scenario = StackWalker.getInstance().walk(frames -> frames.skip(2).findFirst().orElseThrow().getMethodName());
        java.nio.file.Path dir = java.nio.file.Path.of("target", "ctl-transcripts", scenario);
        try {
            java.nio.file.Files.createDirectories(dir);
            for (Map.Entry<String, Transcript> run : runs.entrySet()) {
                java.nio.file.Files.writeString(dir.resolve(run.getKey().replace(' ', '-') + ".txt"), run.getValue().text() + "\n");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first line where two transcripts part, with the step it belongs to, for the failure message. */
    static String firstDifference(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        String step = "";
        for (int k = 0; k < Math.max(a.size(), b.size()); k++) {
            String x = k < a.size() ? a.get(k) : "<end>";
            String y = k < b.size() ? b.get(k) : "<end>";
            if (x.startsWith("$ ")) {
                step = x;
            }
            if (!x.equals(y)) {
                return "line " + (k + 1) + " (in `" + step + "`):\n  expected: " + x + "\n  actual:   " + y;
            }
        }
        return "nowhere";
    }

    private static List<String> options(String... options) {
        return List.of(options);
    }

    @Test
    void statusAndPid() {
        fourWay(conf -> conf
                .program("a", "sleep 1000")
                .program("b", "sleep 1000", "autostart=false")
                .program("ga", "sleep 1000")
                .program("gb", "sleep 1000", "autostart=false")
                .section("group:grp", "programs=ga,gb"), s -> {
            s.awaitState("a", "RUNNING");
            s.awaitState("grp:ga", "RUNNING");
            for (String args : List.of("status", "status a", "status b", "status nope", "status nope:*", "status grp:*",
                    "status grp:", "status a nope", "status b nope", "status all", "status ga", "status a grp:gb",
                    "pid", "pid a", "pid b", "pid nope", "pid all", "pid a nope", "pid grp:ga")) {
                s.ctl(args.split(" "));
            }
        });
    }

    @Test
    void startStopRestartSignal() {
        fourWay(conf -> conf
                .program("a", "sleep 1000")
                .program("b", "sleep 1000", "autostart=false")
                .program("ghost", "/nonexistent/ghost", "autostart=false")
                // fails its first start only: in "start all" below ghost is the one failure, since with two
                // kinds the exit status is the last one's, and the daemons answer in the order starts end
                .program("crash", "/bin/sh -c 'test -e %(here)s/crashed || { touch %(here)s/crashed; exit 1; }; exec sleep 1000'",
                        "autostart=false", "startsecs=5", "startretries=0")
                .program("ga", "sleep 1000", "autostart=false")
                .program("gb", "sleep 1000", "autostart=false")
                .section("group:grp", "programs=ga,gb"), s -> {
            s.awaitState("a", "RUNNING");
            for (String args : List.of("start a", "stop a", "stop a", "start a", "restart a", "signal CONT a",
                    "signal BOGUS a", "signal HUP nope", "start", "stop", "restart", "signal", "signal HUP", "clear",
                    "start nope:*", "stop nope:*", "signal HUP nope:*", "start nope", "stop b", "signal HUP b",
                    "start a:nope", "start ghost", "start crash", "stop crash", "start b a", "stop b a")) {
                s.ctl(args.split(" "));
            }
            s.awaitState("crash", "FATAL");
            for (String args : List.of("start grp:*", "signal CONT grp:*", "stop grp:*", "start all", "restart all",
                    "signal CONT all", "stop all", "restart grp:")) {
                s.ctlUnordered(args.split(" "));
            }
            s.ctl("status");
        });
    }

    @Test
    void helpTextsAndUsage() {
        fourWay(conf -> conf.program("a", "sleep 1000"), s -> {
            // the shell starts by printing the status: a must have left STARTING in every run
            s.awaitState("a", "RUNNING");
            StringBuilder everyHelp = new StringBuilder("help\n");
            for (String topic : List.of("add", "avail", "clear", "exit", "fg", "maintail", "open", "pid", "quit",
                    "reload", "remove", "reread", "restart", "shutdown", "signal", "start", "status", "stop", "tail",
                    "update", "version", "help", "EOF", "foo", "help foo")) {
                everyHelp.append("help ").append(topic).append('\n');
            }
            everyHelp.append("?\n? stop\n!ls\n  \nfoo bar\n*\nquit\n");
            s.ctlInput(everyHelp.toString());
            for (String args : List.of("help", "help start", "help help", "help nope", "?", "foo", "EOF", "quit", "exit",
                    "avail x", "reread x", "reload x", "shutdown x", "version x", "maintail -f -f", "maintail x",
                    "maintail -x", "tail", "tail a b c d", "tail -x a", "tail a bogus", "tail -f", "fg", "fg a b",
                    "fg nope", "open foo", "open")) {
                s.ctl(args.split(" "));
            }
            for (List<String> bad : List.of(options("-h"), options("--help"), options("-x"), options("--bogus"),
                    options("--help=3"), options("-s"), options("-s", "foo"), options("-s", "http://a", "-s", "http://b"),
                    options("--serverurl"), options("-c", "/nonexistent.conf"), options("-u"))) {
                s.ctlWith(bad);
            }
        });
    }

    @Test
    void rereadUpdateAddRemoveAvail() {
        fourWay(conf -> conf
                .program("keep", "sleep 1000")
                .program("change", "sleep 1000")
                .program("gone", "sleep 1000"), s -> {
            s.awaitState("keep", "RUNNING");
            s.awaitState("change", "RUNNING");
            s.awaitState("gone", "RUNNING");
            s.ctl("reread");
            s.ctl("update");
            s.ctl("avail");
            s.conf().remove("program:gone").program("change", "sleep 2000").program("fresh", "sleep 1000",
                    "autostart=false", "priority=5");
            s.conf().write();
            s.ctl("reread");
            s.ctl("avail");
            s.ctl("update", "nope");
            s.ctl("update", "fresh");
            s.ctl("add", "fresh");
            s.ctl("add");
            s.ctl("add", "nope", "fresh");
            s.ctl("remove", "keep");
            s.ctl("remove", "nope");
            s.ctlUnordered("update", "all");
            s.awaitState("change", "RUNNING");
            s.ctl("status", "fresh", "gone");
            s.ctl("stop", "keep");
            s.ctl("remove", "keep");
            s.ctl("update");
            s.ctl("avail");
        });
    }

    @Test
    void tailMaintailAndClear() {
        fourWay(conf -> conf
                .program("talker", "/bin/sh -c 'echo out-line; echo err-line >&2; exec sleep 1000'")
                .program("quiet", "sleep 1000", "stdout_logfile=NONE"), s -> {
            s.awaitState("talker", "RUNNING");
            Poll.until(java.time.Duration.ofSeconds(20), "talker's output is logged",
                    () -> s.ctlUnrecorded("tail", "talker", "stderr"), r -> r.stdout().contains("err-line"));
            // a follow ends with Ctrl-C: the banner, the log so far, then an empty line and exit 0.
            // --foreground: otherwise timeout signals the child and then its whole process group, and
            // when the two SIGINTs arrive apart Python's second KeyboardInterrupt escapes with 130.
            s.exec(List.of("timeout", "--foreground", "--preserve-status", "-s", "INT", "4", s.supervisorctl(), "-c",
                    s.conf().file().toString(), "tail", "-f", "talker", "stderr"));
            for (String args : List.of("tail talker", "tail talker stderr", "tail talker STDERR", "tail -4 talker",
                    "tail -4 talker stderr", "tail talker x stdout", "tail talker bogus", "tail nope", "tail quiet",
                    "tail -0 talker", "clear talker", "tail talker", "clear nope", "clear talker nope", "maintail -x",
                    "maintail 5", "maintail a b")) {
                s.ctl(args.split(" "));
            }
            ExecResult main = s.ctlUnrecorded("maintail", "-5000");
            assertEquals(0, main.exitCode(), main::toString);
            assertTrue(main.stdout().contains("spawned: 'talker'"), main::toString);
            s.ctlUnordered("clear", "all");
        });
    }

    @Test
    void interactiveShell() {
        fourWay(conf -> conf.program("a", "sleep 1000").program("b", "sleep 1000", "autostart=false"), s -> {
            s.awaitState("a", "RUNNING");
            s.ctlInput("status a\nstop a\nstart a\npid b\n\nfoo\nstart nope\nshutdown\nn\nreload\nno\nversion\nexit\nstatus\n");
            s.ctlInput("status b\n");
            s.ctlInput("");
            s.ctlInput("shutdown\n");
            s.ctlInput("n\n", "-i", "shutdown");
            s.ctlInput("", "-i", "reload");
            s.ctlInput("stop a\n", "-i", "status");
        });
    }

    @Test
    void shutdownAndNoServer() {
        fourWay(conf -> conf.program("a", "sleep 1000"), s -> {
            s.awaitState("a", "RUNNING");
            s.ctl("version");
            s.ctl("shutdown");
            assertEquals(0, s.daemon().awaitExit(Supervisord.STOP_DEADLINE), "supervisord's exit status after shutdown");
            for (String args : List.of("status", "shutdown", "start a", "stop a", "pid", "tail a", "maintail", "version",
                    "avail", "reread", "update", "add a", "remove a", "reload", "clear a", "signal HUP a", "fg a")) {
                s.ctl(args.split(" "));
            }
            s.ctlWith(s.inet(null, null), "shutdown");
            s.ctlWith(s.inet(null, null), "status");
            s.ctlWith(s.inet(null, null), "avail");
            s.ctlWith(s.inet(null, null), "start", "a");
            s.ctlInput("status\nopen foo:bar\nopen " + s.conf().unixUrl() + "\n");
        });
    }

    @Test
    void authentication() {
        fourWay(conf -> conf.auth("user", "s3cret").program("a", "sleep 1000"), s -> {
            s.awaitState("a", "RUNNING");
            s.ctl("status");
            s.ctlWith(s.inet("user", "s3cret"), "status");
            for (List<String> options : List.of(List.<String>of(), List.of("-u", "user", "-p", "wrong"), List.of("-u", "user"),
                    s.inet(null, null), s.inet("user", "wrong"), s.inet("other", "s3cret"))) {
                s.ctlWith(options, "status");
                s.ctlWith(options, "avail");
                s.ctlWith(options, "stop", "a");
            }
        });
    }

    @Test
    void reload() {
        fourWay(conf -> conf.program("a", "sleep 1000"), s -> {
            s.awaitState("a", "RUNNING");
            s.conf().program("b", "sleep 1000");
            s.conf().write();
            s.ctl("reload");
            s.awaitState("b", "RUNNING");
            s.awaitState("a", "RUNNING");
            s.ctl("status");
        });
    }

    @Test
    void groupsNumprocsAndOpen() {
        fourWay(conf -> conf
                .program("multi", "sleep 1000", "numprocs=2", "process_name=%(program_name)s_%(process_num)02d")
                .program("ga", "sleep 1000", "autostart=false")
                .section("group:grp", "programs=ga"), s -> {
            s.awaitState("multi:multi_00", "RUNNING");
            s.awaitState("multi:multi_01", "RUNNING");
            for (String args : List.of("status multi:", "status multi", "stop multi", "stop multi:multi_00",
                    "start multi:*", "restart multi:multi_01", "pid multi:multi_00 multi:multi_01", "clear multi:*",
                    "tail multi:multi_00", "avail")) {
                s.ctl(args.split(" "));
            }
            s.ctlUnordered("signal", "CONT", "multi:*");
            s.conf().program("gb", "sleep 1000", "autostart=false").section("group:grp", "programs=ga,gb");
            s.conf().write();
            s.ctl("reread");
            s.ctl("update", "grp", "nope");
            s.ctl("status", "grp:*");
            s.ctl("update", "grp");
            s.ctlInput("open " + s.conf().inetUrl() + "\nstatus grp:gb\nopen unix:///nonexistent.sock\nstatus\n");
        });
    }
}
