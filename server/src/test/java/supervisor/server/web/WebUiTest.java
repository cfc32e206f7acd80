package supervisor.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import supervisor.server.http.ErrorPage;
import supervisor.testing.RawConnection.Reply;

/**
 * The web UI of our daemon, started the way users start it, judged through its pages and
 * checked against the XML-RPC API: each action must really have happened when its redirect
 * arrives. Every test works on programs of its own, so the order they run in does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiTest {
    static final String SCRIPT_LINE = "<script>alert(1)</script> & done";

    static final String PROGRAMS = """
            [program:echo]
            command=/bin/sh -c 'printf "%%s\\n" "<script>alert(1)</script> & done"; exec /bin/sleep 1000'
            startsecs=0

            [program:idle]
            command=/bin/sleep 1000
            autostart=false

            [program:bad]
            command=/bin/false
            startretries=0

            [program:starter]
            command=/bin/sleep 1000
            autostart=false
            startsecs=1

            [program:stopper]
            command=/bin/sleep 1000
            startsecs=0

            [program:restarter]
            command=/bin/sleep 1000
            startsecs=0

            [program:chatty]
            command=/bin/sh -c 'echo hello; exec /bin/sleep 1000'
            startsecs=0

            [group:grp]
            programs=member

            [program:member]
            command=/bin/sleep 1000
            startsecs=0
            """;

    TestDaemon daemon;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        daemon = TestDaemon.start(TestDaemon.Kind.OURS, dir, PROGRAMS, null, null);
        for (String running : List.of("echo", "stopper", "restarter", "chatty", "grp:member")) {
            daemon.awaitState(running, "RUNNING");
        }
        daemon.awaitState("bad", "FATAL");
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private String location(Reply reply) {
        assertEquals(301, reply.status(), reply::toString);
        return reply.header("Location");
    }

    private String expectedLocation(String message) {
        return "http://127.0.0.1:" + daemon.port + "/?message=" + WebText.quote(message);
    }

    private Reply action(String query) throws IOException {
        return daemon.get("/index.html?" + query, "Host: 127.0.0.1:" + daemon.port);
    }

    @Test
    void statusPageShowsEveryProcessWithItsStateLinkAndActionSlots() throws IOException {
        Reply page = daemon.get("/");
        assertEquals(200, page.status());
        List<Pages.Row> rows = Pages.rows(page.body());

        assertEquals(List.of("bad", "chatty", "echo", "grp:member", "idle", "restarter", "starter", "stopper"),
                rows.stream().map(Pages.Row::name).toList(), "sorted by group, then name");
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i % 2 == 1 ? "shade" : "", rows.get(i).rowClass(), "row " + i + " shading");
        }

        Pages.Row fatal = rows.get(0);
        assertEquals("statuserror", fatal.stateClass());
        assertEquals("fatal", fatal.state());
        assertEquals(daemon.info("bad").get("description"), fatal.description());
        assertEquals(List.of(
                "Start -> index.html?processname=bad&action=start",
                "(hidden)",
                "Clear Log -> index.html?processname=bad&action=clearlog",
                "Tail -f Stdout -> logtail/bad target=_blank",
                "Tail -f Stderr -> logtail/bad/stderr target=_blank"), fatal.actions());

        Pages.Row member = rows.get(3);
        assertEquals("statusrunning", member.stateClass());
        assertEquals("running", member.state());
        assertTrue(member.description().startsWith("pid " + daemon.info("grp:member").get("pid") + ", uptime "),
                member.description());
        assertEquals("tail.html?processname=grp%3Amember", member.nameHref());
        assertEquals("_blank", member.nameTarget());
        assertEquals(List.of(
                "Restart -> index.html?processname=grp%3Amember&action=restart",
                "Stop -> index.html?processname=grp%3Amember&action=stop",
                "Clear Log -> index.html?processname=grp%3Amember&action=clearlog",
                "Tail -f Stdout -> logtail/grp%3Amember target=_blank",
                "Tail -f Stderr -> logtail/grp%3Amember/stderr target=_blank"), member.actions());

        Pages.Row stopped = rows.get(4);
        assertEquals("statusnominal", stopped.stateClass());
        assertEquals("stopped", stopped.state());
        assertEquals("Not started", stopped.description());
        assertEquals("(hidden)", stopped.actions().get(1));

        List<String> hrefs = Pages.hrefs(page.body());
        for (String button : List.of("index.html?action=refresh", "index.html?action=restartall", "index.html?action=stopall")) {
            assertTrue(hrefs.contains(button), button);
        }
        assertNull(Pages.textOfClass(page.body(), "status_msg"), "no message banner without a message");
        assertTrue(page.text().contains("4.2.5"), "footer names the version");
        assertTrue(page.text().contains(Integer.toString(java.time.Year.now().getValue())), "footer names the year");
    }

    @Test
    void pagesAreNeverCached() throws IOException {
        for (String target : List.of("/", "/index.html", "/tail.html?processname=echo")) {
            Reply page = daemon.get(target);
            assertEquals(200, page.status(), target);
            assertEquals("text/html;charset=utf-8", page.header("Content-Type"), target);
            assertEquals("no-cache", page.header("Pragma"), target);
            assertEquals("no-cache", page.header("Cache-Control"), target);
            assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", page.header("Expires"), target);
            assertEquals(Integer.toString(page.body().length), page.header("Content-Length"), target);
        }
    }

    @Test
    void messageIsShownEscaped() throws IOException {
        Reply page = daemon.get("/index.html?message=" + WebText.quote("<b>bold</b> & co"));
        assertEquals("<b>bold</b> & co", Pages.textOfClass(page.body(), "status_msg"));
        assertFalse(page.text().contains("<b>bold"), "markup in the message must not reach the page");
    }

    @Test
    void startWaitsUntilTheProcessRunsThenRedirectsWithItsMessage() throws IOException {
        Reply reply = action("processname=starter&action=start");
        assertEquals(expectedLocation("Process starter started"), location(reply));
        // startsecs=1: the redirect only comes once the start has succeeded, like the RPC's answer
        assertEquals("RUNNING", daemon.statename("starter"));
        assertEquals("no-cache", reply.header("Pragma"));
        assertEquals("text/html", reply.header("Content-Type"));
        assertEquals(new String(ErrorPage.body(301)), reply.text());

        assertEquals(expectedLocation("ERROR: Process starter: already started"),
                location(action("processname=starter&action=start")));
    }

    @Test
    void startOfAProgramThatCannotStayUpReportsTheSpawnError() throws IOException {
        assertEquals(expectedLocation("ERROR: Process bad: spawn error"), location(action("processname=bad&action=start")));
        assertEquals("FATAL", daemon.statename("bad"));
    }

    @Test
    void stopStopsAndASecondStopReportsTheFault() throws IOException {
        assertEquals(expectedLocation("Process stopper stopped"), location(action("processname=stopper&action=stop")));
        assertEquals("STOPPED", daemon.statename("stopper"));
        assertEquals(expectedLocation("unexpected rpc fault [70] NOT_RUNNING: stopper"),
                location(action("processname=stopper&action=stop")));
    }

    @Test
    void restartGivesANewProcess() throws IOException {
        Object before = daemon.info("restarter").get("pid");
        assertEquals(expectedLocation("Process restarter restarted"), location(action("processname=restarter&action=restart")));
        assertEquals("RUNNING", daemon.statename("restarter"));
        assertNotEquals(before, daemon.info("restarter").get("pid"));
    }

    @Test
    void clearlogEmptiesTheProcessLog() throws IOException {
        Path log = Path.of((String) daemon.info("chatty").get("stdout_logfile"));
        daemon.poll("chatty's output", () -> fileSize(log) > 0 ? Boolean.TRUE : null);
        assertEquals(expectedLocation("Log for chatty cleared"), location(action("processname=chatty&action=clearlog")));
        assertEquals(0, fileSize(log));
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void refreshAndUnknownNamesAndBadActions() throws IOException {
        String refresh = location(action("action=refresh"));
        String prefix = expectedLocation("Page refreshed at ");
        assertTrue(refresh.startsWith(prefix), refresh);
        // C's ctime(): "Sat Nov 21 06:30:02 2026", the day padded with a space
        assertTrue(Pattern.matches("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}",
                WebText.unquotePlus(refresh.substring(prefix.length()))), refresh);

        assertEquals(expectedLocation("No such process named nope"), location(action("processname=nope&action=start")));
        assertEquals(expectedLocation("No such process named grp:*"), location(action("processname=grp%3A*&action=stop")));
        // the name is looked up before the action is
        assertEquals(expectedLocation("No such process named nope"), location(action("processname=nope&action=dance")));

        for (String bad : List.of("action=dance", "action=start", "processname=&action=start", "processname=idle&action=dance")) {
            Reply reply = action(bad);
            assertEquals(500, reply.status(), bad);
            assertEquals(new String(ErrorPage.body(500)), reply.text(), bad);
        }
        assertEquals("STOPPED", daemon.statename("idle"), "nothing was done to idle");
        assertEquals(200, action("action=").status(), "an empty action is no action");
    }

    @Test
    void postedFormWinsOverTheQuery() throws IOException {
        Reply reply = daemon.post("/index.html?action=stopall", "action=refresh", "Host: 127.0.0.1:" + daemon.port);
        assertTrue(location(reply).startsWith(expectedLocation("Page refreshed at ")), reply::toString);
        assertEquals("RUNNING", daemon.statename("echo"), "stopall was overridden, so nothing stopped");

        Reply shown = daemon.post("/", "message=posted+text");
        assertEquals("posted text", Pages.textOfClass(shown.body(), "status_msg"));
        assertEquals(411, RawHttp.request(daemon.port, "POST", "/index.html",
                List.of("Host: 127.0.0.1:" + daemon.port), null).status(), "a form without Content-Length");
    }

    @Test
    void redirectGoesToTheHostTheBrowserUsed() throws IOException {
        assertTrue(location(daemon.get("/?processname=nope&action=start", "Host: example.org:80"))
                .startsWith("http://example.org/?message="));
        assertTrue(location(daemon.get("/?processname=nope&action=start", "Host: example.org:8080"))
                .startsWith("http://example.org:8080/?message="));
        // HTTP/1.0 without a Host: the server's own name and port
        assertTrue(location(daemon.get("/?processname=nope&action=start"))
                .startsWith("http://localhost:" + daemon.port + "/?message="));
    }

    @Test
    void tailPageShowsTheChildsOutputEscaped() throws IOException {
        daemon.poll("echo's output", () -> {
            try {
                return Pages.text(daemon.get("/tail.html?processname=echo").body(), "pre").isEmpty() ? null : Boolean.TRUE;
            } catch (IOException e) {
                return null;
            }
        });
        Reply tail = daemon.get("/tail.html?processname=echo");
        assertFalse(tail.text().contains("<script>"), "a child's output must never become markup");
        assertTrue(tail.text().contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; done"), tail::text);
        assertEquals(SCRIPT_LINE + "\n", Pages.text(tail.body(), "pre"));
        assertEquals("Supervisor tail of process echo", Pages.text(tail.body(), "title"));
        assertTrue(Pages.hrefs(tail.body()).contains("tail.html?processname=echo&limit=1024"));

        assertTrue(Pages.hrefs(daemon.get("/tail.html?processname=echo&limit=5000").body())
                .contains("tail.html?processname=echo&limit=5000"));
        assertTrue(Pages.hrefs(daemon.get("/tail.html?processname=echo&limit=12").body())
                .contains("tail.html?processname=echo&limit=1024"), "never less than 1024 bytes");
        assertTrue(Pages.hrefs(daemon.get("/tail.html?processname=echo&limit=lots").body())
                .contains("tail.html?processname=echo&limit=1024"));
    }

    @Test
    void tailPageErrors() throws IOException {
        Reply none = daemon.get("/tail.html");
        assertEquals("No process name found", Pages.text(none.body(), "pre"));
        assertEquals("Supervisor tail of process None", Pages.text(none.body(), "title"));
        assertTrue(Pages.hrefs(none.body()).stream().noneMatch(h -> h.startsWith("tail.html")), "no refresh link");

        Reply unknown = daemon.get("/tail.html?processname=grp%3A*");
        assertEquals("ERROR: unexpected rpc fault [10] BAD_NAME: grp:*", Pages.text(unknown.body(), "pre"));
        assertTrue(Pages.hrefs(unknown.body()).contains("tail.html?processname=grp%3A%2A&limit=1024"));
    }

    @Test
    void probeStaticFilesAndUnknownPaths() throws IOException {
        Reply ok = daemon.get("/ok.html");
        assertEquals("OK", ok.text());
        assertEquals("text/plain", ok.header("Content-Type"));

        for (String path : StaticFiles.PATHS) {
            Reply file = daemon.get("/" + path);
            assertEquals(200, file.status(), path);
            assertEquals(StaticFiles.contentType(path), file.header("Content-Type"), path);
            byte[] resource = WebUi.class.getResourceAsStream(path).readAllBytes();
            assertEquals(resource.length, file.body().length, path);
            assertEquals(304, daemon.get("/" + path, "If-Modified-Since: " + file.header("Last-Modified")).status(), path);
        }
        assertEquals("text/css", daemon.get("/stylesheets/supervisor.css").header("Content-Type"));

        Reply head = RawHttp.request(daemon.port, "HEAD", "/images/icon.png", List.of(), null);
        assertEquals(200, head.status());
        assertEquals(0, head.body().length);

        Reply missing = daemon.get("/nothing.html");
        assertEquals(404, missing.status());
        assertEquals(new String(ErrorPage.body(404)), missing.text());
        assertEquals(404, daemon.get("/supervisor/server/web/WebUi.class").status(), "only the listed files are served");
        assertEquals(404, RawHttp.request(daemon.port, "HEAD", "/", List.of(), null).status(), "HEAD is not a page method");
        assertEquals(400, RawHttp.request(daemon.port, "PUT", "/index.html", List.of(), "x=1").status());
        Reply folder = daemon.get("/images");
        assertEquals(301, folder.status());
        assertTrue(folder.header("Location").endsWith("/images/"), folder::toString);
        assertEquals(404, daemon.get("/images/").status());
    }
}
