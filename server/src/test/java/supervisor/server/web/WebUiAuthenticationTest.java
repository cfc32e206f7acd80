package supervisor.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.RawConnection;

/** With a user name in [inet_http_server], every page and file of the UI needs the credentials. */
class WebUiAuthenticationTest {

    @Test
    void everyPathWantsCredentials(@TempDir Path dir) throws IOException {
        String programs = """
                [program:sleeper]
                command=/bin/sleep 1000
                autostart=false
                """;
        try (TestDaemon daemon = TestDaemon.start(TestDaemon.Kind.OURS, dir, programs, "alice", "s3cret")) {
            List<String> targets = List.of("/", "/index.html", "/index.html?processname=sleeper&action=start",
                    "/tail.html?processname=sleeper", "/ok.html", "/stylesheets/supervisor.css", "/images/icon.png");
            for (String target : targets) {
                RawConnection.Reply anonymous = RawHttp.get(daemon.port, target);
                assertEquals(401, anonymous.status(), target);
                assertEquals("Basic realm=\"default\"", anonymous.header("WWW-Authenticate"), target);
                assertEquals(401, RawHttp.get(daemon.port, target,
                        "Authorization: " + RawConnection.basic("alice", "wrong")).status(), target);
            }
            assertEquals("STOPPED", daemon.statename("sleeper"), "an unauthenticated action does nothing");

            for (String target : targets) {
                int expected = target.contains("action=") ? 301 : 200;
                assertEquals(expected, RawHttp.get(daemon.port, target,
                        "Authorization: " + RawConnection.basic("alice", "s3cret")).status(), target);
            }
            assertEquals("RUNNING", daemon.statename("sleeper"));
        }
    }
}
