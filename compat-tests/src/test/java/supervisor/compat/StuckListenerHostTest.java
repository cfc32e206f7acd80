package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import supervisor.testing.Poll;

/**
 * Event listeners that stop reading while other programs make events at a good rate: one that
 * takes an event and then hangs (never answers, never reads again), one that says READY and
 * never reads at all while an event far bigger than a pipe holds waits for it. The daemon does
 * not block on either: it answers supervisorctl, logs the other programs' output, and a third
 * listener keeps receiving its events; the stuck pools keep only {@code buffer_size} events,
 * discarding the oldest with supervisord's words; and once restarted, the stuck listener gets
 * events again.
 */
class StuckListenerHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** Says READY, takes one event, notes its pid in argv[1], then hangs. */
    private static final String STUCK = """
            import os, sys, time
            sys.stdout.write('READY\\n'); sys.stdout.flush()
            headers = dict(x.split(':') for x in sys.stdin.readline().split())
            sys.stdin.read(int(headers['len']))
            with open(sys.argv[1], 'a') as f:
                f.write('%d\\n' % os.getpid())
            while True:
                time.sleep(1000)
            """;
    /** Says READY and never reads. */
    private static final String DEAF = """
            import sys, time
            sys.stdout.write('READY\\n'); sys.stdout.flush()
            while True:
                time.sleep(1000)
            """;
    /** Takes every event and counts it in argv[1]. */
    private static final String COUNTING = """
            import sys
            from supervisor import childutils
            n = 0
            while True:
                childutils.listener.wait(sys.stdin, sys.stdout)
                n += 1
                with open(sys.argv[1], 'w') as f:
                    f.write(str(n))
                childutils.listener.ok(sys.stdout)
            """;
    /**
     * One line of 256 KiB (four pipes' worth: the deaf listener's first event, or its first few),
     * then numbered lines of 16 KiB every 10 ms: enough for a pool whose waiting PROCESS_LOG
     * events are joined (ours, up to 1 MiB each) to overflow within seconds too.
     */
    private static final String CHATTY = """
            import sys, time
            sys.stdout.write('x' * 262144 + '\\n'); sys.stdout.flush()
            i = 0
            while True:
                sys.stdout.write('line %d ' % i + 'y' * 16384 + '\\n'); sys.stdout.flush()
                i += 1
                time.sleep(0.01)
            """;

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    @AgainstBoth
    void aListenerThatStopsReadingBlocksNothing(Implementation impl) {
        scenario(impl, conf -> {
            Path dir = conf.dir();
            conf.section("eventlistener:stuck", "command=/usr/bin/python3 " + script(dir, "stuck.py", STUCK) + " "
                    + dir.resolve("stuck.pids"), "events=PROCESS_STATE,PROCESS_LOG", "buffer_size=10");
            conf.section("eventlistener:deaf", "command=/usr/bin/python3 " + script(dir, "deaf.py", DEAF),
                    "events=PROCESS_LOG", "buffer_size=10");
            conf.section("eventlistener:counting", "command=/usr/bin/python3 " + script(dir, "counting.py", COUNTING)
                    + " " + dir.resolve("counting.n"), "events=PROCESS_STATE,PROCESS_LOG", "buffer_size=1000");
            conf.program("chatty", "/usr/bin/python3 " + script(dir, "chatty.py", CHATTY),
                    "stdout_events_enabled=true", "stdout_logfile=" + dir.resolve("chatty.log"),
                    "stdout_logfile_maxbytes=4MB", "stdout_logfile_backups=1");
            conf.program("flap", "/bin/sleep 0.2", "autorestart=true");
        }, s -> {
            Path dir = s.conf().dir();
            Path activity = dir.resolve("supervisord.log");
            for (String pool : List.of("stuck", "deaf")) {
                Poll.until(DEADLINE, "pool " + pool + " to overflow", () -> read(activity),
                        log -> log.contains("ERRO pool " + pool + " event buffer overflowed, discarding event "));
                s.note("pool " + pool + " event buffer overflowed, discarding event <serial>");
            }

            // meanwhile everything else goes on
            long counted = number(dir.resolve("counting.n"));
            Poll.until(DEADLINE, "the counting listener to receive 50 events more", () -> number(dir.resolve("counting.n")),
                    n -> n >= counted + 50);
            long logged = lastLine(dir.resolve("chatty.log"));
            Poll.until(DEADLINE, "chatty's output to be logged", () -> lastLine(dir.resolve("chatty.log")),
                    n -> n > logged + 100);
            ExecResult status = s.ctlUnrecorded("status", "stuck", "deaf", "counting", "chatty");
            assertTrue(status.stdout().lines().allMatch(l -> l.contains("RUNNING")), status.toString());

            // restarted, the stuck listener gets events again
            Poll.until(DEADLINE, "stuck to take its first event", () -> lines(dir.resolve("stuck.pids")), n -> n == 1);
            s.ctl("restart", "stuck");
            Poll.until(DEADLINE, "stuck, restarted, to take an event", () -> lines(dir.resolve("stuck.pids")), n -> n == 2);
            s.ctlUnordered("stop", "chatty", "flap");
        });
    }

    private static Path script(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long number(Path p) {
        String text = read(p).strip();
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    private static long lines(Path p) {
        return read(p).lines().count();
    }

    /** The number of the last complete line in chatty's log, -1 if none yet. */
    private static long lastLine(Path log) {
        String text = read(log);
        int end = text.lastIndexOf('\n');
        int start = text.lastIndexOf("line ", end);
        return start < 0 || end < 0 ? -1 : Long.parseLong(text.substring(start + 5, text.indexOf(' ', start + 5)));
    }
}
