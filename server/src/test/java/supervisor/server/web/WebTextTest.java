package supervisor.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.Json;
import supervisor.testing.ReferencePython;

/** Quoting, form parsing and ctime, each compared with what Python's own functions give. */
class WebTextTest {
    static final List<String> SAMPLES = List.of("grp:proc", "a b+c", "ü€/x", "~_.-", "*?&=#%", "", "tab\there",
            "100%", "%zz%4", "%41%2b+");

    @TempDir
    Path dir;

    /** Runs the reference Python on one input per line of a file; returns its output lines. */
    private List<String> python(String script, List<String> inputs) throws IOException {
        Path in = dir.resolve("in.txt");
        Files.writeString(in, String.join("\n", inputs), StandardCharsets.UTF_8);
        return ReferencePython.run(script, "", in.toString()).lines().toList();
    }

    private static final String EACH_LINE = """
            import sys, json
            from urllib.parse import quote, unquote_plus, parse_qs, parse_qsl
            lines = open(sys.argv[1], encoding='utf-8').read().split('\\n')
            for line in lines:
                print(json.dumps(%s))
            """;

    @Test
    void quoteIsPythonsQuote() throws Exception {
        List<String> expected = python(EACH_LINE.formatted("quote(line)"), SAMPLES);
        for (int i = 0; i < SAMPLES.size(); i++) {
            assertEquals(unjson(expected.get(i)), WebText.quote(SAMPLES.get(i)), SAMPLES.get(i));
        }
    }

    @Test
    void unquotePlusIsPythons() throws Exception {
        List<String> inputs = new ArrayList<>(SAMPLES);
        inputs.add("%C3%BC%FF");
        List<String> expected = python(EACH_LINE.formatted("unquote_plus(line)"), inputs);
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(unjson(expected.get(i)), WebText.unquotePlus(inputs.get(i)), inputs.get(i));
        }
    }

    /** supervisord's merge: the first query value, then the body's pairs in order (the last wins). */
    @Test
    void formIsReadLikeSupervisordReadsIt() throws Exception {
        List<String> queries = List.of("a=1&a=2&b=&c", "processname=grp%3Ax&action=start", "x=+y+&y=%2B",
                "message=a%26b&message=", "=v&k=", "a=1;b=2");
        List<String> bodies = List.of("a=3&a=4", "action=stop", "", "message=", "k=v", "b=3");
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            inputs.add(queries.get(i) + "\t" + bodies.get(i));
        }
        String merge = "(lambda q, b: (lambda f: [f.update({k: v[0] for k, v in parse_qs(q).items()}),"
                + " [f.__setitem__(k, v) for k, v in parse_qsl(b)], dict(sorted(f.items()))][2])({}))"
                + "(*line.split('\\t'))";
        List<String> expected = python(EACH_LINE.formatted(merge), inputs);
        for (int i = 0; i < queries.size(); i++) {
            Map<String, String> ours = new TreeMap<>(Form.parse(queries.get(i), bodies.get(i)).fields());
            assertEquals(expected.get(i), Json.write(ours), inputs.get(i));
        }
    }

    @Test
    void ctimeIsCsCtime() throws Exception {
        List<Long> instants = List.of(0L, 1_700_000_000L, 1_762_000_000L, 1_893_456_000L, 1_751_328_000L);
        List<String> expected = python(EACH_LINE.formatted("__import__('time').ctime(int(line))"),
                instants.stream().map(String::valueOf).toList());
        for (int i = 0; i < instants.size(); i++) {
            assertEquals(unjson(expected.get(i)),
                    WebText.ctime(Instant.ofEpochSecond(instants.get(i)).atZone(ZoneId.systemDefault())));
        }
    }

    @Test
    void escapeLeavesNoMarkup() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;", WebText.escape("<a href=\"x\">&amp;</a>"));
        assertEquals("plain", WebText.escape("plain"));
    }

    /** Python's json.dumps of a str, back to the str. */
    private static String unjson(String json) {
        return (String) Json.parse(json);
    }
}
