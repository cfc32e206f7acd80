package supervisor.server.web;

/** Builds an XHTML page line by line (the pages are well-formed XML, as supervisord's are). */
final class Html {
    private static final String DOCTYPE = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\""
            + " \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">";

    private final StringBuilder page = new StringBuilder(4096);

    /** The doctype, the html element and the whole head; extra head lines are given verbatim. */
    void head(String title, String... extra) {
        line(DOCTYPE);
        line("<html xmlns=\"http://www.w3.org/1999/xhtml\">");
        line("<head>");
        line("  <meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />");
        line("  <title>" + WebText.escape(title) + "</title>");
        for (String l : extra) {
            line(l);
        }
        line("</head>");
    }

    void line(String text) {
        page.append(text).append('\n');
    }

    @Override
    public String toString() {
        return page.toString();
    }
}
