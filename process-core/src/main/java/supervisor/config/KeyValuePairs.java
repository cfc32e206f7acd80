package supervisor.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import supervisor.python.PyStr;

/**
 * The {@code environment=} syntax: {@code KEY=val,KEY2="v 2"}, tokenised as Python's
 * {@code shlex.shlex} does in non-POSIX mode (quotes kept in tokens, {@code #} starts a
 * comment, no escapes), then read as {@code KEY = VALUE <separator>} quadruples.
 */
public final class KeyValuePairs {
    private static final String WORDCHARS =
            "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_" + "/.+-():";
    private static final String WHITESPACE = " \t\r\n";
    private static final String QUOTES = "'\"";

    private KeyValuePairs() {
    }

    /** Parses the pairs, in order; later duplicates replace earlier values. */
    public static Map<String, String> parse(String arg) throws ConfigException {
        List<String> tokens = tokenize(arg);
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i += 4) {
            if (i + 3 > tokens.size() || !tokens.get(i + 1).equals("=")) {
                throw new ConfigException("Unexpected end of key/value pairs in value '" + arg + "'");
            }
            pairs.put(tokens.get(i), PyStr.strip(tokens.get(i + 2), "'\""));
        }
        return pairs;
    }

    /** The tokens Python's non-POSIX shlex yields for the text. */
    static List<String> tokenize(String text) throws ConfigException {
        Lexer lexer = new Lexer(text);
        List<String> tokens = new ArrayList<>();
        for (String t = lexer.next(); !t.isEmpty(); t = lexer.next()) {
            tokens.add(t);
        }
        return tokens;
    }

    private static final class Lexer {
        private final String text;
        private int pos;
        private char state = ' ';
        private boolean eof;
        private final Deque<String> pushback = new ArrayDeque<>();

        Lexer(String text) {
            this.text = text;
        }

        private int read() {
            return pos < text.length() ? text.charAt(pos++) : -1;
        }

        private void skipLine() {
            while (pos < text.length() && text.charAt(pos++) != '\n') {
                // a comment runs to the end of its line
            }
        }

        /** The next token, or "" at the end. */
        String next() throws ConfigException {
            if (!pushback.isEmpty()) {
                return pushback.pop();
            }
            if (eof) {
                return "";
            }
            StringBuilder token = new StringBuilder();
            while (true) {
                int c = read();
                if (state == ' ') {
                    if (c < 0) {
                        eof = true;
                        break;
                    } else if (WHITESPACE.indexOf(c) >= 0) {
                        if (!token.isEmpty()) {
                            break;
                        }
                    } else if (c == '#') {
                        skipLine();
                    } else if (WORDCHARS.indexOf(c) >= 0) {
                        token.append((char) c);
                        state = 'a';
                    } else if (QUOTES.indexOf(c) >= 0) {
                        token.append((char) c);
                        state = (char) c;
                    } else {
                        token.append((char) c);
                        break;
                    }
                } else if (QUOTES.indexOf(state) >= 0) {
                    if (c < 0) {
                        throw new ConfigException("No closing quotation");
                    }
                    token.append((char) c);
                    if (c == state) {
                        state = ' ';
                        break;
                    }
                } else {
                    if (c < 0) {
                        eof = true;
                        break;
                    } else if (WHITESPACE.indexOf(c) >= 0) {
                        state = ' ';
                        if (!token.isEmpty()) {
                            break;
                        }
                    } else if (c == '#') {
                        skipLine();
                    } else if (WORDCHARS.indexOf(c) >= 0 || QUOTES.indexOf(c) >= 0) {
                        token.append((char) c);
                    } else {
                        pushback.push(String.valueOf((char) c));
                        state = ' ';
                        if (!token.isEmpty()) {
                            break;
                        }
                    }
                }
            }
            return token.toString();
        }
    }
}
