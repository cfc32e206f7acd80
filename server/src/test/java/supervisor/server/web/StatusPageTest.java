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
        return Map.of("group", group, "name", name, "statename", statename, "description", "d <" + name + ">");
    }

    @Test
    void noProcessesMeansNoTable() {
        String page = StatusPage.render(List.of(), null, "4.2.5", 2026);
        assertTrue(page.contains("No programs to manage"));
        assertFalse(page.contains("<table"));
        Pages.parse(page.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyStateGetsItsClassAndSlots() {
        List<String> states = List.of("STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED", "FATAL", "UNKNOWN");
        List<Map<String, Object>> infos = states.stream().map(s -> info("g", s.toLowerCase(), s)).toList();
        List<Pages.Row> rows = Pages.rows(StatusPage.render(infos, null, "4.2.5", 2026).getBytes(StandardCharsets.UTF_8));
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
        List<String> names = Pages.rows(StatusPage.render(infos, null, "4.2.5", 2026)
                .getBytes(StandardCharsets.UTF_8)).stream().map(Pages.Row::name).toList();
        // a process named like its group is shown by its bare name; U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit
        assertEquals(List.of("a", "a:z", "a:\uFF5E", "a:\uD83D\uDE00", "b:a"), names);
    }
}
