package supervisor.compat;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * The programs a host test drives that are not the project's (Ansible, Prometheus, iproute2):
 * without one the test is skipped on a developer's machine, but fails on CI ({@code CI=true}),
 * where .ci/run installs them and the test must really run.
 */
final class RequiredTools {

    private RequiredTools() {
    }

    /** The executable's path on PATH; aborts or fails the test, naming the Debian package, if there is none. */
    static Path require(String executable, String debianPackage) {
        Path p = find(executable);
        if (p == null) {
            unavailable(executable + " (Debian package " + debianPackage + ") is not installed");
        }
        return p;
    }

    /** The executable's path on PATH, or null. */
    static Path find(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Aborts the test, or fails it on CI, for {@code why}. */
    static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + why);
        }
        Assumptions.abort(why);
    }
}
