package supervisor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

/**
 * Capture mode compared with the real POutputDispatcher.record_output fed the same chunks: which
 * chunks reach the normal log and which capture blocks become events.
 */
class CaptureModeTest {
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

    private static String ours(long maxBytes, List<String> chunks) {
        List<String> out = new ArrayList<>();
        CaptureMode[] mode = new CaptureMode[1];
        mode[0] = new CaptureMode(maxBytes, new CaptureMode.Output() {
            @Override
            public void log(byte[] data) {
                if (mode[0].capturing()) {
                    mode[0].store(data);
                } else {
                    out.add("log:" + ReferencePython.hex(data));
                }
            }

            @Override
            public void captured(byte[] data) {
                out.add("comm:" + ReferencePython.hex(data));
            }
        });
        for (String c : chunks) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            mode[0].feed(b, 0, b.length);
        }
        return out.isEmpty() ? "-" : String.join(" ", out);
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
            assertEquals(expected.get(i), ours(cases.get(i).max, cases.get(i).chunks), "case " + cases.get(i));
        }
    }

    @Test
    void aCompletedBlockIsOneEventWithTheCapturedText() {
        String out = ours(100, List.of("<!--XSUPERVISOR:BEGIN-->hello<!--XSUPERVISOR:END-->more than twenty-four bytes"));
        assertEquals("comm:" + ReferencePython.hex("hello") + " log:"
                + ReferencePython.hex("more than twenty-four bytes"), out);
    }
}
