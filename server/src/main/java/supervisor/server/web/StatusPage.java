package supervisor.server.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The status page ({@code index.html}): one table row per process, sorted by group and then
 * process name, with the state, the description, a link to the process's tail page and the
 * five action slots supervisord's page has. Class names, link targets and the slot layout are
 * what people's scrapers and browser automation look for, so they follow supervisord's page.
 * Two cells of ours follow them: the RSS and CPU of each process that has a pid.
 */
final class StatusPage {

    /** One process, from a getAllProcessInfo struct. */
    record Row(String group, String name, String statename, String description, long pid) {
        static Row of(Map<?, ?> info) {
            return new Row(String.valueOf(info.get("group")), String.valueOf(info.get("name")),
                    String.valueOf(info.get("statename")), String.valueOf(info.get("description")),
                    info.get("pid") instanceof Number n ? n.longValue() : 0);
        }

        String namespec() {
            return StatusPage.namespec(group, name);
        }
    }

    static String namespec(String group, String name) {
        return group.equals(name) ? name : group + ":" + name;
    }

    /** An action link; null stands for a hidden slot. */
    record Action(String label, String href, boolean newWindow) {
    }

    /** Python's string order (code points), for the (group, name) sort. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return java.util.Arrays.compare(x, y);
    };

    static final Comparator<Row> ROW_ORDER = Comparator.comparing(Row::group, CODE_POINT_ORDER)
            .thenComparing(Row::name, CODE_POINT_ORDER);

    private StatusPage() {
    }

    /** The CSS class of a state: running, an error (BACKOFF, FATAL), or anything else. */
    static String stateClass(String statename) {
        return switch (statename) {
            case "RUNNING" -> "statusrunning";
            case "BACKOFF", "FATAL" -> "statuserror";
            default -> "statusnominal";
        };
    }

    /** The five slots of a row: which actions make sense in this state. */
    static List<Action> actions(String statename, String namespec) {
        String ns = WebText.quote(namespec);
        Action start = new Action("Start", "index.html?processname=" + ns + "&action=start", false);
        Action restart = new Action("Restart", "index.html?processname=" + ns + "&action=restart", false);
        Action stop = new Action("Stop", "index.html?processname=" + ns + "&action=stop", false);
        Action clearlog = new Action("Clear Log", "index.html?processname=" + ns + "&action=clearlog", false);
        Action stdout = new Action("Tail -f Stdout", "logtail/" + ns, true);
        Action stderr = new Action("Tail -f Stderr", "logtail/" + ns + "/stderr", true);
        List<Action> slots = new ArrayList<>(5);
        switch (statename) {
            case "RUNNING" -> {
                slots.add(restart);
                slots.add(stop);
            }
            case "STOPPED", "EXITED", "FATAL" -> {
                slots.add(start);
                slots.add(null);
            }
            default -> {
                slots.add(null);
                slots.add(null);
            }
        }
        slots.add(clearlog);
        slots.add(stdout);
        slots.add(stderr);
        return slots;
    }

    /**
     * @param processes getAllProcessInfo's structs, in any order
     * @param usage     what each running process uses, by namespec ({@link ResourceUsage#byNamespec})
     * @param message   the text of the message banner, or null for none
     */
    static String render(List<?> processes, Map<String, ResourceUsage> usage, String message, String version,
            int year) {
        return render(processes, usage, Map.of(), message, version, year);
    }

    /**
     * @param dependsOn what each process depends on (depends_on), by namespec
     *                  ({@link #dependsOnByNamespec}); with none anywhere the page has no such column
     */
    static String render(List<?> processes, Map<String, ResourceUsage> usage, Map<String, List<String>> dependsOn,
            String message, String version, int year) {
        List<Row> rows = new ArrayList<>();
        for (Object info : processes) {
            rows.add(Row.of((Map<?, ?>) info));
        }
        rows.sort(ROW_ORDER);

        Html h = new Html();
        h.head("Supervisor Status",
                "  <link href=\"stylesheets/supervisor.css\" rel=\"stylesheet\" type=\"text/css\" />",
                "  <link href=\"images/icon.png\" rel=\"icon\" type=\"image/png\" />");
        h.line("<body>");
        h.line("<div id=\"wrapper\">");
        h.line("  <div id=\"header\">");
        h.line("    <a href=\"index.html\"><img src=\"images/supervisor.gif\" alt=\"Supervisor status\" /></a>");
        h.line("  </div>");
        h.line("  <div id=\"content\">");
        if (message != null) {
            h.line("    <div class=\"status_msg\">" + WebText.escape(message) + "</div>");
        }
        h.line("    <form action=\"index.html\" method=\"post\">");
        h.line("      <ul id=\"buttons\" class=\"clr\">");
        h.line("        <li class=\"action-button\"><a href=\"index.html?action=refresh\">Refresh</a></li>");
        h.line("        <li class=\"action-button\"><a href=\"index.html?action=restartall\">Restart All</a></li>");
        h.line("        <li class=\"action-button\"><a href=\"index.html?action=stopall\">Stop All</a></li>");
        h.line("      </ul>");
        if (rows.isEmpty()) {
            h.line("      No programs to manage");
        } else {
            table(h, rows, usage, dependsOn);
        }
        h.line("    </form>");
        h.line("  </div>");
        h.line("  <div class=\"push\"></div>");
        h.line("</div>");
        h.line("<div id=\"footer\" class=\"clr\">");
        h.line("  <div class=\"left\"><a href=\"http://supervisord.org\">Supervisor</a> <span>"
                + WebText.escape(version) + "</span></div>");
        h.line("  <div class=\"right\">&#169; <span>" + year + "</span> supervisord for the JVM</div>");
        h.line("</div>");
        h.line("</body>");
        h.line("</html>");
        return h.toString();
    }

