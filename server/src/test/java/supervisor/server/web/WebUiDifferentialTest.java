package supervisor.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.RawConnection;
import supervisor.testing.ReferencePython;

/**
 * One browsing session, replayed against the reference supervisord and against ours: the
 * same clicks must give the same redirects and messages, the same table (classes, states,
 * links, action slots) and the same tail pages. Only what differs from run to run (pids,
 * uptimes, clock times) is masked.
 */
class WebUiDifferentialTest {
    static final String HOST = "example.org:8080";

    static final String PROGRAMS = """
            [program:echo]
            command=/bin/sh -c 'printf "%%s\\n" "<script>alert(1)</script> & done"; exec /bin/sleep 1000'
            startsecs=1

            [program:idle]
            command=/bin/sleep 1000
            autostart=false
            startsecs=1

            [program:bad]
            command=/bin/false
            startretries=0

            [group:grp]
            programs=member

            [program:member]
            command=/bin/sleep 1000
            startsecs=1
            """;

    /** The clicks: each a query on index.html. */
    static final List<String> CLICKS = List.of(
            "action=refresh",
            "processname=idle&action=start",
            "processname=idle&action=start",
            "processname=idle&action=stop",
            "processname=idle&action=stop",
            "processname=echo&action=restart",
            "processname=echo&action=clearlog",
            "processname=nope&action=start",
            "processname=grp%3A*&action=stop",
            "processname=grp%3Amember&action=start",
            "processname=bad&action=start",
            "processname=nope&action=dance",
            "processname=idle&action=dance",
            "action=dance",
            "action=start",
            "action=",
            "action=stopall",
            "action=restartall");

    static final List<String> TAILS = List.of("processname=echo", "processname=echo&limit=4096",
            "processname=echo&limit=x", "processname=nope", "processname=grp%3A*", "", "processname=");

    @Test
    void sameSessionSameResults(@TempDir Path dir) throws IOException {
        ReferencePython.assumeAvailable();
        Path realDir = Files.createDirectory(dir.resolve("real"));
        Path oursDir = Files.createDirectory(dir.resolve("ours"));
        List<String> real;
        try (TestDaemon d = TestDaemon.start(TestDaemon.Kind.REAL, realDir, PROGRAMS, null, null)) {
            real = session(d);
        }
        List<String> ours;
        try (TestDaemon d = TestDaemon.start(TestDaemon.Kind.OURS, oursDir, PROGRAMS, null, null)) {
            ours = session(d);
        }
        assertEquals(String.join("\n", real), String.join("\n", ours));
    }

    private static List<String> session(TestDaemon d) throws IOException {
        d.awaitState("echo", "RUNNING");
        d.awaitState("grp:member", "RUNNING");
        d.awaitState("bad", "FATAL");
        List<String> transcript = new ArrayList<>();
        RawConnection.Reply first = d.get("/", "Host: " + HOST);
        transcript.add("page headers " + headerNames(first));
        table(transcript, first);
        transcript.add("banner " + Pages.textOfClass(d.get("/?message=" + WebText.quote("hi <there>")).body(), "status_msg"));

        for (String click : CLICKS) {
            RawConnection.Reply reply = d.get("/index.html?" + click, "Host: " + HOST);
            String line = click + " -> " + reply.status();
            if (reply.status() == 301) {
                line += " " + masked(reply.header("Location")) + " " + headerNames(reply);
            }
            transcript.add(line);
        }
        RawConnection.Reply posted = d.post("/index.html?action=stopall", "action=refresh", "Host: " + HOST);
        transcript.add("posted -> " + posted.status() + " " + masked(posted.header("Location")));
        transcript.add("no host -> " + masked(d.get("/?action=refresh").header("Location"))
                .replace(":" + d.port + "/", ":PORT/"));

        table(transcript, d.get("/"));
        for (String tail : TAILS) {
            byte[] page = d.get("/tail.html?" + tail).body();
            transcript.add("tail " + tail + ": title=" + Pages.text(page, "title") + " pre=" + Pages.text(page, "pre")
                    + " links=" + Pages.hrefs(page));
        }
        for (String path : List.of("/ok.html", "/nothing", "/images", "/images/", "/images/icon.png")) {
            RawConnection.Reply reply = d.get(path);
            transcript.add(path + " -> " + reply.status() + " " + reply.header("Content-Type") + " " + reply.header("Location"));
        }
        return transcript;
    }

    private static void table(List<String> transcript, RawConnection.Reply page) {
        for (Pages.Row row : Pages.rows(page.body())) {
            transcript.add(row.toString().replaceAll("pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid N, uptime T"));
        }
    }

    /** The header names (not values, not their order), without those the HTTP layer adds. */
    private static String headerNames(RawConnection.Reply reply) {
        TreeSet<String> names = new TreeSet<>(reply.headers().keySet());
        names.removeAll(List.of("date", "server", "connection"));
        return names.toString();
    }

    /** ctime() inside a URL-quoted message: "Sat%20Nov%2021%2006%3A30%3A02%202026". */
    private static String masked(String location) {
        return location == null ? null : location.replaceAll(
                "[A-Z][a-z]{2}%20[A-Z][a-z]{2}%20(%20)?\\d+%20\\d\\d%3A\\d\\d%3A\\d\\d%20\\d{4}", "CTIME");
    }
}
