package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config supervisord refuses: it must exit 2 with the same "Error: ..." text as the real one,
 * before creating its socket, pid file or log.
 */
class BadConfigTest {

    private static final Map<String, ExecResult> REAL_RUNS = new ConcurrentHashMap<>();

    @TempDir
    static Path base;

    static Stream<Arguments> cases() {
        Map<String, Consumer<SupervisorConf>> cases = Map.of(
                "no command", c -> c.section("program:x", "startsecs=0"),
                "bad integer", c -> c.program("x", "sleep 1", "startsecs=soon"),
                "bad boolean", c -> c.program("x", "sleep 1", "autostart=maybe"),
                "bad signal", c -> c.program("x", "sleep 1", "stopsignal=NOPE"),
                "unknown group member", c -> c.program("x", "sleep 1").section("group:g", "programs=x,y"));
        return cases.entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(e -> Stream.of(Implementation.values())
                .map(impl -> Arguments.of(e.getKey(), impl, e.getValue())));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("cases")
    void refusedWithExit2(String name, Implementation impl, Consumer<SupervisorConf> setup) throws IOException {
        impl.assumeAvailable();
        ExecResult r = run(impl, setup);
        if (impl == Implementation.OURS) {
            ExecResult real = REAL_RUNS.computeIfAbsent(name, k -> run(Implementation.REAL, setup));
            assertEquals(real.exitCode(), r.exitCode(), "exit status like REAL's");
            assertEquals(real.stdout(), r.stdout(), "stdout like REAL's");
            assertEquals(real.stderr(), r.stderr(), "stderr like REAL's");
        } else {
            REAL_RUNS.put(name, r);
        }
    }

    /** Runs, asserts what holds for any implementation, and returns the run with outputs normalised. */
    private static ExecResult run(Implementation impl, Consumer<SupervisorConf> setup) {
        SupervisorConf conf = SupervisorConf.in(base);
        setup.accept(conf);
        ExecResult r = Supervisord.runToExit(impl, conf, Duration.ofSeconds(Supervisord.START_DEADLINE.toSeconds()));
        assertEquals(2, r.exitCode(), () -> impl + ": " + r);
        assertTrue(r.stderr().startsWith("Error: "), () -> impl + ": " + r);
        try (Stream<Path> left = Files.list(conf.dir())) {
            assertEquals(List.of(conf.file()), left.toList(), impl + " left files behind");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new ExecResult(r.argv(), r.exitCode(), Normalizer.normalize(r.stdout(), conf), Normalizer.normalize(r.stderr(), conf));
    }
}