    /**
     * supervisor_ext.getDependencyGraph's answer as the page shows it: each process's dependencies
     * by namespec, written as the page writes names ({@code db}, {@code grp:worker}); processes
     * without any are left out.
     */
    static Map<String, List<String>> dependsOnByNamespec(List<?> graph) {
        Map<String, List<String>> byNamespec = new java.util.HashMap<>();
        for (Object o : graph) {
            Map<?, ?> node = (Map<?, ?>) o;
            List<String> names = new ArrayList<>();
            for (Object dependency : (List<?>) node.get("depends_on")) {
                String spec = String.valueOf(dependency);
                int colon = spec.indexOf(':');
                names.add(colon < 0 ? spec : namespec(spec.substring(0, colon), spec.substring(colon + 1)));
            }
            if (!names.isEmpty()) {
                byNamespec.put(namespec(String.valueOf(node.get("group")), String.valueOf(node.get("name"))), names);
            }
        }
        return byNamespec;
    }

    private static void table(Html h, List<Row> rows, Map<String, ResourceUsage> usage, Map<String, List<String>> dependsOn) {
        // only a configuration that uses depends_on gets the column
        boolean dependencies = !dependsOn.isEmpty();
        h.line("      <table cellspacing=\"0\">");
        h.line("        <thead>");
        h.line("        <tr>");
        h.line("          <th class=\"state\">State</th>");
        h.line("          <th class=\"desc\">Description</th>");
        h.line("          <th class=\"name\">Name</th>");
        h.line("          <th class=\"action\">Action</th>");
        h.line("          <th class=\"rss\">RSS</th>");
        h.line("          <th class=\"cpu\">CPU</th>");
        if (dependencies) {
            h.line("          <th class=\"depends\">Depends on</th>");
        }
        h.line("        </tr>");
        h.line("        </thead>");
        h.line("        <tbody>");
        boolean shaded = false;
        for (Row row : rows) {
            String ns = row.namespec();
            h.line("        <tr class=\"" + (shaded ? "shade" : "") + "\">");
            h.line("          <td class=\"status\"><span class=\"" + stateClass(row.statename()) + "\">"
                    + WebText.escape(row.statename().toLowerCase(java.util.Locale.ROOT)) + "</span></td>");
            h.line("          <td><span>" + WebText.escape(row.description()) + "</span></td>");
            h.line("          <td><a href=\"" + WebText.escape("tail.html?processname=" + WebText.quote(ns))
                    + "\" target=\"_blank\">" + WebText.escape(ns) + "</a></td>");
            h.line("          <td class=\"action\">");
            h.line("            <ul>");
            for (Action a : actions(row.statename(), ns)) {
                if (a == null) {
                    h.line("              <li><a class=\"hidden\" href=\"#\" name=\"#\">Action</a></li>");
                } else {
                    h.line("              <li><a href=\"" + WebText.escape(a.href()) + "\" name=\"" + a.label() + "\""
                            + (a.newWindow() ? " target=\"_blank\"" : "") + ">" + a.label() + "</a></li>");
                }
            }
            h.line("            </ul>");
            h.line("          </td>");
            // figures read for another pid (the process stopped or restarted in between) are not this row's
            ResourceUsage u = usage.get(ns);
            if (u == null || u.pid() != row.pid()) {
                h.line("          <td class=\"rss\"></td>");
                h.line("          <td class=\"cpu\"></td>");
            } else {
                h.line("          <td class=\"rss\" title=\"" + u.rssTitle() + "\">" + u.rssText() + "</td>");
                h.line("          <td class=\"cpu\" title=\"" + u.cpuTitle() + "\">" + u.cpuText() + "</td>");
            }
            if (dependencies) {
                h.line("          <td class=\"depends\">" + WebText.escape(String.join(", ", dependsOn.getOrDefault(ns, List.of())))
                        + "</td>");
            }
            h.line("        </tr>");
            shaded = !shaded;
        }
        h.line("        </tbody>");
        h.line("      </table>");
    }
}
