package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;
import supervisor.testing.RawConnection;
import supervisor.testing.ReferencePython;

/**
 * A program whose output holds characters XML 1.0 cannot carry: the C0 controls but tab, LF
 * and CR, U+FFFE and U+FFFF (and, around them, characters it can: DEL, a C1 control, U+FFFD, a
 * Control Picture of its own, markup). supervisord 4.2.5 copies them into its XML-RPC answers
 * as they are, and Python's xmlrpc.client refuses those answers; ours sends a stand-in for each
 * (a C0 control's picture, U+2400 and up; U+FFFD for U+FFFE and U+FFFF), so readProcess*Log,
 * tailProcess*Log, readLog and {@code supervisorctl tail} show the output, while the offsets
 * stay those of the log file's bytes. The HTTP log tail is not XML and carries the bytes as
 * they are, as supervisord's does.
 *
 * <p>The output is valid UTF-8, so that the main log (loglevel=debug) copies it as it is, not as
 * supervisord's {@code Undecodable: b'...'}.
 */
class ControlCharactersHostTest extends CompatSuite {

    /** What the program writes to stdout and stderr at start, and to stdout after each line it reads. */
    private static final byte[] PATTERN = pattern();

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Writes PATTERN to stdout, then to stderr; then echoes each line of stdin to stdout, PATTERN after it. */
    private static final String PROGRAM = """
            import os, sys
            PATTERN = bytes.fromhex('%s')
            os.write(1, PATTERN)
            os.write(2, PATTERN)
            while True:
                line = sys.stdin.buffer.readline()
                if not line:
                    break
                os.write(1, line + PATTERN)
            """.formatted(HexFormat.of().formatHex(PATTERN));

