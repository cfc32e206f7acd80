package supervisor.server.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a web UI request, read as supervisord reads them: the query string, then a
 * form-urlencoded body whose values win. Fields without {@code =} or with an empty value are
 * dropped (Python's parse_qs default), so {@code action=} means no action. In the query the
 * first of repeated fields counts, in the body the last.
 */
record Form(Map<String, String> fields) {

    static Form parse(String query, String body) {
        Map<String, String> fields = new HashMap<>();
        for (String[] pair : pairs(query)) {
            fields.putIfAbsent(pair[0], pair[1]);
        }
        for (String[] pair : pairs(body)) {
            fields.put(pair[0], pair[1]);
        }
        return new Form(Map.copyOf(fields));
    }

    private static List<String[]> pairs(String encoded) {
        List<String[]> pairs = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return pairs;
        }
        for (String field : encoded.split("&", -1)) {
            int eq = field.indexOf('=');
            if (eq < 0 || eq == field.length() - 1) {
                continue;
            }
            pairs.add(new String[] {WebText.unquotePlus(field.substring(0, eq)),
                    WebText.unquotePlus(field.substring(eq + 1))});
        }
        return pairs;
    }

    /** The field's value, or null when absent (never empty). */
    String get(String name) {
        return fields.get(name);
    }
}
