package supervisor.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.RawConnection;

/** Stop All and Restart All act on every process and redirect only when they are done. */
class WebUiAllProcessesTest {

    @Test
    void stopAllThenRestartAll(@TempDir Path dir) throws IOException {
        String programs = """
                [program:one]
                command=/bin/sleep 1000
                startsecs=0

                [program:two]
                command=/bin/sleep 1000
                startsecs=1

                [group:grp]
                programs=three

                [program:three]
                command=/bin/sleep 1000
                startsecs=0
                """;
        List<String> all = List.of("one", "two", "grp:three");
        try (TestDaemon daemon = TestDaemon.start(TestDaemon.Kind.OURS, dir, programs, null, null)) {
            all.forEach(p -> daemon.awaitState(p, "RUNNING"));
            String url = "http://127.0.0.1:" + daemon.port + "/?message=";

            RawConnection.Reply stopped = daemon.get("/index.html?action=stopall", "Host: 127.0.0.1:" + daemon.port);
            assertEquals(301, stopped.status(), stopped::toString);
            assertTrue(stopped.header("Location").startsWith(url + WebText.quote("All stopped at ")), stopped::toString);
            for (String p : all) {
                assertEquals("STOPPED", daemon.statename(p), p);
            }

            RawConnection.Reply restarted = daemon.get("/index.html?action=restartall", "Host: 127.0.0.1:" + daemon.port);
            assertEquals(301, restarted.status(), restarted::toString);
            assertTrue(restarted.header("Location").startsWith(url + WebText.quote("All restarted at ")), restarted::toString);
            // two has startsecs=1: the redirect waited for it
            for (String p : all) {
                assertEquals("RUNNING", daemon.statename(p), p);
            }
        }
    }
}
