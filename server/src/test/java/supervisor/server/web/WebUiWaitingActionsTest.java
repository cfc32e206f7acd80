package supervisor.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.RawConnection;

/**
 * Start actions wait for their process like startProcess does, but hold no server thread while
 * they wait: with more of them pending than the server has threads, pages still answer.
 */
class WebUiWaitingActionsTest {
    static final int PROCESSES = 30;

    @Test
    void pendingStartsHoldNoThreads(@TempDir Path dir) throws Exception {
        String programs = """
                [program:slow]
                process_name=%%(program_name)s_%%(process_num)02d
                numprocs=%d
                command=/bin/sleep 1000
                autostart=false
                startsecs=5
                """.formatted(PROCESSES).replace("%%", "%");
        try (TestDaemon daemon = TestDaemon.start(TestDaemon.Kind.OURS, dir, programs, null, null);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<String> names = new ArrayList<>();
            List<CompletableFuture<RawConnection.Reply>> starts = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                String name = "slow:slow_%02d".formatted(i);
                names.add(name);
                starts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return daemon.get("/index.html?action=start&processname=" + WebText.quote(name),
                                "Host: 127.0.0.1:" + daemon.port);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, clients));
            }
            names.forEach(n -> daemon.awaitState(n, "STARTING"));

            assertEquals(200, daemon.get("/ok.html").status());
            assertEquals(PROCESSES, Pages.rows(daemon.get("/").body()).size());
            assertTrue(starts.stream().noneMatch(CompletableFuture::isDone),
                    "the pages answered while every start was still waiting");

            for (int i = 0; i < PROCESSES; i++) {
                RawConnection.Reply reply = starts.get(i).join();
                assertEquals(301, reply.status(), reply::toString);
                assertEquals("http://127.0.0.1:" + daemon.port + "/?message="
                        + WebText.quote("Process " + names.get(i) + " started"), reply.header("Location"));
                assertEquals("RUNNING", daemon.statename(names.get(i)));
            }
        }
    }
}
