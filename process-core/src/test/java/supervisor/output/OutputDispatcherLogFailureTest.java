package supervisor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.LogLevel;
import supervisor.config.LogTarget;
import supervisor.events.EventBus;
import supervisor.events.SerialCounter;
import supervisor.logging.ActivityLog;
import supervisor.logging.RotatingFileWriter;

/**
 * A log file that cannot be written (a full disk) drops the child's output instead of holding
 * it, says so once, and counts what was lost when the file can be written again.
 */
class OutputDispatcherLogFailureTest {
    @TempDir
    Path dir;

    @Test
    void outputIsDroppedCountedAndResumes() throws IOException {
        // the log's path leads to a full device first, then (after a reopen, as on SIGUSR2) to a file
        Path log = dir.resolve("child.log");
        Path file = dir.resolve("real.log");
        Files.createSymbolicLink(log, Path.of("/dev/full"));
        ByteArrayOutputStream activity = new ByteArrayOutputStream();
        OutputContext context = new OutputContext("x", "x", () -> 1, ActivityLog.console(LogLevel.INFO, activity),
                Runnable::run, new EventBus(new SerialCounter()), false, false);
        LogTarget target = new LogTarget(LogTarget.Kind.FILE, log.toString(), 0, 0, 0, false, false);
        try (RotatingFileWriter writer = new RotatingFileWriter(log, 0, 0)) {
            OutputDispatcher stdout = new OutputDispatcher(context, "stdout", target, writer, null);
            for (int i = 0; i < 3; i++) {
                feed(stdout, "lost line\n");
            }
            assertEquals(List.of("ERRO could not write stdout log of x: No space left on device;"
                    + " its output is dropped until it can be written"), messages(activity));

            Files.delete(log);
            Files.createSymbolicLink(log, file);
            writer.reopen();
            feed(stdout, "kept line\n");
            feed(stdout, "and more\n");
        }
        assertEquals(List.of("ERRO could not write stdout log of x: No space left on device;"
                        + " its output is dropped until it can be written",
                "WARN stdout log of x is written again; 30 bytes of output were lost"), messages(activity));
        assertEquals("kept line\nand more\n", Files.readString(file));
    }

    private static void feed(OutputDispatcher d, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        d.output(b, 0, b.length);
    }

    /** The activity log's lines without their timestamps. */
    private static List<String> messages(ByteArrayOutputStream activity) {
        return activity.toString(StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceFirst("^\\S+ \\S+ ", ""))
                .toList();
    }
}
