package supervisor.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import supervisor.testing.Json;
import supervisor.testing.Poll;
import supervisor.testing.ReferencePython;

/**
 * A unix datagram socket that a test reads what a daemon sends to: a stand-in for syslog's
 * {@code /dev/log} or systemd's {@code NOTIFY_SOCKET} ({@code datagram_sink.py}, in Python so
 * that receiving is not ours to get wrong).
 */
final class DatagramSink implements AutoCloseable {
    /** One datagram, and CLOCK_MONOTONIC in microseconds when it arrived. */
    record Datagram(long usec, String text) {
    }

    private final Path socket;
    private final Path received;
    private final Process process;

    private DatagramSink(Path socket, Path received, Process process) {
        this.socket = socket;
        this.received = received;
        this.process = process;
    }

    /** A sink bound to {@code dir/name.sock}, returned once it receives. */
    static DatagramSink in(Path dir, String name) {
        Path script = CompatSuite.installResource(dir, "datagram_sink.py");
        try {
            Path socket = dir.resolve(name + ".sock");
            Path received = dir.resolve(name + ".jsonl");
            Process p = new ProcessBuilder(ReferencePython.PYTHON.toString(), script.toString(), socket.toString(),
                    received.toString()).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile())
                    .start();
            DatagramSink sink = new DatagramSink(socket, received, p);
            Poll.until(Duration.ofSeconds(30), name + " sink to bind " + socket, () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("the datagram sink exited: " + Files.readString(dir.resolve(name + ".out")));
                }
                return Files.exists(socket);
            });
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path socket() {
        return socket;
    }

    /** Every datagram received so far, in order. */
    List<Datagram> received() {
        List<Datagram> all = new ArrayList<>();
        try {
            if (!Files.exists(received)) {
                return all;
            }
            for (String line : Files.readAllLines(received)) {
                if (line.endsWith("}")) { // a line being written is not complete yet
                    Map<?, ?> m = (Map<?, ?>) Json.parse(line);
                    all.add(new Datagram(((Number) m.get("usec")).longValue(), (String) m.get("text")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** The texts received so far, in order. */
    List<String> texts() {
        return received().stream().map(Datagram::text).toList();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
