package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;

import supervisor.testing.Poll;

/**
 * {@code [supervisord] user=}: started as root, the daemon itself becomes that user before it
 * opens its log, and its children run as that user too. Needs root, as the feature does.
 */
class PrivilegesHostTest extends CompatSuite {

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    @AgainstBoth
    void daemonDropsToTheConfiguredUser(Implementation impl) {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch users");
        scenario(impl, conf -> {
            openToEveryone(conf.dir());
            conf.section("supervisord", "user=nobody")
                .program("who", "/bin/sh -c 'id -u; exec sleep 1000'", "stdout_logfile=" + conf.dir().resolve("who.log"));
        }, s -> {
            s.awaitState("who", "RUNNING");
            try {
                String pid = Files.readString(s.conf().pidfile()).strip();
                String status = Files.readString(Path.of("/proc", pid, "status"));
                assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534")),
                        "supervisord itself runs as nobody:\n" + status);
                // RUNNING comes at once with startsecs=0; the child's output reaches its log a little later.
                Path who = s.conf().dir().resolve("who.log");
                Poll.until(java.time.Duration.ofSeconds(20), "the child's id -u in its log",
                        () -> Files.exists(who) ? read(who) : "", text -> !text.isBlank());
                assertEquals("65534", read(who).strip());
                String log = Files.readString(s.conf().dir().resolve("supervisord.log"));
                assertTrue(log.contains("INFO Set uid to user 65534 succeeded"), log);
                assertTrue(!log.contains("Supervisor is running as root"), log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** nobody must reach the folder (and write its socket, log and pidfile there). */
    private static void openToEveryone(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            for (Path p = dir.getParent(); p != null; p = p.getParent()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                    Files.setPosixFilePermissions(p, perms);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
