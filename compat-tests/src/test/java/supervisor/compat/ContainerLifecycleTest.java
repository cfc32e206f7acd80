package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import supervisor.testing.Command;
import supervisor.testing.Poll;

/**
 * Our image (scripts/image.sh: the distribution on a minimal Debian) with our supervisord as PID 1,
 * driven through the real {@code docker} client: {@code docker run}, {@code stop}, {@code wait},
 * {@code inspect}, {@code logs}. Each test mounts its own config over /etc/supervisord.conf and a
 * folder at the same path inside as outside, where the programs leave their markers. The engine is
 * DOCKER_HOST's (scripts/dockerd.sh start); without one the class is skipped, except on CI.
 */
class ContainerLifecycleTest {

    private static final String IMAGE = "supervisord:latest";
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<String> containers = new ArrayList<>();

    /** Builds the image from the distribution the dist module made (the base once, then seconds). */
    @BeforeAll
    static void buildImage() throws IOException {
        ClientContainer.requireEngine();
        Path root = Implementation.repoRoot();
        Path target = root.resolve("dist/target");
        if (!Files.isDirectory(target)) {
            throw new AssertionError("no dist/target: the dist module builds the distribution (mvn package -pl dist -am)");
        }
        Path dist;
        try (Stream<Path> files = Files.list(target)) {
            dist = files.filter(p -> p.getFileName().toString().matches("supervisord-.*\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no distribution in dist/target: mvn package -pl dist -am"));
        }
        Command.of(root.resolve("scripts/image.sh").toString(), dist.toString())
                .env("SUPERVISORD_IMAGE", IMAGE)
                .timeout(Duration.ofMinutes(20))
                .run()
                .assertSuccess();
    }

    @AfterEach
    void removeContainers() {
        for (String name : containers) {
            Command.of("docker", "rm", "-f", name).run();
        }
    }

    @Test
    void dockerStopStopsEveryProgramInOrderWithinTheGracePeriod() throws IOException {
        // Three programs that take a moment to stop and say so; supervisord stops the highest
        // priority number first and waits for each to be gone before the next.
        String conf = header() + trapping("first", 10) + trapping("second", 20) + trapping("third", 30);
        String name = run(conf);
        awaitStarted("first", "second", "third");

        // -t 10: docker SIGKILLs whatever is left after 10 s; exit status 0 says nothing was.
        docker("stop", "-t", "10", name).assertSuccess();

        assertEquals("0", inspect(name, "{{.State.ExitCode}}"), logs(name));
        assertEquals(List.of("third", "second", "first"), lines("stopped"), logs(name));
    }

    @Test
    void anEssentialProgramsExitEndsTheContainerWithItsStatus() throws IOException {
        String conf = header() + trapping("worker", 10)
                + "[program:main]\n"
                + "command=/bin/sh -c 'echo main >> " + dir + "/started; "
                + "until [ -f " + dir + "/go ]; do sleep 0.1; done; exit 3'\n"
                + "priority=20\nstartsecs=0\nautorestart=false\nessential=true\n\n";
        String name = run(conf);
        awaitStarted("worker", "main");

        Files.writeString(dir.resolve("go"), "");
        String status = docker("wait", name).assertSuccess().out().strip();

        assertEquals("3", status, logs(name));
        assertEquals(List.of("worker"), lines("stopped"), "the other programs are stopped first\n" + logs(name));
    }

    @Test
    void theImageHasNoPythonNorJavaAndItsOwnAndTheHostsSupervisorctlDriveTheDaemonInIt() throws IOException {
        ExecResult which = exec("docker", "run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", IMAGE, "-c",
                "for c in python python3 java javac jshell; do command -v $c; done; ls -d /usr/lib/jvm 2>/dev/null; true");
        assertEquals(0, which.exitCode(), which.toString());
        assertEquals("", which.stdout().strip(), "python or a JDK in the image:\n" + which);

        // AOTMode=on: the JVM refuses to start unless the distribution's AOT cache is used, so this
        // also proves the cache survives being unpacked elsewhere and copied into the image.
        Path sock = dir.resolve("supervisor.sock");
        String conf = header().replace("[supervisord]\n", "[unix_http_server]\nfile=" + sock + "\n\n[supervisord]\n")
                + "[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                // a supervisorctl run in the container reads this file, as 4.2.5's would, and needs the section
                + "[supervisorctl]\nserverurl=unix://" + sock + "\n\n"
                + trapping("app", 10);
        String name = run(conf, "-e", "SUPERVISORD_JAVA_OPTS=-XX:AOTMode=on");
        awaitStarted("app");

        String serverUrl = "unix://" + sock;
        ExecResult status = Poll.until(START, "supervisorctl status through the mounted socket",
                () -> exec("supervisorctl", "-s", serverUrl, "status", "app"),
                r -> r.exitCode() == 0 && r.stdout().contains("RUNNING"), () -> logs(name));
        assertTrue(status.stdout().startsWith("app "), status.toString());
        // and the distribution's own supervisorctl, inside, where there is no Python to run the stock one
        Command.Result inside = docker("exec", name, "/opt/supervisord/bin/supervisorctl", "-s", serverUrl, "status", "app");
        assertEquals(0, inside.exitCode(), inside.toString());
        assertEquals(status.stdout().replaceAll("uptime \\S+", ""), inside.out().replaceAll("uptime \\S+", ""));

        ExecResult stop = exec("supervisorctl", "-s", serverUrl, "stop", "app");
        assertEquals("app: stopped", stop.stdout().strip(), stop + "\n" + logs(name));
        assertEquals(List.of("app"), lines("stopped"));
        docker("stop", "-t", "10", name).assertSuccess();
        assertEquals("0", inspect(name, "{{.State.ExitCode}}"), logs(name));
    }

