package supervisor.rpc;

/**
 * Builds method documentation laid out the way supervisord's Python docstrings read through
 * system.methodHelp: a space before the first line, every further non-empty line indented by
 * eight spaces, and the closing quotes' indentation at the end. Put the signature in
 * {@code @param <type> <name> text} and {@code @return <type> <name> text} lines.
 */
public final class Docstring {
    private Docstring() {
    }

    public static String of(String... lines) {
        StringBuilder doc = new StringBuilder(" ").append(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                doc.append("        ").append(lines[i]);
            }
            doc.append('\n');
        }
        return doc.append("        ").toString();
    }
}
