package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;
import supervisor.testing.Sockets;

/**
 * health_check, health_interval and health_failures (beyond.md) with a real program: it listens
 * on a tcp port until a file appears, then closes its listener (removing the file, so that the
 * next one listens again) and stays up. Ours restarts it: a new pid, RUNNING again, the WARN line
 * in the activity log. The same file under the real supervisord 4.2.5 runs as if the keys were
 * absent.
 */
class HealthCheckHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }


    private record Setup(SupervisorConf conf, int port) {
        Path go() {
            return conf.dir().resolve("go-close");
        }

        Path closed() {
            return conf.dir().resolve("closed");
        }
    }

    private static Setup healthConf() throws IOException {
        SupervisorConf conf = SupervisorConf.in(base());
        Path dir = conf.dir();
        int port = Sockets.freePort();
        Path serve = dir.resolve("serve.py");
        Files.writeString(serve, """
                import os, socket, sys, time
                port, go, closed = int(sys.argv[1]), sys.argv[2], sys.argv[3]
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", port))
                s.listen()
                s.settimeout(0.1)
                while not os.path.exists(go):
                    try:
                        s.accept()[0].close()
                    except socket.timeout:
                        pass
                os.remove(go)
                s.close()
                with open(closed, "a") as f:
                    f.write("%d\\n" % os.getpid())
                time.sleep(1000)
                """);
        conf.program("web", "/usr/bin/python3 " + serve + " " + port + " " + dir.resolve("go-close") + " "
                        + dir.resolve("closed"),
                "startsecs=1", "health_check=tcp:127.0.0.1:" + port, "health_interval=1", "health_failures=2");
        return new Setup(conf, port);
    }

    private static String activityLog(SupervisorConf conf) throws IOException {
        return Files.readString(conf.dir().resolve("supervisord.log"));
    }

    private static String status(SupervisorConf conf) {
        return HostRunner.INSTANCE.run(DEADLINE, List.of(HostRunner.INSTANCE.supervisorctl(), "-c",
                conf.file().toString(), "status", "web")).stdout();
    }

    /** The pid of a program that closed its listener, once it has: null before. */
    private static Long closedBy(Setup s) throws IOException {
        return Files.exists(s.closed()) && Files.readString(s.closed()).endsWith("\n")
                ? Long.parseLong(Files.readString(s.closed()).strip().split("\n")[0]) : null;
    }

    @Test
    void aProgramThatStopsAnsweringIsRestarted() throws Exception {
        Implementation.OURS.assumeAvailable();
        Setup s = healthConf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, s.conf())) {
            d.awaitState("web", "RUNNING", DEADLINE);
            long first = d.probe().pid("web");
            Files.createFile(s.go());
            long second = Poll.until(DEADLINE, "web restarted and RUNNING again",
                    () -> "RUNNING".equals(d.probe().statename("web")) ? d.probe().pid("web") : -1L,
                    pid -> pid > 0 && pid != first);
            assertEquals(Long.valueOf(first), closedBy(s), "the first one closed its listener");
            String status = status(s.conf());
            assertTrue(status.matches("(?s)web +RUNNING +pid " + second + ", uptime .*\n"), status);
            String log = activityLog(s.conf());
            String warn = "WARN web failed its health check 2 times in a row (health_check tcp:127.0.0.1:"
                    + s.port() + "): restarting";
            assertTrue(log.contains(warn), log);
            int at = log.indexOf(warn);
            int stopped = log.indexOf("stopped: web (terminated by SIGTERM)", at);
            int spawned = log.indexOf("INFO spawned: 'web' with pid " + second, at);
            int running = log.indexOf("INFO success: web entered RUNNING state", spawned);
            assertTrue(at < stopped && stopped < spawned && spawned < running, "stop, then start:\n" + log);
        }
    }

    /** supervisord 4.2.5 ignores the three keys: the program keeps running with its listener closed. */
    @Test
    void theRealSupervisordRunsTheFileAsIfTheKeysWereAbsent() throws Exception {
        Implementation.REAL.assumeAvailable();
        Setup s = healthConf();
        try (Supervisord d = Supervisord.start(Implementation.REAL, s.conf())) {
            d.awaitState("web", "RUNNING", DEADLINE);
            long first = d.probe().pid("web");
            Files.createFile(s.go());
            long closer = Poll.until(DEADLINE, "web closed its listener", () -> closedBy(s), pid -> pid != null);
            assertEquals(first, closer);
            assertEquals("RUNNING", d.probe().statename("web"));
            assertEquals(first, d.probe().pid("web"));
            assertFalse(activityLog(s.conf()).contains("health"), activityLog(s.conf()));
        }
    }
}
