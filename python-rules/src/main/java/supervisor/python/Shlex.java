package supervisor.python;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words like Python's {@code shlex.split(s)} (POSIX mode, no
 * comments), which is how supervisord turns {@code command=} into argv.
 *
 * <p>The rules: words are separated by space, tab, CR and LF; single quotes keep everything
 * literally; in double quotes a backslash escapes only {@code "} and {@code \}; outside quotes
 * a backslash makes the next character (newline included) literal; quoted empty strings are
 * words; quotes may join a word ({@code a"b c"d} is one word). Nothing else is special.
 */
public final class Shlex {

    /** The errors shlex reports, with its messages. */
    public static final class ParseError extends Exception {
        public ParseError(String message) {
            super(message);
        }
    }

    private Shlex() {
    }

    public static List<String> split(String s) throws ParseError {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false; // a word has started, even if it is still empty ("")
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i++);
            switch (c) {
                case ' ', '\t', '\r', '\n' -> {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                }
                case '\\' -> {
                    if (i >= n) {
                        throw new ParseError("No escaped character");
                    }
                    word.append(s.charAt(i++));
                    inWord = true;
                }
                case '\'' -> {
                    int close = s.indexOf('\'', i);
                    if (close < 0) {
                        throw new ParseError("No closing quotation");
                    }
                    word.append(s, i, close);
                    i = close + 1;
                    inWord = true;
                }
                case '"' -> {
                    i = doubleQuoted(s, i, word);
                    inWord = true;
                }
                default -> {
                    word.append(c);
                    inWord = true;
                }
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Reads up to the closing quote, returning the index after it. */
    private static int doubleQuoted(String s, int i, StringBuilder word) throws ParseError {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                if (i >= n) {
                    throw new ParseError("No escaped character");
                }
                char next = s.charAt(i++);
                if (next != '"' && next != '\\') {
                    word.append('\\');
                }
                word.append(next);
            } else {
                word.append(c);
            }
        }
        throw new ParseError("No closing quotation");
    }
}
