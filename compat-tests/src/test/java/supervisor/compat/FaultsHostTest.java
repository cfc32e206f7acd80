package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;

import supervisor.testing.Command;
import supervisor.testing.Poll;

/**
 * Faults of the machine around the daemon, as an operator meets them: here, the disk holding a
 * child's log fills up. Needs root (it mounts a small tmpfs), as such tests do.
 */
class FaultsHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Every line the writer below prints is this long. */
    private static final int LINE = 112;
    /** Prints numbered lines of LINE bytes, and after each one how many it has printed (to a file not on the small disk). */
    private static final String WRITER = """
            import os, sys, time
            i = 0
            while True:
                sys.stdout.write('line %06d ' % i + 'x' * 99 + '\\n')
                i += 1
                with open(sys.argv[1] + '.tmp', 'w') as f:
                    f.write(str(i))
                os.replace(sys.argv[1] + '.tmp', sys.argv[1])
                time.sleep(0.001)
            """;

    private final List<Path> mounts = new ArrayList<>();

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    @AfterEach
    void unmount() {
        for (Path m : mounts) {
            Command.of("umount", "-l", m.toString()).run();
        }
    }

    /**
     * While the disk holding a child's log is full, the child goes on running and writing (its
     * pipe is drained, never left full), and once space returns its log is written again. Ours
     * also says so in the activity log, once, with the count of bytes lost: after the child
     * stops, the log file holds everything it wrote except exactly that count.
     */
    @AgainstBoth
    void aFullDiskDropsOutputUntilSpaceReturns(Implementation impl) {
        scenario(impl, conf -> {
            Path disk = conf.dir().resolve("disk");
            mount(disk);
            Path writer = conf.dir().resolve("writer.py");
            write(writer, WRITER);
            conf.program("w", "/usr/bin/python3 -u " + writer + " " + conf.dir().resolve("w.count"),
                    "stdout_logfile=" + disk.resolve("w.log"),
                    "stdout_logfile_maxbytes=0");
        }, s -> {
            Path disk = s.conf().dir().resolve("disk");
            Path log = disk.resolve("w.log");
            Path count = s.conf().dir().resolve("w.count");
            s.awaitState("w", "RUNNING");
            Poll.until(DEADLINE, "w's first lines in its log", () -> size(log), n -> n > 10 * LINE);
            long pid = (Long) s.rpcUnrecorded(Endpoint.unix(s.conf()), "supervisor.getProcessInfo", "w").struct().get("pid");

            fill(disk.resolve("filler"));
            long full = lines(count);
            // 1,000 lines are 112 KB, more than a pipe holds: the child was not left blocked on it
            Poll.until(DEADLINE, "w to write 1,000 lines more while the disk is full", () -> lines(count),
                    n -> n > full + 1000);

            delete(disk.resolve("filler"));
            long freed = lines(count);
            Poll.until(DEADLINE, "w's log to be written again", () -> lastLine(log), n -> n >= freed);
            assertEquals(pid, s.rpcUnrecorded(Endpoint.unix(s.conf()), "supervisor.getProcessInfo", "w").struct().get("pid"),
                    "w kept running");

            s.rpcUnrecorded(Endpoint.unix(s.conf()), "supervisor.stopProcess", "w", true);
            if (s.daemon().implementation() == Implementation.OURS) {
                String activity = read(s.conf().dir().resolve("supervisord.log"));
                assertEquals(1, occurrences(activity, "ERRO could not write stdout log of w: No space left on device;"
                        + " its output is dropped until it can be written"), activity);
                Matcher lost = Pattern.compile("WARN stdout log of w is written again; (\\d+) bytes of output were lost")
                        .matcher(activity);
                assertTrue(lost.find(), activity);
                // w counts a line after writing it: stopped in between, it wrote one line more than it counted
                long counted = lines(count) * LINE;
                long accounted = size(log) + Long.parseLong(lost.group(1));
                assertTrue(accounted == counted || accounted == counted + LINE,
                        "every byte w wrote is in its log or counted as lost: " + accounted + " bytes for "
                                + counted + " counted");
            }
        });
    }

    private void mount(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.Result r = Command.of("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.toString()).run();
        assertEquals(0, r.exitCode(), "mount a 256 KiB tmpfs (needs root): " + r);
        mounts.add(dir);
    }

    /** Writes to {@code file} until the disk refuses. */
    private static void fill(Path file) {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // what we wanted: no space left
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path count) {
        String text = Files.exists(count) ? read(count).strip() : "";
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    /** The number on the last complete line of the log, -1 if none. */
    private static long lastLine(Path log) {
        String text = Files.exists(log) ? read(log) : "";
        int end = text.lastIndexOf('\n');
        int start = text.lastIndexOf("line ", end);
        return start < 0 || end < 0 ? -1 : Long.parseLong(text.substring(start + 5, start + 11));
    }

    private static int occurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