    private static byte[] pattern() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = 0; c < 0x20; c++) {
            b.write(c);
        }
        b.writeBytes(" \u007f \u0085 \ufffd \ufffe \uffff \u2400 é😀 & <b> end\n".getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    private static void emitting(SupervisorConf conf) {
        Path program = conf.dir().resolve("emit.py");
        try {
            Files.writeString(program, PROGRAM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        conf.program("emit", ReferencePython.PYTHON + " " + program,
                "stdout_logfile=" + stdoutLog(conf), "stderr_logfile=" + conf.dir().resolve("emit.err"));
    }

    private static Path stdoutLog(SupervisorConf conf) {
        return conf.dir().resolve("emit.out");
    }

    /** Until both logs hold PATTERN and the main log (loglevel=debug) has copied it twice. */
    private static void awaitOutput(Session s) {
        s.awaitState("emit", "RUNNING");
        Path dir = s.conf().dir();
        Poll.until(DEADLINE, "the program's output in its logs and the main log", () ->
                Arrays.equals(PATTERN, read(dir.resolve("emit.out"))) && Arrays.equals(PATTERN, read(dir.resolve("emit.err")))
                        && occurrences(read(dir.resolve("supervisord.log")), PATTERN) == 2);
    }

    /** What a client reads for these bytes: the stand-ins, and CR read as LF by its XML parser (as from supervisord). */
    private static String seen(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        new String(bytes, StandardCharsets.UTF_8).codePoints().map(cp ->
                cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' ? 0x2400 + cp
                        : cp == 0xfffe || cp == 0xffff ? 0xfffd : cp).forEach(text::appendCodePoint);
        return text.toString().replace("\r\n", "\n").replace('\r', '\n');
    }

    @Test
    void supervisordAnswersWhatItsOwnClientsCannotRead() {
        scenario(Implementation.REAL, ControlCharactersHostTest::emitting, s -> {
            awaitOutput(s);
            RpcReply r = s.rpcUnrecorded(Endpoint.unix(s.conf()), "supervisor.readProcessStdoutLog", "emit", 0, 0);
            assertTrue(r.error() != null && r.error().startsWith("ExpatError: not well-formed (invalid token)"), r::toString);
            ExecResult tail = s.ctlUnrecorded("tail", "emit");
            assertTrue(tail.stdout().startsWith("error: <class 'xml.parsers.expat.ExpatError'>"), tail::toString);
        });
    }

    @Test
    void clientsReadAStandInForEachCharacter() {
        deviation(ControlCharactersHostTest::emitting, s -> {
            awaitOutput(s);
            String seen = seen(PATTERN);
            for (Endpoint e : List.of(Endpoint.unix(s.conf()), Endpoint.inet(s.conf()))) {
                List<RpcReply> r = s.rpcs(e, List.of(
                        List.of("supervisor.readProcessStdoutLog", "emit", 0, 0),
                        List.of("supervisor.readProcessStderrLog", "emit", 0, 0),
                        List.of("supervisor.readProcessLog", "emit", -PATTERN.length, 0),
                        List.of("supervisor.readProcessStdoutLog", "emit", 1, 3),
                        List.of("supervisor.tailProcessStdoutLog", "emit", 0, 100000),
                        List.of("supervisor.tailProcessStderrLog", "emit", 0, 100000),
                        List.of("supervisor.readLog", 0, 0)));
                assertEquals(seen, r.get(0).result(), e.label());
                assertEquals(seen, r.get(1).result(), e.label());
                assertEquals(seen, r.get(2).result(), e.label());
                assertEquals("\u2401\u2402\u2403", r.get(3).result(), e.label());
                assertEquals(List.of(seen, (long) PATTERN.length, false), r.get(4).result(), e.label());
                assertEquals(List.of(seen, (long) PATTERN.length, false), r.get(5).result(), e.label());
                String mainLog = (String) r.get(6).result();
                assertTrue(mainLog.contains(" DEBG 'emit' stdout output:\n" + seen), mainLog);
                assertTrue(mainLog.contains(" DEBG 'emit' stderr output:\n" + seen), mainLog);
            }

            ExecResult tail = s.ctlUnrecorded("tail", "emit");
            assertEquals(0, tail.exitCode(), tail::toString);
            assertEquals(seen + "\n", tail.stdout(), tail::toString);
            ExecResult tailStderr = s.ctlUnrecorded("tail", "emit", "stderr");
            assertEquals(seen + "\n", tailStderr.stdout(), tailStderr::toString);
            ExecResult maintail = s.ctlUnrecorded("maintail", "-20000");
            assertTrue(maintail.stdout().contains(" DEBG 'emit' stderr output:\n" + seen), maintail::toString);

            // the HTTP log tail (supervisorctl tail -f) is no XML: the log's bytes go as they are
            try (RawConnection c = RawConnection.unix(s.conf().socket())) {
                assertEquals(200, c.send("GET /logtail/emit/stdout HTTP/1.1\r\nHost: localhost\r\n\r\n").readReply().status());
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while (body.size() < PATTERN.length) {
                    body.writeBytes(c.readChunk());
                }
                assertArrayEquals(PATTERN, body.toByteArray());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    /**
     * A tail that asks for exactly the bytes added since the offset it was given last gets them
     * all, once each: the offsets count the log file's bytes, whatever the text sent for them
     * (a NUL is one byte in the file, three in the answer's UTF-8).
     */
    @Test
    void tailOffsetsCountTheLogFilesBytes() {
        deviation(ControlCharactersHostTest::emitting, s -> {
            awaitOutput(s);
            Endpoint e = Endpoint.unix(s.conf());
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            written.writeBytes(PATTERN);
            StringBuilder tailed = new StringBuilder();
            long offset = 0;
            for (int round = 1; round <= 4; round++) {
                if (round > 1) {
                    String line = "round " + round + "\n";
                    assertEquals(true, s.rpc(e, "supervisor.sendProcessStdin", "emit", line).result());
                    written.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
                    written.writeBytes(PATTERN);
                }
                long size = written.size();
                Poll.until(DEADLINE, "round " + round + " in the log", () -> read(stdoutLog(s.conf())).length == size);
                // asked for no bytes: the size, and whether there is more than that past the offset
                assertEquals(List.of("", size, true), s.rpc(e, "supervisor.tailProcessStdoutLog", "emit", (int) offset, 0).result());
                List<Object> slice = s.rpc(e, "supervisor.tailProcessStdoutLog", "emit", (int) offset, (int) (size - offset)).array();
                byte[] added = Arrays.copyOfRange(written.toByteArray(), (int) offset, (int) size);
                assertEquals(List.of(seen(added), size, false), slice, "round " + round);
                tailed.append((String) slice.get(0));
                offset = (Long) slice.get(1);
                assertEquals(List.of("", size, false), s.rpc(e, "supervisor.tailProcessStdoutLog", "emit", (int) offset, 1600).result(),
                        "nothing new after the returned offset");
            }
            assertEquals(seen(written.toByteArray()), tailed.toString());
            assertEquals(tailed.toString(), s.rpc(e, "supervisor.readProcessStdoutLog", "emit", 0, 0).result());
        });
    }

    private static byte[] read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int occurrences(byte[] haystack, byte[] needle) {
        int count = 0;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                count++;
            }
        }
        return count;
    }
}
