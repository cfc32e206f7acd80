package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;

/**
 * supervisor_ext.getProcessStats and getAllProcessStats (beyond.md, Observability) from Python's
 * xmlrpc.client against our daemon: a program that holds 60 MB and spins shows it, a stopped one
 * shows zeros. OURS alone: 4.2.5 has no such namespace.
 */
class ProcessStatsHostTest extends CompatSuite {
    private static final long MB = 1 << 20;
    /** Touches every page of 60 MB (bytes * n writes them all), then spins. */
    private static final String HOG = """
            held = bytes([1]) * (60 << 20)
            while True:
                pass
            """;

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    @Test
    void aHogShowsItsMemoryAndCpuAndAStoppedProgramZeros() {
        deviation(conf -> {
            Path hog = conf.dir().resolve("hog.py");
            write(hog, HOG);
            conf.program("hog", "/usr/bin/python3 " + hog);
            conf.program("idle", "sleep 1000", "autostart=false");
            conf.program("family", "sh -c 'sleep 1000 & sleep 1000 & wait'", "stopasgroup=true");
        }, s -> {
            s.awaitState("hog", "RUNNING");
            Endpoint e = Endpoint.unix(s.conf());
            long pid = (Long) s.rpcUnrecorded(e, "supervisor.getProcessInfo", "hog").struct().get("pid");
            Map<String, Object> first = Poll.until(Duration.ofSeconds(30), "hog's 60 MB resident",
                    () -> s.rpcUnrecorded(e, "supervisor_ext.getProcessStats", "hog").struct(),
                    st -> (Double) st.get("rss") >= 50 * MB);
            assertEquals(List.of("name", "group", "pid", "rss", "cpu", "fds", "threads"), List.copyOf(first.keySet()));
            assertEquals("hog", first.get("name"));
            assertEquals("hog", first.get("group"));
            assertEquals(pid, first.get("pid"));
            assertInstanceOf(Double.class, first.get("cpu"));
            // stdin, stdout and stderr at least; CPython runs one thread here
            assertTrue((Long) first.get("fds") >= 3, first::toString);
            assertTrue((Long) first.get("threads") >= 1 && (Long) first.get("threads") < 100, first::toString);
            double cpu = (Double) first.get("cpu");
            Poll.until(Duration.ofSeconds(30), "hog's CPU seconds to grow",
                    () -> (Double) s.rpcUnrecorded(e, "supervisor_ext.getProcessStats", "hog").struct().get("cpu") > cpu);

            assertEquals(Map.of("name", "idle", "group", "idle", "pid", 0L, "rss", 0.0, "cpu", 0.0, "fds", 0L,
                    "threads", 0L), s.rpcUnrecorded(e, "supervisor_ext.getProcessStats", "idle").struct());

            // the shell and its two sleeps, once the sleeps run
            s.awaitState("family", "RUNNING");
            Map<String, Object> tree = Poll.until(Duration.ofSeconds(30), "family's tree of three",
                    () -> s.rpcUnrecorded(e, "supervisor_ext.getProcessStats", "family", true).struct(),
                    st -> (Long) st.get("threads") == 3);
            Map<String, Object> alone = s.rpcUnrecorded(e, "supervisor_ext.getProcessStats", "family").struct();
            assertEquals(1L, alone.get("threads"));
            assertTrue((Double) tree.get("rss") > (Double) alone.get("rss"), () -> tree + " vs " + alone);

            List<Object> all = s.rpcUnrecorded(Endpoint.inet(s.conf()), "supervisor_ext.getAllProcessStats").array();
            assertEquals(List.of("family", "hog", "idle"), all.stream().map(m -> ((Map<?, ?>) m).get("name")).toList());
            RpcReply bad = s.rpcUnrecorded(e, "supervisor_ext.getProcessStats", "nosuch");
            assertTrue(bad.isFault(), bad::toString);
            assertEquals(10, bad.faultCode());
            assertEquals("BAD_NAME: nosuch", bad.faultString());
        });
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
