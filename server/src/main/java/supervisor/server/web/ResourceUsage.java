package supervisor.server.web;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a running process uses, as supervisor_ext.getAllProcessStats reads it from /proc: the
 * RSS and CPU cells of the status page (beyond.md, Observability). 4.2.5's page has no such
 * cells; ours adds them after the Action cell, so a scraper that finds cells by position or
 * class still finds the four it knows.
 */
record ResourceUsage(long pid, long rss, double cpu) {

    /** The usage of each process that has a pid, by namespec; one without is left out. */
    static Map<String, ResourceUsage> byNamespec(List<?> stats) {
        Map<String, ResourceUsage> usage = new HashMap<>();
        for (Object o : stats) {
            Map<?, ?> s = (Map<?, ?>) o;
            long pid = ((Number) s.get("pid")).longValue();
            if (pid > 0) {
                usage.put(StatusPage.namespec(String.valueOf(s.get("group")), String.valueOf(s.get("name"))),
                        new ResourceUsage(pid, ((Number) s.get("rss")).longValue(), ((Number) s.get("cpu")).doubleValue()));
            }
        }
        return usage;
    }

    /** Resident memory in binary units, as ps and top show it: "812 KiB", "12.3 MiB". */
    String rssText() {
        if (rss < 1024 * 1024) {
            return (rss + 1023) / 1024 + " KiB";
        }
        double mib = rss / (1024.0 * 1024.0);
        return mib < 1024 ? String.format(Locale.ROOT, "%.1f MiB", mib)
                : String.format(Locale.ROOT, "%.2f GiB", mib / 1024);
    }

    /** CPU seconds (user + system): "0.42 s" under a minute, then the description's uptime form, "1:02:03". */
    String cpuText() {
        if (cpu < 60) {
            return String.format(Locale.ROOT, "%.2f s", cpu);
        }
        long s = (long) cpu;
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** The exact figures, shown when the pointer rests on a cell. */
    String rssTitle() {
        return rss + " bytes resident";
    }

    String cpuTitle() {
        return String.format(Locale.ROOT, "%.2f CPU seconds (user + system)", cpu);
    }
}
