package supervisor.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.HttpServerConfig;
import supervisor.testing.Poll;
import supervisor.testing.RawConnection;
import supervisor.testing.ReferencePython;

/** The real {@code /usr/bin/supervisorctl} following logs through our servers. */
@SuppressWarnings("try") // servers are opened for their side effect: listening
class SupervisorctlTailTest {
    @TempDir
    Path dir;

    /** Collects a process's stdout on a thread of its own so the test can wait for text. */
    static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Output(InputStream in) {
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // the process was killed
                }
            });
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        void await(String expected) {
            Poll.until(RawConnection.TIMEOUT, "\"" + expected + "\" in the output", this::text,
                    t -> t.contains(expected));
        }
    }

    private void follow(String serverUrl, List<String> auth, List<String> command, Path log) throws Exception {
        ReferencePython.assumeAvailable();
        List<String> argv = new ArrayList<>(List.of(ReferencePython.SUPERVISORCTL.toString(), "-s", serverUrl));
        argv.addAll(auth);
        argv.addAll(command);
        Process ctl = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Output out = new Output(ctl.getInputStream());
            out.await("already there");
            Files.writeString(log, "appended while following\n", StandardOpenOption.APPEND);
            out.await("appended while following");
        } finally {
            ctl.destroy();
            if (!ctl.waitFor(10, TimeUnit.SECONDS))
                ctl.destroyForcibly();
        }
    }

    @Test
    void tailFollowsOverUnixSocketWithAuth() throws Exception {
        Path socket = dir.resolve("ctl.sock");
        Path log = Files.writeString(dir.resolve("web.log"), "already there\n");
        try (Servers s = new Servers(Servers.unix(socket, "admin", "secret"))) {
            s.logs.processLogs.put("web/stdout", log);
            follow("unix://" + socket, List.of("-u", "admin", "-p", "secret"), List.of("tail", "-f", "web"), log);
        }
    }

    @Test
    void tailOfGroupMemberStderrOverInet() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        Path log = Files.writeString(dir.resolve("err.log"), "already there\n");
        try (Servers s = new Servers(inet)) {
            s.logs.processLogs.put("grp:worker/stderr", log);
            follow("http://127.0.0.1:" + s.port(inet), List.of(), List.of("tail", "-f", "grp:worker", "stderr"), log);
        }
    }

    @Test
    void maintailFollowsOverUnixSocket() throws Exception {
        Path socket = dir.resolve("main.sock");
        Path log = Files.writeString(dir.resolve("supervisord.log"), "already there\n");
        try (Servers s = new Servers(Servers.unix(socket, null, null))) {
            s.logs.mainLog = log;
            follow("unix://" + socket, List.of(), List.of("maintail", "-f"), log);
        }
    }
}
