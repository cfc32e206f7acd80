package supervisor.server.metrics;

/**
 * Writes the Prometheus text exposition format 0.0.4: a family's {@code # HELP} and
 * {@code # TYPE} lines, then its samples. Written directly rather than through the Prometheus
 * Java client: the format is a few lines of rules, the client's model would build an object per
 * sample (thousands with a thousand programs) only to print them, and the daemon's image stays
 * free of two more jars. Not thread-safe: one instance per scrape.
 */
public final class TextFormat {
    private final StringBuilder out;

    public TextFormat(int expectedChars) {
        out = new StringBuilder(expectedChars);
    }

    /** Starts a family; every sample written until the next family must carry its name. */
    public TextFormat family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample; {@code labels} alternate name and value ({@code "group", "g", "name", "n"}). */
    public TextFormat sample(String name, double value, String... labels) {
        labels(name, labels);
        out.append(format(value)).append('\n');
        return this;
    }

    /** An integral sample, written without a fraction. */
    public TextFormat sample(String name, long value, String... labels) {
        labels(name, labels);
        out.append(value).append('\n');
        return this;
    }

    private void labels(String name, String[] labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0)
                    out.append(',');
                out.append(labels[i]).append("=\"");
                escape(labels[i + 1], true);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ');
    }

    /**
     * The format's escapes: backslash and newline everywhere, the double quote in label values
     * only (a HELP text shows it as it is).
     */
    private void escape(String s, boolean labelValue) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(labelValue ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** Go's ParseFloat spellings of the special values; Java's shortest repr for the rest. */
    static String format(double v) {
        if (Double.isNaN(v))
            return "NaN";
        if (Double.isInfinite(v))
            return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15)
            return Long.toString((long) v);
        return Double.toString(v);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
