package supervisor.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import supervisor.testing.ReferencePython;

/**
 * A supervisord to judge. Both are started the same way, `<executable> -n -c <conf>`,
 * so a scenario cannot tell which one it drives except by what the clients see.
 */
public enum Implementation {
    /** Debian's Python supervisord 4.2.5: the reference. */
    REAL,
    /** This project's launcher. */
    OURS;

    public Path executable() {
        return switch (this) {
            case REAL -> ReferencePython.SUPERVISORD;
            case OURS -> repoRoot().resolve("scripts/supervisord");
        };
    }

    public List<String> command(Path conf) {
        return List.of(executable().toString(), "-n", "-c", conf.toString());
    }

    /**
     * Skips the calling test when this implementation cannot run here, except on CI
     * ({@code CI=true}), where that is a failure: CI is where both must run.
     */
    public void assumeAvailable() {
        String why = unavailableReason();
        if (why != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true and " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    /** Why this implementation cannot run here, or null when it can. */
    public String unavailableReason() {
        Path exe = executable();
        if (!Files.isExecutable(exe)) {
            return this + " supervisord not found at " + exe + (this == OURS ? " (the launcher has not landed on this branch)" : "");
        }
        return null;
    }

    /** The checkout root: the parent of the compat-tests module (Maven runs tests in the module folder). */
    public static Path repoRoot() {
        String configured = System.getProperty("compat.repoRoot");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("compat-tests")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + dir);
    }
}
