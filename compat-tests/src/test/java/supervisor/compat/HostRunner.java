package supervisor.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs commands on this machine: Debian's supervisorctl and the python3 that has supervisor importable. */
public final class HostRunner implements CommandRunner {

    public static final HostRunner INSTANCE = new HostRunner();

    private HostRunner() {
    }

    @Override
    public ExecResult run(Duration timeout, List<String> argv) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        }
        // Both streams are drained concurrently so a chatty command cannot block on a full pipe.
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + argv);
            }
            return new ExecResult(argv, p.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted: " + argv, e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot read output of " + argv, e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }

    @Override
    public String supervisorctl() {
        return "/usr/bin/supervisorctl";
    }

    @Override
    public String python() {
        // python3 on PATH may lack the supervisor package; Debian's own has it.
        return "/usr/bin/python3";
    }

    @Override
    public String where() {
        return "host";
    }
}
