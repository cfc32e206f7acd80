package supervisor.compat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server a test runs beside the daemons (Prometheus, an exporter) until {@link #close()}: its
 * output goes to a file, shown when something about it fails; close stops it with TERM, as its
 * service manager would, and KILL when that is not enough. Should the JVM itself be killed, the
 * kernel kills the server too (setpriv's parent-death signal, which lasts across its exec): tied
 * to the thread that called {@link #start}, so start it from the test's own thread.
 */
public final class BackgroundProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private BackgroundProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code argv} with stdin from /dev/null and both output streams to {@code log}. */
    public static BackgroundProcess start(Path log, List<String> argv) {
        try {
            List<String> command = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL"));
            command.addAll(argv);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            return new BackgroundProcess(Path.of(argv.getFirst()).getFileName().toString(), p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
    }

    /** Fails, with its output, if it has exited: what a poll on it should stop at. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
        }
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
