package supervisor.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exposition format's rules as Prometheus's parser applies them. */
class TextFormatTest {
    @Test
    void aFamilyIsHelpThenTypeThenItsSamples() {
        String text = new TextFormat(0).family("x_total", "counter", "How many.")
                .sample("x_total", 3L, "group", "g", "name", "n")
                .sample("x_total", 4L).toString();
        assertEquals("# HELP x_total How many.\n# TYPE x_total counter\nx_total{group=\"g\",name=\"n\"} 3\nx_total 4\n",
                text);
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndNewline() {
        String text = new TextFormat(0).sample("m", 1L, "name", "a\\b\"c\nd").toString();
        assertEquals("m{name=\"a\\\\b\\\"c\\nd\"} 1\n", text);
    }

    @Test
    void helpEscapesBackslashAndNewlineButNotQuotes() {
        String text = new TextFormat(0).family("m", "gauge", "a \"b\"\\\nc").toString();
        assertEquals("# HELP m a \"b\"\\\\\\nc\n# TYPE m gauge\n", text);
    }

    @Test
    void doublesAsGoParsesThem() {
        assertEquals("0", TextFormat.format(0.0));
        assertEquals("12", TextFormat.format(12.0));
        assertEquals("0.25", TextFormat.format(0.25));
        assertEquals("1.0E20", TextFormat.format(1e20));
        assertEquals("NaN", TextFormat.format(Double.NaN));
        assertEquals("+Inf", TextFormat.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", TextFormat.format(Double.NEGATIVE_INFINITY));
        assertEquals("m 0.5\n", new TextFormat(0).sample("m", 0.5).toString());
    }
}
