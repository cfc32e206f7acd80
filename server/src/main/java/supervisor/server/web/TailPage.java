package supervisor.server.web;

/**
 * The tail page ({@code tail.html}): the end of a process's stdout log in a {@code <pre>},
 * and a refresh link that asks for the same amount again.
 *
 * <p>The log's text goes into the page as it is, control characters included, as supervisord
 * puts it there: the page is served as text/html, and an HTML parser takes them (a browser
 * drops a NUL and keeps the others), where an XML-RPC client's parser refuses a whole answer
 * for one of them (the answers carry stand-ins instead, see supervisor.rpc.XmlChars).
 */
final class TailPage {
    private TailPage() {
    }

    /**
     * @param namespec the process asked for, or null when none was given (no refresh link then)
     * @param text     the log's tail or the error text, shown escaped
     * @param limit    the byte count the refresh link asks for
     */
    static String render(String namespec, String text, String limit) {
        Html h = new Html();
        String title = "Supervisor tail of process " + (namespec == null ? "None" : namespec);
        h.head(title,
                "  <link href=\"stylesheets/supervisor.css\" rel=\"stylesheet\" type=\"text/css\" />",
                "  <link href=\"images/icon.png\" rel=\"icon\" type=\"image/png\" />");
        h.line("<body class=\"tail\">");
        h.line("<div id=\"content\">");
        h.line("<h1>" + WebText.escape(title) + "</h1>");
        h.line("<pre>" + WebText.escape(text) + "</pre>");
        if (namespec != null) {
            String href = "tail.html?processname=" + WebText.quote(namespec) + "&limit=" + WebText.quote(limit);
            h.line("<form action=\"index.html\" method=\"post\">");
            h.line("  <div class=\"refresh\">");
            h.line("    <a href=\"" + WebText.escape(href) + "\">");
            h.line("      <input type=\"button\" value=\" Refresh \" name=\"refresh\" />");
            h.line("    </a>");
            h.line("  </div>");
            h.line("</form>");
        }
        h.line("</div>");
        h.line("</body>");
        h.line("</html>");
        return h.toString();
    }
}
