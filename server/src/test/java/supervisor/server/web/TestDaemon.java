package supervisor.server.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import supervisor.rpc.XmlRpcClient;
import supervisor.testing.Poll;
import supervisor.testing.RawConnection;
import supervisor.testing.ReferencePython;
import supervisor.testing.Sockets;

/**
 * A supervisord running in a temporary folder with an inet HTTP server on a free port: ours
 * (the real launcher's entry point, in a JVM of its own, so the daemon's wiring is what is
 * tested) or the reference Python one. Closing it sends SIGTERM, waits for the daemon to stop
 * its children, and kills whatever is left.
 */
final class TestDaemon implements AutoCloseable {
    enum Kind {
        OURS, REAL;

        List<String> command(Path conf) {
            return switch (this) {
                case REAL -> List.of(ReferencePython.SUPERVISORD.toString(), "-n", "-c", conf.toString());
                case OURS -> List.of(javaExecutable(), "--enable-native-access=ALL-UNNAMED", "-Xss256k", "-Xmx128m",
                        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                        "supervisor.server.Main", "-n", "-c", conf.toString());
            };
        }

        private static String javaExecutable() {
            return ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
    }

    static final Duration DEADLINE = Duration.ofSeconds(60);

    final Kind kind;
    final Path dir;
    final int port;
    private final String username;
    private final String password;
    private final Process process;
    private final XmlRpcClient rpc;

    private TestDaemon(Kind kind, Path dir, int port, String username, String password, Process process) {
        this.kind = kind;
        this.dir = dir;
        this.port = port;
        this.username = username;
        this.password = password;
        this.process = process;
        this.rpc = new XmlRpcClient("http://127.0.0.1:" + port, username, password);
    }

    /**
     * @param programs the [program:x] / [group:x] sections, "%(here)s" style paths avoided: the
     *                 folder is available as {@code DIR}
     */
    static TestDaemon start(Kind kind, Path dir, String programs, String username, String password) throws IOException {
        int port = Sockets.freePort();
        StringBuilder conf = new StringBuilder();
        conf.append("[inet_http_server]\nport=127.0.0.1:").append(port).append('\n');
        if (username != null) {
            conf.append("username=").append(username).append("\npassword=").append(password).append('\n');
        }
        conf.append("\n[supervisord]\nlogfile=DIR/supervisord.log\npidfile=DIR/supervisord.pid\n")
                .append("childlogdir=DIR\nnodaemon=true\nloglevel=debug\n\n")
                .append("[rpcinterface:supervisor]\n")
                .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n")
                .append(programs);
        Path file = dir.resolve("supervisord.conf");
        Files.writeString(file, conf.toString().replace("DIR", dir.toString()), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(kind.command(file)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        TestDaemon d = new TestDaemon(kind, dir, port, username, password, p);
        try {
            d.poll("the daemon to answer ok.html", () -> {
                if (!p.isAlive()) {
                    throw new AssertionError(kind + " supervisord exited with " + p.exitValue() + ":\n" + d.output());
                }
                try {
                    return d.get("/ok.html").status() == 200 ? Boolean.TRUE : null;
                } catch (IOException e) {
                    return null;
                }
            });
        } catch (RuntimeException | AssertionError e) {
            d.close();
            throw e;
        }
        return d;
    }

    String output() {
        try {
            return Files.readString(dir.resolve("daemon.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The header lines every request of a test sends: credentials when the server wants them. */
    private List<String> auth() {
        return username == null ? List.of() : List.of("Authorization: " + RawConnection.basic(username, password));
    }

    RawConnection.Reply get(String target, String... headers) throws IOException {
        List<String> all = new ArrayList<>(auth());
        all.addAll(List.of(headers));
        return RawHttp.request(port, "GET", target, all, null);
    }

    RawConnection.Reply post(String target, String body, String... headers) throws IOException {
        List<String> all = new ArrayList<>(auth());
        all.addAll(List.of(headers));
        return RawHttp.request(port, "POST", target, all, body);
    }

    /** getProcessInfo over XML-RPC: the API's view, to check what a page action did. */
    @SuppressWarnings("unchecked")
    Map<String, Object> info(String namespec) throws IOException {
        return (Map<String, Object>) rpc.call("supervisor.getProcessInfo", namespec);
    }

    String statename(String namespec) {
        try {
            return (String) info(namespec).get("statename");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitState(String namespec, String state) {
        Poll.until(DEADLINE, namespec + " to be " + state + " (" + kind + ")", () -> statename(namespec), state::equals,
                this::output);
    }

    /** Polls until {@code probe} gives a value (not null); a timeout shows the daemon's output. */
    <T> T poll(String what, Supplier<T> probe) {
        return Poll.until(DEADLINE, what + " (" + kind + ")", probe::get, Objects::nonNull, this::output);
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        rpc.close();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
