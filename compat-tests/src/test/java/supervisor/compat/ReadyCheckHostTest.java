package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;
import supervisor.testing.Sockets;

/**
 * ready_check and ready_timeout (beyond.md) with real programs: one that opens its port late
 * (tcp), one that serves HTTP late, one that prints its ready line late (log), one whose exec
 * check passes late, one that is never ready and one whose check command hangs. Each late one
 * waits for a file the test creates, so "still STARTING" is seen before "ready". The same file
 * under the real supervisord 4.2.5 runs as if the keys were absent.
 */
class ReadyCheckHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> LATE = List.of("tcp", "http", "log", "exec");

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }


    private static String waitFor(Path dir, String name) {
        return "while [ ! -e " + dir.resolve(name) + " ]; do sleep 0.1; done; ";
    }

    private static SupervisorConf readyConf() throws IOException {
        SupervisorConf conf = SupervisorConf.in(base());
        Path dir = conf.dir();
        int tcp = Sockets.freePort();
        int http = Sockets.freePort();
        int closed = Sockets.freePort();
        Path listen = dir.resolve("listen.py");
        Files.writeString(listen, """
                import socket, sys, time
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", int(sys.argv[1])))
                s.listen()
                time.sleep(1000)
                """);
        return conf
                .program("tcp", "/bin/sh -c '" + waitFor(dir, "go-tcp") + "exec /usr/bin/python3 " + listen + " " + tcp + "'",
                        "startsecs=1", "ready_check=tcp:127.0.0.1:" + tcp, "ready_timeout=120")
                .program("http", "/bin/sh -c '" + waitFor(dir, "go-http") + "exec /usr/bin/python3 -m http.server "
                        + http + " --bind 127.0.0.1 --directory " + dir + "'",
                        "startsecs=1", "ready_check=http://127.0.0.1:" + http + "/", "ready_timeout=120")
                .program("log", "/bin/sh -c 'echo starting; " + waitFor(dir, "go-log") + "echo ready now; exec sleep 1000'",
                        "startsecs=1", "ready_check=log:^ready now$", "ready_timeout=120")
                .program("exec", "sleep 1000", "startsecs=1", "ready_check=exec:test -e " + dir.resolve("go-exec"),
                        "ready_timeout=120")
                .program("never", "sleep 1000", "startsecs=1", "startretries=1",
                        "ready_check=tcp:127.0.0.1:" + closed, "ready_timeout=2")
                .program("hung", "sleep 1000", "startsecs=1", "startretries=0",
                        "ready_check=exec:sleep 7777", "ready_timeout=2");
    }

    private static String activityLog(SupervisorConf conf) throws IOException {
        return Files.readString(conf.dir().resolve("supervisord.log"));
    }

    private static String status(SupervisorConf conf, String name) {
        return HostRunner.INSTANCE.run(DEADLINE, List.of(HostRunner.INSTANCE.supervisorctl(), "-c",
                conf.file().toString(), "status", name)).stdout();
    }

    /** Processes running the hung check command: none may outlive its bound. */
    private static long hungChecks() throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return Files.readString(p.resolve("cmdline")).equals("sleep\0" + "7777\0");
                } catch (IOException e) {
                    return false; // gone meanwhile
                }
            }).count();
        }
    }

    @Test
    void staysStartingUntilReadyAndNotReadyInTimeEndsFatal() throws Exception {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = readyConf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            d.awaitState("never", "FATAL", DEADLINE);
            d.awaitState("hung", "FATAL", DEADLINE);
            // startsecs (1) has long passed: the late ones are still waiting for their checks
            for (String name : LATE) {
                assertEquals("STARTING", d.probe().statename(name), name + "\n" + activityLog(conf));
            }
            // status (and the web UI, from the same description) says why
            String exec = status(conf, "exec");
            assertTrue(exec.matches("(?s)exec +STARTING +not ready: ready_check exec:test -e \\S+go-exec has not passed\n"), exec);
            for (String name : LATE) {
                Files.createFile(conf.dir().resolve("go-" + name));
                d.awaitState(name, "RUNNING", DEADLINE);
            }
            String never = status(conf, "never");
            assertTrue(never.matches("(?s)never +FATAL +not ready within 2 seconds \\(ready_check tcp:127\\.0\\.0\\.1:\\d+\\)\n"),
                    never);
            assertTrue(status(conf, "hung").contains("not ready within 2 seconds (ready_check exec:sleep 7777)"));
            String log = activityLog(conf);
            assertTrue(log.contains("WARN not ready: never was not ready in time (ready_check tcp:127.0.0.1:"), log);
            assertEquals(2, log.split("WARN not ready: never ", -1).length - 1, "one try and one retry:\n" + log);
            assertTrue(log.contains("INFO gave up: never entered FATAL state, too many start retries too quickly"), log);
            Poll.until(DEADLINE, "the hung check command killed at its bound", ReadyCheckHostTest::hungChecks,
                    n -> n == 0);
        }
    }

    /** supervisord 4.2.5 ignores both keys: every program is RUNNING after startsecs, ready or not. */
    @Test
    void theRealSupervisordRunsTheFileAsIfTheKeysWereAbsent() throws Exception {
        Implementation.REAL.assumeAvailable();
        SupervisorConf conf = readyConf();
        try (Supervisord d = Supervisord.start(Implementation.REAL, conf)) {
            for (String name : List.of("tcp", "http", "log", "exec", "never", "hung")) {
                d.awaitState(name, "RUNNING", DEADLINE);
            }
            assertTrue(!activityLog(conf).contains("not ready"));
        }
    }
}