    @Test
    void anOrphanedGrandchildIsReaped() throws IOException {
        // The program's subshell starts `sleep 1` and exits at once: the sleep, orphaned, is
        // re-parented to supervisord (PID 1), which must reap it when it ends, leaving no zombie.
        String conf = header()
                + "[program:parent]\n"
                + "command=/bin/sh -c '(sleep 1 & echo $! > " + dir + "/orphan); echo parent >> " + dir + "/started; "
                + "exec sleep 3600'\n"
                + "startsecs=0\n\n";
        String name = run(conf);
        awaitStarted("parent");
        String orphan = Files.readString(dir.resolve("orphan")).strip();
        Poll.until(START, "the orphan " + orphan + " reaped, not left a zombie",
                () -> docker("exec", name, "/bin/sh", "-c", "if [ -e /proc/" + orphan + " ]; then "
                        + "sed -n 's/^State:[[:space:]]*//p' /proc/" + orphan + "/status; else echo gone; fi")
                        .out().strip(),
                "gone"::equals, () -> logs(name));
    }

    @Test
    void theMergedDockerLogsArePrefixedAndComplete() throws IOException {
        // Two programs write numbered lines to the daemon's stdout; docker logs must hold every line
        // of each, prefixed with its program's name.
        int count = 500;
        StringBuilder conf = new StringBuilder(header());
        for (String program : List.of("alpha", "beta")) {
            conf.append("[program:").append(program).append("]\n")
                    .append("command=/bin/sh -c 'i=1; while [ $i -le ").append(count)
                    .append(" ]; do echo ").append(program).append("-$i; i=$((i+1)); done; echo ")
                    .append(program).append(" >> ").append(dir).append("/started; exec sleep 3600'\n")
                    .append("stdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=0\nstdout_log_prefix=true\n")
                    .append("startsecs=0\n\n");
        }
        String name = run(conf.toString());
        awaitStarted("alpha", "beta");
        for (String program : List.of("alpha", "beta")) {
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                expected.add(program + " | " + program + "-" + i);
            }
            Poll.until(START, "every line of " + program + " in docker logs, prefixed",
                    () -> docker("logs", name).out().lines().filter(l -> l.startsWith(program + " | ")).toList(),
                    expected::equals);
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    /** The [supervisord] section; the daemon's log goes to its stdout, i.e. to docker logs. */
    private String header() {
        return "[supervisord]\nnodaemon=true\nlogfile=/dev/stdout\nlogfile_maxbytes=0\nloglevel=info\n"
                + "pidfile=/run/supervisord.pid\n\n";
    }

    /**
     * A program that notes its start in started, and on SIGTERM notes its name in stopped, after a
     * short pause so that an order that is not waited for would show; then exits 0.
     */
    private String trapping(String program, int priority) {
        return "[program:" + program + "]\n"
                + "command=/bin/sh -c 'trap \"sleep 0.3; echo " + program + " >> " + dir + "/stopped; exit 0\" TERM; "
                + "echo " + program + " >> " + dir + "/started; while :; do sleep 0.1; done'\n"
                + "priority=" + priority + "\nstartsecs=0\nstopwaitsecs=5\n\n";
    }

    /** Starts a container of the image on {@code conf}, with the test's folder mounted; returns its name. */
    private String run(String conf, String... options) throws IOException {
        Path file = dir.resolve("supervisord.conf");
        Files.writeString(file, conf);
        String name = "supervisord-test-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(name);
        List<String> argv = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--network", "none",
                "-v", dir + ":" + dir, "-v", file + ":/etc/supervisord.conf:ro"));
        argv.addAll(List.of(options));
        argv.add(IMAGE);
        Command.of(argv).run().assertSuccess();
        return name;
    }

    private void awaitStarted(String... programs) throws IOException {
        Poll.until(START, "programs " + List.of(programs) + " started", () -> lines("started"),
                started -> started.containsAll(List.of(programs)));
    }

    /** The lines of a marker file in the test's folder; none while it does not exist. */
    private List<String> lines(String file) throws IOException {
        Path path = dir.resolve(file);
        return Files.exists(path) ? Files.readAllLines(path) : List.of();
    }

    private static Command.Result docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return Command.of(argv).timeout(Duration.ofSeconds(60)).run();
    }

    private static String inspect(String name, String format) {
        return docker("inspect", "-f", format, name).assertSuccess().out().strip();
    }

    private static String logs(String name) {
        Command.Result r = docker("logs", name);
        return "docker logs " + name + ":\n" + r.out() + r.err();
    }

    private static ExecResult exec(String... argv) {
        Command.Result r = Command.of(argv).timeout(Duration.ofSeconds(60)).run();
        return new ExecResult(List.of(argv), r.exitCode(), r.out(), r.err());
    }
}
