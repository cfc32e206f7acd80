package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import supervisor.testing.Poll;

/**
 * The web UI in a real browser (headless chromium, {@link Browser}) as a person uses it: the
 * clicks on the status page take effect on both daemons, seen on the page (its message and
 * state cells) and through XML-RPC; and our page's layout and RSS/CPU cells, measured where
 * chromium draws them.
 */
class WebUiBrowserTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path base;

    /** Stop, Start, Restart, Clear Log and Tail -f Stdout on a row, then Stop All, on the page of each daemon. */
    @AgainstBoth
    void everyClickTakesEffect(Implementation impl) throws Exception {
        impl.assumeAvailable();
        withPage(impl, conf -> {
            conf.program("web", "sh -c 'echo hello from web; exec sleep 1000'");
            // a tick and a line of filler five times a second: chromium shows a text/plain stream only
            // once it holds 1 KiB of it (it sniffs for binary), on both daemons: a quiet log shows nothing for long
            conf.program("ticker", "sh -c 'n=0; while :; do n=$((n+1)); echo tick $n; echo " + "-".repeat(72)
                    + "; sleep 0.2; done'");
            conf.program("idle", "sleep 1000", "autostart=false");
        }, (s, page) -> {
            Endpoint rpc = Endpoint.unix(s.conf());
            long firstPid = pid(s, rpc, "web");

            page.click("web", "Stop");
            page.awaitMessage("Process web stopped");
            page.awaitState("web", "stopped");
            assertEquals("STOPPED", statename(s, rpc, "web"));

            page.click("web", "Start");
            page.awaitMessage("Process web started");
            page.awaitState("web", "running");
            assertEquals("RUNNING", statename(s, rpc, "web"));
            long startedPid = pid(s, rpc, "web");
            assertTrue(startedPid != firstPid, "a new process after Start");

            page.click("web", "Restart");
            page.awaitMessage("Process web restarted");
            page.awaitState("web", "running");
            assertEquals("RUNNING", statename(s, rpc, "web"));
            assertTrue(pid(s, rpc, "web") != startedPid, "a new process after Restart");

            Poll.until(DEADLINE, "web's greeting in its log", () -> stdoutLog(s, rpc, "web").contains("hello from web"));
            page.click("web", "Clear Log");
            page.awaitMessage("Log for web cleared");
            assertEquals("", stdoutLog(s, rpc, "web"));

            tailFollows(page, s, rpc);

            page.stopAll();
            page.awaitMessageStartingWith("All stopped at ");
            for (String name : List.of("idle", "ticker", "web")) {
                page.awaitState(name, "stopped");
            }
            for (Object info : s.rpcUnrecorded(rpc, "supervisor.getAllProcessInfo").array()) {
                assertEquals("STOPPED", ((Map<?, ?>) info).get("statename"), info::toString);
            }
        });
    }

    /**
     * Tail -f Stdout opens the log stream in a window of its own; it shows the ticks the log
     * holds and keeps showing new ones.
     */
    private static void tailFollows(StatusPage page, Session s, Endpoint rpc) {
        WebDriver driver = page.browser.driver();
        String statusWindow = driver.getWindowHandle();
        page.click("ticker", "Tail -f Stdout");
        String tailWindow = page.browser.until("the tail window to open", d -> {
            Set<String> handles = new HashSet<>(d.getWindowHandles());
            handles.remove(statusWindow);
            return handles.isEmpty() ? null : handles.iterator().next();
        });
        driver.switchTo().window(tailWindow);
        int first = page.browser.until("ticks in the tail window", d -> lastTick(shownText(d)));
        int later = page.browser.until("a tick after tick " + first + " in the tail window", d -> {
            Integer n = lastTick(shownText(d));
            return n != null && n > first ? n : null;
        });
        assertTrue(stdoutLog(s, rpc, "ticker").contains("tick " + later + "\n"), "tick " + later + " in ticker's log");
        driver.close();
        driver.switchTo().window(statusWindow);
    }

    /**
     * The text the window shows now, read in one script rather than through an element: the new
     * window starts on about:blank, whose body the stream's document replaces at any moment.
     */
    private static String shownText(WebDriver d) {
        Object text = ((JavascriptExecutor) d).executeScript(
                "return document.body && location.href.includes('/logtail/') ? document.body.innerText : ''");
        return String.valueOf(text);
    }

    private static final Pattern TICK = Pattern.compile("tick (\\d+)\n");

    /** The number of the last complete tick line, or null before the first. */
    private static Integer lastTick(String text) {
        Matcher m = TICK.matcher(text + "\n");
        Integer last = null;
        while (m.find()) {
            last = Integer.valueOf(m.group(1));
        }
        return last;
    }

    /**
     * What a person sees amiss on a status page 1100 pixels wide, where a long description and
     * a long name leave the actions little room: a stopped process's row must not show a gap
     * where Stop would be, and no row's actions may wrap. 4.2.5's page keeps a margin's gap
     * there too (the hidden slot's li), so this is our page alone.
     */
    @Test
    void oursKeepsEachRowsActionsTogetherOnOneLine() throws Exception {
        Implementation.OURS.assumeAvailable();
        withPage(Implementation.OURS, conf -> {
            conf.program("bad", "/bin/false", "startsecs=1", "startretries=0");
            conf.program("idle", "sleep 1000", "autostart=false");
            conf.program("web", "sleep 1000");
            conf.program("api_server_primary", "sleep 1000");
            conf.section("group:backend", "programs=api_server_primary");
        }, (s, page) -> {
            s.awaitState("bad", "FATAL");
            page.awaitState("bad", "fatal");
            assertEquals(1100L, ((JavascriptExecutor) page.browser.driver()).executeScript("return window.outerWidth"));
            for (String ns : List.of("backend:api_server_primary", "bad", "idle", "web")) {
                List<Box> links = page.visibleActions(ns);
                assertEquals(ns.equals("bad") || ns.equals("idle") ? 4 : 5, links.size(), ns + ": " + links);
                Box first = links.getFirst();
                List<Integer> gaps = new ArrayList<>();
                for (int k = 0; k < links.size(); k++) {
                    Box b = links.get(k);
                    assertEquals(first.y(), b.y(), ns + ": " + b.text() + " on the first action's line: " + links);
                    assertEquals(first.height(), b.height(), ns + ": " + b.text() + " one line high: " + links);
                    if (k > 0) {
                        gaps.add(b.x() - links.get(k - 1).right());
                    }
                }
                int gap = gaps.getFirst();
                assertTrue(gaps.stream().allMatch(g -> Math.abs(g - gap) <= 1), ns + ": even gaps between actions " + gaps);
            }
        });
    }

    /**
     * Our page's RSS and CPU cells, after the four cells 4.2.5's page has: filled for a running
     * process with what /proc says, empty for a stopped one.
     */
    @Test
    void oursShowsRssAndCpuOfARunningProcess() throws Exception {
        Implementation.OURS.assumeAvailable();
        withPage(Implementation.OURS, conf -> {
            conf.program("web", "sleep 1000");
            conf.program("idle", "sleep 1000", "autostart=false");
        }, (s, page) -> {
            WebDriver d = page.browser.driver();
            assertEquals(List.of("state", "desc", "name", "action", "rss", "cpu"),
                    d.findElements(By.cssSelector("thead th")).stream().map(th -> th.getAttribute("class")).toList());
            assertEquals(List.of("RSS", "CPU"), d.findElements(By.cssSelector("th.rss, th.cpu")).stream()
                    .map(WebElement::getText).toList());

            WebElement web = page.row("web");
            assertEquals(List.of("status", "", "", "action", "rss", "cpu"), web.findElements(By.tagName("td")).stream()
                    .map(td -> td.getAttribute("class")).toList());
            String rssText = web.findElement(By.cssSelector("td.rss")).getText();
            assertTrue(rssText.matches("\\d+(\\.\\d+)? (KiB|MiB|GiB)"), rssText);
            Matcher bytes = Pattern.compile("(\\d+) bytes resident")
                    .matcher(web.findElement(By.cssSelector("td.rss")).getAttribute("title"));
            assertTrue(bytes.matches(), bytes::toString);
            long rss = Long.parseLong(bytes.group(1));
            assertTrue(rss > 0, "rss " + rss);
            double rpcRss = (Double) s.rpcUnrecorded(Endpoint.unix(s.conf()), "supervisor_ext.getProcessStats", "web")
                    .struct().get("rss");
            // sleep's resident memory hardly moves; the page and the API read the same /proc
            assertTrue(rss > rpcRss / 2 && rss < rpcRss * 2, rss + " on the page, " + rpcRss + " from getProcessStats");
            String cpuText = web.findElement(By.cssSelector("td.cpu")).getText();
            assertTrue(cpuText.matches("\\d+\\.\\d\\d s|\\d+:\\d\\d:\\d\\d"), cpuText);

            WebElement idle = page.row("idle");
            assertEquals("", idle.findElement(By.cssSelector("td.rss")).getText());
            assertEquals("", idle.findElement(By.cssSelector("td.cpu")).getText());
        });
    }

    /** Starts the daemon and a browser on its status page, with every program of the setup RUNNING or stopped for good. */
    private static void withPage(Implementation impl, Consumer<SupervisorConf> setup, PageSteps steps) throws Exception {
        SupervisorConf conf = SupervisorConf.in(base);
        setup.accept(conf);
        Path browserDir = Files.createTempDirectory(base, "b");
        try (Supervisord daemon = Supervisord.start(impl, conf); Browser browser = Browser.open(browserDir)) {
            Session s = new Session(daemon, HostRunner.INSTANCE);
            for (Object info : s.rpcUnrecorded(Endpoint.unix(conf), "supervisor.getAllProcessInfo").array()) {
                String name = String.valueOf(((Map<?, ?>) info).get("name"));
                String group = String.valueOf(((Map<?, ?>) info).get("group"));
                String ns = group.equals(name) ? name : group + ":" + name;
                Poll.until(DEADLINE, ns + " to settle", () -> Set.of("RUNNING", "STOPPED", "FATAL")
                        .contains(String.valueOf(s.rpcUnrecorded(Endpoint.unix(conf), "supervisor.getProcessInfo", ns)
                                .struct().get("statename"))));
            }
            StatusPage page = new StatusPage(browser, conf.inetUrl() + "/");
            try {
                steps.run(s, page);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(impl + ": " + e.getMessage() + "\n--- page ---\n" + page.source(), e);
            }
        }
    }

    @FunctionalInterface
    private interface PageSteps {
        void run(Session s, StatusPage page) throws Exception;
    }

    private static String statename(Session s, Endpoint rpc, String ns) {
        return String.valueOf(s.rpcUnrecorded(rpc, "supervisor.getProcessInfo", ns).struct().get("statename"));
    }

    private static long pid(Session s, Endpoint rpc, String ns) {
        return (Long) s.rpcUnrecorded(rpc, "supervisor.getProcessInfo", ns).struct().get("pid");
    }

    private static String stdoutLog(Session s, Endpoint rpc, String ns) {
        return String.valueOf(s.rpcUnrecorded(rpc, "supervisor.readProcessStdoutLog", ns, 0, 0).result());
    }

    /** A link's box on the page, in CSS pixels. */
    private record Box(String text, int x, int y, int width, int height) {
        static Box of(String text, Rectangle r) {
            return new Box(text, r.getX(), r.getY(), r.getWidth(), r.getHeight());
        }

        int right() {
            return x + width;
        }
    }

    /** The status page in the browser, read by what both daemons' pages share: classes, link names, cells. */
    private static final class StatusPage {
        final Browser browser;

        StatusPage(Browser browser, String url) {
            this.browser = browser;
            browser.driver().get(url);
            // loaded with its stylesheet: what is measured is what a person sees
            browser.until("the status page loaded", d -> "complete".equals(
                    ((JavascriptExecutor) d).executeScript("return document.readyState"))
                    && !d.findElements(By.cssSelector("tbody tr")).isEmpty());
        }

        /** The row whose name cell (the third) shows this namespec. */
        WebElement row(String namespec) {
            return browser.until("the row of " + namespec, d -> {
                for (WebElement tr : d.findElements(By.cssSelector("tbody tr"))) {
                    if (tr.findElement(By.cssSelector("td:nth-child(3) a")).getText().equals(namespec)) {
                        return tr;
                    }
                }
                return null;
            });
        }

        void click(String namespec, String action) {
            row(namespec).findElement(By.cssSelector("td.action a[name='" + action + "']")).click();
        }

        void stopAll() {
            browser.driver().findElement(By.cssSelector("#buttons a[href='index.html?action=stopall']")).click();
        }

        void awaitMessage(String message) {
            browser.until("the message \"" + message + "\"", d -> message.equals(message(d)));
        }

        void awaitMessageStartingWith(String prefix) {
            browser.until("a message starting \"" + prefix + "\"", d -> message(d).startsWith(prefix));
        }

        private static String message(WebDriver d) {
            List<WebElement> banner = d.findElements(By.cssSelector(".status_msg"));
            return banner.isEmpty() ? "" : banner.getFirst().getText();
        }

        /** Waits until the row's state cell shows {@code state} (lower case, as both pages print it). */
        void awaitState(String namespec, String state) {
            browser.until(namespec + " shown " + state, d ->
                    state.equals(row(namespec).findElement(By.cssSelector("td.status span")).getText()));
        }

        /** Where chromium draws the row's action links that a person can see, left to right. */
        List<Box> visibleActions(String namespec) {
            return row(namespec).findElements(By.cssSelector("td.action a")).stream()
                    .filter(WebElement::isDisplayed).map(a -> Box.of(a.getText(), a.getRect())).toList();
        }

        String source() {
            try {
                return browser.driver().getPageSource();
            } catch (RuntimeException e) {
                return "(no page: " + e + ")";
            }
        }
    }
}
