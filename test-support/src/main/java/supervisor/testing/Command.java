package supervisor.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One command run to its end: its argv and, when asked, a working folder, changes to the
 * environment, bytes on stdin (else /dev/null) and a time limit. Both output streams are read
 * while it runs, so a chatty command cannot block on a full pipe. A command that does not finish
 * in time is killed with its descendants and fails the test.
 */
public final class Command {

    /** Generous: it only matters when something hangs. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final List<String> argv;
    private Path directory;
    private Map<String, String> onlyEnvironment;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private byte[] stdin;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Command(List<String> argv) {
        this.argv = new ArrayList<>(argv);
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv));
    }

    public static Command of(List<String> argv) {
        return new Command(argv);
    }

    /** Runs the command through {@code prefix} (e.g. setpriv with its options, to change user). */
    public Command prefixed(List<String> prefix) {
        argv.addAll(0, prefix);
        return this;
    }

    public Command directory(Path dir) {
        this.directory = dir;
        return this;
    }

    /** Sets one variable, or removes it when {@code value} is null. */
    public Command env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Sets (or, for null values, removes) each variable. */
    public Command env(Map<String, String> changes) {
        environment.putAll(changes);
        return this;
    }

    /** Starts from exactly this environment instead of the JVM's; {@link #env} changes still apply. */
    public Command onlyEnv(Map<String, String> env) {
        this.onlyEnvironment = Map.copyOf(env);
        return this;
    }

    public Command stdin(byte[] input) {
        this.stdin = input.clone();
        return this;
    }

    /** {@code input} as UTF-8. */
    public Command stdin(String input) {
        return stdin(input.getBytes(StandardCharsets.UTF_8));
    }

    public Command timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** What a command did: its exit status and both output streams. */
    public record Result(List<String> command, int exitCode, byte[] stdout, byte[] stderr) {

        /** stdout as UTF-8. */
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** stderr as UTF-8. */
        public String err() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        /** This result when the exit status is 0; otherwise fails with the status and stderr. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(describe(command) + " failed (exit " + exitCode + "):\n" + err());
            }
            return this;
        }

        @Override
        public String toString() {
            return describe(command) + "\n  exit " + exitCode + "\n  stdout: " + out().strip() + "\n  stderr: "
                    + err().strip();
        }
    }

    /** Runs the command to its end, whatever its exit status. */
    public Result run() {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        if (onlyEnvironment != null) {
            pb.environment().clear();
            pb.environment().putAll(onlyEnvironment);
        }
        environment.forEach((name, value) -> {
            if (value == null) {
                pb.environment().remove(name);
            } else {
                pb.environment().put(name, value);
            }
        });
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + describe(argv), e);
        }
        long end = System.nanoTime() + timeout.toNanos();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try {
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // it exited (or closed stdin) without reading everything: its status and stderr tell why
                }
            }
            if (!p.waitFor(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + describe(argv));
            }
            long left = Math.max(end - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
            return new Result(List.copyOf(argv), p.exitValue(), out.get(left, TimeUnit.NANOSECONDS),
                    err.get(left, TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted: " + describe(argv), e);
        } catch (TimeoutException e) {
            throw new AssertionError(describe(argv) + " exited but its output stayed open (a child holding it?)");
        } catch (ExecutionException e) {
            throw new AssertionError("cannot read the output of " + describe(argv), e.getCause());
        }
    }

    /** Runs the command, which must exit with 0; returns its stdout as UTF-8. */
    public String output() {
        return run().assertSuccess().out();
    }

    /** Runs the command, which must exit with 0; returns its stdout. */
    public byte[] outputBytes() {
        return run().assertSuccess().stdout();
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }

    /** The command line for a message: a long argument (a script) shows only its start. */
    static String describe(List<String> argv) {
        List<String> shown = new ArrayList<>();
        for (String a : argv) {
            String first = a.lines().findFirst().orElse("");
            shown.add(first.length() > 60 || !first.equals(a) ? first.substring(0, Math.min(60, first.length())) + "…" : a);
        }
        return String.join(" ", shown);
    }
}
