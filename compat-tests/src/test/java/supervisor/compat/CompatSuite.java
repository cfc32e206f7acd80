package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of every differential suite. A scenario is a config ({@code setup}) plus client steps
 * ({@code steps}) that also assert what they expect directly. It runs against REAL and against
 * OURS; OURS must produce the same normalised transcript as REAL did.
 */
public abstract class CompatSuite {

    /** REAL's transcripts, by suite class and scenario, so a scenario runs against REAL only once. */
    private static final Map<String, Transcript> REAL_RUNS = new ConcurrentHashMap<>();

    /** One folder per test class holding every scenario's folder; containers mount it at the same path. */
    @TempDir
    static Path base;

    private String scenarioKey;

    /** Where the clients run. */
    protected abstract CommandRunner runner();

    @BeforeEach
    void rememberScenario(TestInfo info) {
        scenarioKey = getClass().getName() + "#" + info.getTestMethod().orElseThrow().getName();
    }

    protected static Path base() {
        return base;
    }

    /** Copies a file of the test resources (a helper script) into {@code dir}; returns the copy. */
    static Path installResource(Path dir, String name) {
        Path target = dir.resolve(name);
        try (InputStream in = CompatSuite.class.getResourceAsStream("/" + name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Runs one scenario against {@code impl}; for OURS, also compares with REAL's transcript. */
    protected void scenario(Implementation impl, Consumer<SupervisorConf> setup, Consumer<Session> steps) {
        impl.assumeAvailable();
        Transcript transcript = run(impl, setup, steps);
        if (impl == Implementation.REAL) {
            REAL_RUNS.put(scenarioKey, transcript);
            return;
        }
        Transcript real = REAL_RUNS.computeIfAbsent(scenarioKey, k -> run(Implementation.REAL, setup, steps));
        assertEquals(real.text(), transcript.text(), "OURS differs from REAL (normalised transcripts, clients on "
                + runner().where() + ")");
    }

    /**
     * Runs a scenario against OURS alone: for a known deviation (README), where REAL's answer is
     * one its own clients cannot read, there is no transcript worth comparing with. The steps
     * assert what OURS does instead.
     */
    protected void deviation(Consumer<SupervisorConf> setup, Consumer<Session> steps) {
        Implementation.OURS.assumeAvailable();
        run(Implementation.OURS, setup, steps);
    }

    private Transcript run(Implementation impl, Consumer<SupervisorConf> setup, Consumer<Session> steps) {
        return run(impl, runner(), setup, steps);
    }

    /** Runs a scenario against {@code impl} with its clients run by {@code clients}; returns its transcript. */
    protected Transcript run(Implementation impl, CommandRunner clients, Consumer<SupervisorConf> setup,
            Consumer<Session> steps) {
        SupervisorConf conf = SupervisorConf.in(base);
        setup.accept(conf);
        try (Supervisord daemon = Supervisord.start(impl, conf)) {
            Session session = new Session(daemon, clients);
            try {
                steps.accept(session);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(impl + " (clients on " + clients.where() + "): " + e.getMessage()
                        + "\n--- transcript so far ---\n" + session.transcript(), e);
            }
            return session.transcript();
        }
    }
}
