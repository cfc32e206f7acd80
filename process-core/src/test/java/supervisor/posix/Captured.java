package supervisor.posix;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Collects one child's output and exit through an IoLoop, and checks that no output follows the exit. */
final class Captured {
    static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C");

    final Child child;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final CompletableFuture<WaitStatus> exit = new CompletableFuture<>();
    /** Set when output arrived after the exit callback: the loop broke its ordering promise. */
    volatile boolean outputAfterExit;

    Captured(IoLoop loop, Child child) {
        this.child = child;
        loop.register(child, (b, o, l) -> append(out, b, o, l), (b, o, l) -> append(err, b, o, l), exit::complete);
    }

    static Captured run(IoLoop loop, SpawnRequest req) throws SpawnException {
        return new Captured(loop, Spawner.spawn(req));
    }

    static SpawnRequest request(String path, String... argv) {
        return new SpawnRequest(path, List.of(argv), ENV, null, null, null, false);
    }

    static SpawnRequest sh(String script) {
        return request("/bin/sh", "sh", "-c", script);
    }

    private void append(ByteArrayOutputStream to, byte[] b, int off, int len) {
        if (exit.isDone()) {
            outputAfterExit = true;
        }
        synchronized (to) {
            to.write(b, off, len);
        }
    }

    WaitStatus await() throws Exception {
        WaitStatus status = exit.get(60, TimeUnit.SECONDS);
        if (outputAfterExit) {
            throw new AssertionError("output delivered after the exit callback");
        }
        return status;
    }

    String out() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }
}
