package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * The Debian package the dist module makes (dist/target/supervisor-jvm_*.deb), installed with
 * dpkg into a minimal Debian container (our image's base: no Python, no Java, no systemd running),
 * used, upgraded and removed as an admin would: the service's command from its unit, its own
 * supervisorctl and the host's Python one through the socket (the container's /run is a folder
 * of the test's), an
 * upgrade that stops the daemon and starts it again, and a purge that leaves no process and no
 * file behind.
 */
class DebPackageContainerTest {
    private static final String BASE = "supervisord-base:bookworm";
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static Path deb;

    @TempDir
    Path dir;
    private String container;

    @BeforeAll
    static void findPackageAndBase() throws IOException {
        ClientContainer.requireEngine();
        Path root = Implementation.repoRoot();
        try (Stream<Path> files = Files.list(root.resolve("dist/target"))) {
            deb = files.filter(p -> p.getFileName().toString().matches("supervisor-jvm_.*_amd64\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .deb in dist/target: mvn package -pl dist -am"));
        }
        Command.of(root.resolve("scripts/image.sh").toString(), "--base").timeout(Duration.ofMinutes(20)).run().assertSuccess();
    }

    @AfterEach
    void removeContainer() {
        if (container != null) {
            Command.of("docker", "rm", "-f", container).run();
        }
    }

    @Test
    void installUseUpgradeAndPurgeLikeDebiansSupervisor() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        container = "deb-" + UUID.randomUUID();
        docker("run", "-d", "--name", container, "--network", "none", "-v", run + ":/run", BASE, "sleep", "infinity");
        Path upgrade = newerVersionOf(deb, "99.0");
        docker("cp", deb.toString(), container + ":/tmp/supervisor-jvm.deb");
        docker("cp", upgrade.toString(), container + ":/tmp/supervisor-jvm-upgrade.deb");
        String before = files();

        // install: Debian's layout, the commands on PATH, no daemon started without an init system
        in("dpkg -i /tmp/supervisor-jvm.deb");
        for (String path : List.of("/usr/bin/supervisord", "/usr/bin/supervisorctl", "/usr/bin/echo_supervisord_conf", "/usr/bin/pidproxy",
                "/etc/supervisor/supervisord.conf", "/etc/supervisor/conf.d", "/var/log/supervisor",
                "/lib/systemd/system/supervisor.service", "/etc/logrotate.d/supervisor",
                "/etc/systemd/system/multi-user.target.wants/supervisor.service")) {
            in("test -e " + path);
        }
        assertTrue(in("echo_supervisord_conf").startsWith("; supervisord.conf: a sample"));
        assertEquals("", in("command -v python3 java || true").strip(), "no Python, no Java needed");

        // the service, started as its unit starts it, with a program in conf.d
        in("printf '[program:hello]\\ncommand=sleep 1000\\n' > /etc/supervisor/conf.d/hello.conf");
        String execStart = in("sed -n 's/^ExecStart=//p' /lib/systemd/system/supervisor.service").strip();
        assertEquals("/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf", execStart);
        docker("exec", "-d", container, "sh", "-c", execStart);
        String url = "unix://" + run.resolve("supervisor.sock");
        long first = awaitHelloRunning(url);
        // the package's own supervisorctl, with the default config's serverurl, says what the host's Python one says
        String ours = in("supervisorctl status hello");
        String python = Command.of("supervisorctl", "-s", url, "status", "hello").run().out();
        assertEquals(python.replaceAll("uptime \\S+", "uptime T"), ours.replaceAll("uptime \\S+", "uptime T"));
        long daemon = Long.parseLong(Files.readString(run.resolve("supervisord.pid")).strip());

        // upgrade: the daemon is stopped (and its program with it) and started again from the new files
        String upgraded = in("dpkg -i /tmp/supervisor-jvm-upgrade.deb");
        assertTrue(upgraded.contains("Setting up supervisor-jvm (99.0)"), upgraded);
        long restarted = Poll.until(DEADLINE, "a new daemon after the upgrade", () -> pidIn(run.resolve("supervisord.pid")),
                pid -> pid > 0 && pid != daemon);
        assertNotEquals(first, awaitHelloRunning(url), "the program was restarted with the daemon");
        assertTrue(in("readlink /proc/" + restarted + "/exe").startsWith("/usr/lib/supervisor-jvm/runtime/bin/java"));
        in("test -e /etc/supervisor/conf.d/hello.conf");

        // remove: the daemon and its programs stop; purge takes the rest
        in("dpkg -r supervisor-jvm");
        String left = in("for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done");
        assertTrue(left.lines().noneMatch(l -> l.contains("supervisor-jvm") || l.contains("sleep 1000")), left);
        in("rm /etc/supervisor/conf.d/hello.conf");  // the admin's own file, not the package's
        in("dpkg -P supervisor-jvm");
        assertEquals(before, files(), "files left behind (or taken away) by install, upgrade and purge");
    }

    /** The same package with another version, as the next release would be. */
    private Path newerVersionOf(Path package_, String version) {
        Path tree = dir.resolve("repack");
        Command.of("dpkg-deb", "-R", package_.toString(), tree.toString()).run().assertSuccess();
        Command.of("sed", "-i", "s/^Version: .*/Version: " + version + "/", tree.resolve("DEBIAN/control").toString())
                .run().assertSuccess();
        Path out = dir.resolve("supervisor-jvm_" + version + "_amd64.deb");
        Command.of("dpkg-deb", "-Zgzip", "-b", tree.toString(), out.toString()).timeout(Duration.ofMinutes(5)).run().assertSuccess();
        return out;
    }

    private long awaitHelloRunning(String url) {
        Command.Result status = Poll.until(DEADLINE, "hello RUNNING through the host's supervisorctl",
                () -> Command.of("supervisorctl", "-s", url, "status", "hello").run(),
                r -> r.exitCode() == 0 && r.out().contains("RUNNING"));
        String out = status.out();
        return Long.parseLong(out.substring(out.indexOf("pid ") + 4, out.indexOf(',')));
    }

    /** The pid in the file, 0 while there is none (the daemon creates the file before it writes the line). */
    private static long pidIn(Path pidfile) throws IOException {
        String text = Files.exists(pidfile) ? Files.readString(pidfile) : "";
        return text.endsWith("\n") ? Long.parseLong(text.strip()) : 0;
    }

    /** Every file of the container outside the kernel's and the test's own (/run, /tmp). */
    private String files() {
        return in("find / -xdev \\( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp"
                + " -o -path /var/lib/dpkg -o -path /var/log/dpkg.log -o -path /var/log/alternatives.log \\) -prune -o -print | sort");
    }

    /** Runs {@code script} in the container with sh; its stdout, or a failure with everything it said. */
    private String in(String script) {
        return docker("exec", container, "sh", "-c", script).out();
    }

    private static Command.Result docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return Command.of(argv).timeout(Duration.ofMinutes(3)).run().assertSuccess();
    }
}
