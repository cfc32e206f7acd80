package supervisor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.LogLevel;
import supervisor.config.LogTarget;
import supervisor.events.EventBus;
import supervisor.events.EventType;
import supervisor.events.SerialCounter;
import supervisor.logging.ActivityLog;
import supervisor.logging.RotatingFileWriter;
import supervisor.testing.ReferencePython;


/**
 * Capture mode of the output dispatcher compared with the real POutputDispatcher.record_output
 * fed the same chunks: what reaches the normal log and which capture blocks become events.
 */
class OutputDispatcherCaptureTest {
    @TempDir
    Path dir;

    private static final String REFERENCE = """
            import sys, binascii
            from supervisor import dispatchers, loggers, events
            from supervisor.dispatchers import POutputDispatcher
            out = []
            class Normal:
                def info(self, data):
                    out.append('log:' + binascii.hexlify(data).decode())
            dispatchers.notify = lambda ev: out.append('comm:' + binascii.hexlify(ev.data).decode())
            class O: pass
            for block in sys.stdin.read().split('\\n\\n'):
                lines = block.strip().splitlines()
                if not lines:
                    continue
                p = O(); p.pid = 1; p.config = O(); p.config.name = 'x'; p.config.options = O()
                p.config.options.strip_ansi = False
                p.config.options.logger = O(); p.config.options.logger.debug = lambda *a, **k: None
                d = POutputDispatcher.__new__(POutputDispatcher)
                d.process = p; d.event_type = events.ProcessCommunicationStdoutEvent; d.channel = 'stdout'
                d.normallog = Normal()
                d.capturelog = loggers.getLogger(loggers.LevelsByName.BLAT)
                loggers.handle_boundIO(d.capturelog, fmt='%(message)s', maxbytes=int(lines[0]))
                d.childlog = d.normallog
                d.begintoken_data = (d.event_type.BEGIN_TOKEN, len(d.event_type.BEGIN_TOKEN))
                d.endtoken_data = (d.event_type.END_TOKEN, len(d.event_type.END_TOKEN))
                d.log_to_mainlog = False; d.stdout_events_enabled = False; d.stderr_events_enabled = False
                d.capturemode = False; d.output_buffer = b''
                out = []
                for h in lines[1:]:
                    d.output_buffer += binascii.unhexlify(h.strip())
                    d.record_output()
                print(' '.join(out) or '-')
            """;

    /**
     * The real dispatcher fed the same chunks: what reached its log file (read back after each
     * chunk and at each event) and the PROCESS_COMMUNICATION events it raised, in order. Runs
     * of log output are joined, since a file keeps no chunk boundaries.
     */
    private String ours(long maxBytes, List<String> chunks) throws IOException {
        Path file = dir.resolve("out-" + maxBytes + "-" + chunks.hashCode() + ".log");
        List<String> out = new ArrayList<>();
        long[] seen = {0};
        Runnable readLog = () -> {
            try {
                byte[] all = Files.readAllBytes(file);
                if (all.length > seen[0]) {
                    out.add("log:" + ReferencePython.hex(Arrays.copyOfRange(all, (int) seen[0], all.length)));
                    seen[0] = all.length;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        EventBus events = new EventBus(new SerialCounter());
        events.subscribe(EventType.PROCESS_COMMUNICATION, e -> {
            readLog.run();
            out.add("comm:" + ReferencePython.hex(e.payload().substring(e.payload().indexOf('\n') + 1)));
        });
        OutputContext context = new OutputContext("x", "x", () -> 1, ActivityLog.console(LogLevel.INFO,
                OutputStream.nullOutputStream()), Runnable::run, events, false, false);
        LogTarget target = new LogTarget(LogTarget.Kind.FILE, file.toString(), 0, 0, maxBytes, false, false);
        try (RotatingFileWriter writer = new RotatingFileWriter(file, 0, 0)) {
            OutputDispatcher stdout = new OutputDispatcher(context, "stdout", target, writer, null);
            for (String c : chunks) {
                byte[] b = c.getBytes(StandardCharsets.UTF_8);
                stdout.output(b, 0, b.length);
                readLog.run();
            }
        }
        return joinLogRuns(out);
    }

    private static String joinLogRuns(List<String> entries) {
        List<String> joined = new ArrayList<>();
        for (String e : entries) {
            int last = joined.size() - 1;
            if (e.startsWith("log:") && last >= 0 && joined.get(last).startsWith("log:")) {
                joined.set(last, joined.get(last) + e.substring("log:".length()));
            } else {
                joined.add(e);
            }
        }
        return joined.isEmpty() ? "-" : String.join(" ", joined);
    }

    @Test
    void matchesTheReference() throws Exception {
        String b = "<!--XSUPERVISOR:BEGIN-->";
        String e = "<!--XSUPERVISOR:END-->";
        record Case(long max, List<String> chunks) {
        }
        List<Case> cases = List.of(
                new Case(100, List.of("plain output that is long enough\n")),
                new Case(100, List.of("short\n")),
                new Case(100, List.of("before\n" + b + "payload" + e + "after, long enough to be logged\n")),
                new Case(100, List.of("before\n<!--XSUPER", "VISOR:BEGIN-->pay", "load<!--XSUPERVISOR:E",
                        "ND-->and the rest of the output line\n")),
                new Case(10, List.of(b + "0123456789", "abcdefghijklmnopqrstuvwxyz", "XYZ" + e + "tail tail tail tail tail tail\n")),
                new Case(100, List.of(b + "one" + e + b + "two" + e + "and then more normal output\n")),
                new Case(100, List.of("xx<!--XSUPERVISOR:BEGIN", "!-- not a token, but long enough\n")),
                new Case(100, List.of(b, "abc", e, "z")));
        StringBuilder input = new StringBuilder();
        for (Case c : cases) {
            input.append(c.max).append('\n');
            for (String chunk : c.chunks) {
                input.append(ReferencePython.hex(chunk)).append('\n');
            }
            input.append('\n');
        }
        List<String> expected = ReferencePython.run(REFERENCE, input.toString()).lines().toList();
        assertEquals(cases.size(), expected.size());
        for (int i = 0; i < cases.size(); i++) {
            String reference = expected.get(i);
            assertEquals(joinLogRuns(reference.equals("-") ? List.of() : List.of(reference.split(" "))),
                    ours(cases.get(i).max, cases.get(i).chunks), "case " + cases.get(i));
        }
    }

    @Test
    void aCompletedBlockIsOneEventWithTheCapturedText() throws IOException {
        String out = ours(100, List.of("<!--XSUPERVISOR:BEGIN-->hello<!--XSUPERVISOR:END-->more than twenty-four bytes"));
        assertEquals("comm:" + ReferencePython.hex("hello") + " log:"
                + ReferencePython.hex("more than twenty-four bytes"), out);
    }
}
