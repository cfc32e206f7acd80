package supervisor.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The status page for cases a running daemon makes awkward to reach. */
class StatusPageTest {

    private static Map<String, Object> info(String group, String name, String statename) {
        return Map.of("group", group, "name", name, "statename", statename, "description", "d <" + name + ">",
                "pid", statename.equals("RUNNING") ? 42 : 0);
    }

    @Test
    void noProcessesMeansNoTable() {
        String page = StatusPage.render(List.of(), Map.of(), null, "4.2.5", 2026);
        assertTrue(page.contains("No programs to manage"));
        assertFalse(page.contains("<table"));
        Pages.parse(page.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyStateGetsItsClassAndSlots() {
        List<String> states = List.of("STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED", "FATAL", "UNKNOWN");
        List<Map<String, Object>> infos = states.stream().map(s -> info("g", s.toLowerCase(), s)).toList();
        List<Pages.Row> rows = Pages.rows(StatusPage.render(infos, Map.of(), null, "4.2.5", 2026).getBytes(StandardCharsets.UTF_8));
        for (Pages.Row row : rows) {
            String state = row.state().toUpperCase();
            String expectedClass = switch (state) {
                case "RUNNING" -> "statusrunning";
                case "BACKOFF", "FATAL" -> "statuserror";
                default -> "statusnominal";
            };
            assertEquals(expectedClass, row.stateClass(), state);
            assertEquals("d <" + row.state() + ">", row.description());
            List<String> first = row.actions().subList(0, 2).stream().map(a -> a.split(" ")[0]).toList();
            List<String> expected = switch (state) {
                case "RUNNING" -> List.of("Restart", "Stop");
                case "STOPPED", "EXITED", "FATAL" -> List.of("Start", "(hidden)");
                default -> List.of("(hidden)", "(hidden)");
            };
            assertEquals(expected, first, state);
            assertEquals(5, row.actions().size());
        }
    }

    @Test
    void sortsByGroupThenNameInCodePointOrder() {
        List<Map<String, Object>> infos = List.of(info("b", "a", "STOPPED"), info("a", "z", "STOPPED"),
                info("a", "\uD83D\uDE00", "STOPPED"), info("a", "\uFF5E", "STOPPED"), info("a", "a", "STOPPED"));
        List<String> names = Pages.rows(StatusPage.render(infos, Map.of(), null, "4.2.5", 2026)
                .getBytes(StandardCharsets.UTF_8)).stream().map(Pages.Row::name).toList();
        // a process named like its group is shown by its bare name; U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit
        assertEquals(List.of("a", "a:z", "a:\uFF5E", "a:\uD83D\uDE00", "b:a"), names);
    }
    @Test
    void aProcessWithAPidShowsItsRssAndCpuAfterTheActionsAndOneWithoutShowsEmptyCells() {
        List<Map<String, Object>> infos = List.of(info("g", "up", "RUNNING"), info("g", "down", "STOPPED"));
        Map<String, ResourceUsage> usage = ResourceUsage.byNamespec(List.of(
                Map.of("group", "g", "name", "up", "pid", 42, "rss", 12.5 * 1024 * 1024, "cpu", 3725.5),
                Map.of("group", "g", "name", "down", "pid", 0, "rss", 0.0, "cpu", 0.0)));
        String page = StatusPage.render(infos, usage, null, "4.2.5", 2026);
        assertTrue(page.contains("<th class=\"action\">Action</th>\n          <th class=\"rss\">RSS</th>\n"
                + "          <th class=\"cpu\">CPU</th>"), page);
        assertTrue(page.contains("<td class=\"rss\" title=\"13107200 bytes resident\">12.5 MiB</td>\n"
                + "          <td class=\"cpu\" title=\"3725.50 CPU seconds (user + system)\">1:02:05</td>"), page);
        assertTrue(page.contains("<td class=\"rss\"></td>\n          <td class=\"cpu\"></td>"), page);
        // figures of another pid than the row's (it restarted between the two reads) are not shown
        Map<String, ResourceUsage> stale = ResourceUsage.byNamespec(List.of(
                Map.of("group", "g", "name", "up", "pid", 41, "rss", 1024.0, "cpu", 1.0)));
        assertFalse(StatusPage.render(infos, stale, null, "4.2.5", 2026).contains("bytes resident"));
        // the cells scrapers know keep their places
        List<Pages.Row> rows = Pages.rows(page.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("g:down", "g:up"), rows.stream().map(Pages.Row::name).toList());
        assertEquals("d <up>", rows.get(1).description());
    }

    @Test
    void usageReadsAsPsAndTopShowIt() {
        assertEquals("1 KiB", new ResourceUsage(1, 1, 0).rssText());
        assertEquals("812 KiB", new ResourceUsage(1, 812 * 1024, 0).rssText());
        assertEquals("1.0 MiB", new ResourceUsage(1, 1024 * 1024, 0).rssText());
        assertEquals("1.50 GiB", new ResourceUsage(1, 3L << 29, 0).rssText());
        assertEquals("0.42 s", new ResourceUsage(1, 1, 0.42).cpuText());
        assertEquals("0:01:00", new ResourceUsage(1, 1, 60).cpuText());
    }

    @Test
    void theDependenciesOfEachProcessAreShownWhereDependsOnIsUsed() {
        List<Map<String, Object>> infos = List.of(info("db", "db", "RUNNING"), info("web", "web", "STARTING"),
                info("grp", "worker", "STOPPED"));
        List<Object> graph = List.of(
                Map.of("name", "db", "group", "db", "depends_on", List.of(), "dependents", List.of("web:web", "grp:worker")),
                Map.of("name", "web", "group", "web", "depends_on", List.of("db:db"), "dependents", List.of()),
                Map.of("name", "worker", "group", "grp", "depends_on", List.of("db:db", "web:web"), "dependents", List.of()));
        String page = StatusPage.render(infos, Map.of(), StatusPage.dependsOnByNamespec(graph), null, "4.2.5", 2026);
        assertTrue(page.contains("<th class=\"depends\">Depends on</th>"), page);
        assertTrue(page.contains("<td class=\"depends\">db, web</td>"), page);
        assertTrue(page.contains("<td class=\"depends\">db</td>"), page);
        assertTrue(page.contains("<td class=\"depends\"></td>"), page);
        Pages.parse(page.getBytes(StandardCharsets.UTF_8));

        List<Object> none = List.of(Map.of("name", "db", "group", "db", "depends_on", List.of(), "dependents", List.of()));
        assertFalse(StatusPage.render(infos, Map.of(), StatusPage.dependsOnByNamespec(none), null, "4.2.5", 2026)
                .contains("depends"), "no column without depends_on");
    }
}
