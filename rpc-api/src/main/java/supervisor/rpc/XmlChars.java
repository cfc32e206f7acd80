package supervisor.rpc;

/**
 * The characters XML 1.0 can carry, and what an answer carries in place of the others.
 *
 * <p>XML 1.0 allows tab, LF, CR and everything from U+0020 up except the surrogates, U+FFFE and
 * U+FFFF; the others cannot appear even as character references, and a client's parser (expat,
 * in Python's xmlrpc.client) refuses the whole document when one does. A child's output brings
 * them into log slices (a NUL, the ESC of a colour code, a form feed), and supervisord copies
 * them into its answers as they are, which its own clients then cannot read. An answer carries
 * one character in place of each instead: a C0 control U+00XX becomes its picture U+2400+XX
 * (NUL is U+2400 SYMBOL FOR NULL, ESC U+241B), readable in a terminal; U+FFFE and U+FFFF become
 * U+FFFD, as bytes that are not UTF-8 already do. One character for one, so a client that
 * counts characters still finds its lines; the offsets the log methods return count the log
 * file's bytes, not the text sent, so they stay exact.
 */
final class XmlChars {
    private static final char CONTROL_PICTURES = '\u2400';

    private XmlChars() {
    }

    /** XML 1.0's Char production. */
    static boolean isXmlChar(int c) {
        return c >= 0x20 ? c <= 0xD7FF || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= Character.MAX_CODE_POINT)
                : c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * What an answer carries in place of {@code c}, a char that is neither an XML character nor
     * half of a surrogate pair: a C0 control or U+FFFE/U+FFFF.
     */
    static char standIn(char c) {
        return c < 0x20 ? (char) (CONTROL_PICTURES + c) : '\uFFFD';
    }
}
