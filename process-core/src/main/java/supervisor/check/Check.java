package supervisor.check;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One check of a program, as written in {@code ready_check} (beyond.md): {@code tcp:HOST:PORT}
 * (a connection is accepted), {@code http://HOST:PORT/PATH} (a 2xx or 3xx answer to GET),
 * {@code exec:COMMAND} (the command, run by {@code /bin/sh -c}, exits 0) or {@code log:REGEX}
 * (a line of the program's stdout or stderr matches). Parsed once at config load, so a bad
 * value fails the load and never a start.
 */
public sealed interface Check {
    /** What the message of a bad value lists. */
    String SYNTAX = "tcp:HOST:PORT, http://HOST:PORT/PATH, exec:COMMAND or log:REGEX";

    /** The check as written in the config, for log lines and descriptions. */
    String text();

    record Tcp(String host, int port) implements Check {
        @Override
        public String text() {
            return "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** {@code url} is what was written, {@code http://} included. */
    record Http(String url, String host, int port, String path) implements Check {
        @Override
        public String text() {
            return url;
        }
    }

    record Exec(String command) implements Check {
        @Override
        public String text() {
            return "exec:" + command;
        }
    }

    /** Matches when the regex is found anywhere in a line ({@link java.util.regex.Matcher#find()}). */
    record Log(Pattern regex) implements Check {
        @Override
        public String text() {
            return "log:" + regex.pattern();
        }

        /** By the regex as written: a Pattern is only equal to itself, and update compares configs. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Log other && other.regex.pattern().equals(regex.pattern());
        }

        @Override
        public int hashCode() {
            return regex.pattern().hashCode();
        }
    }

    /** A value that is not a check; its message says what is wrong. */
    final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** Parses a value of {@code key} (e.g. {@code ready_check}); the key only names it in messages. */
    static Check parse(String key, String value) throws Invalid {
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp:")) {
            String[] hp = hostPort(key, v, v.substring(4));
            return new Tcp(hp[0], port(key, v, hp[1]));
        }
        if (lower.startsWith("http://")) {
            String rest = v.substring(7);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "/" : rest.substring(slash);
            String[] hp = hostPort(key, v, authority);
            return new Http(v, hp[0], port(key, v, hp[1]), path);
        }
        if (lower.startsWith("exec:")) {
            String command = v.substring(5).strip();
            if (command.isEmpty()) {
                throw invalid(key, v, "no command");
            }
            return new Exec(command);
        }
        if (lower.startsWith("log:")) {
            String regex = v.substring(4);
            if (regex.isEmpty()) {
                throw invalid(key, v, "no regular expression");
            }
            try {
                return new Log(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw invalid(key, v, "bad regular expression: " + e.getDescription());
            }
        }
        throw invalid(key, v, "expected " + SYNTAX);
    }

    /** Splits {@code HOST:PORT} (an IPv6 host in brackets). */
    private static String[] hostPort(String key, String value, String s) throws Invalid {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw invalid(key, value, "expected HOST:PORT");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw invalid(key, value, "no host");
        }
        return new String[] {host, s.substring(colon + 1)};
    }

    private static int port(String key, String value, String s) throws Invalid {
        int port;
        try {
            port = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw invalid(key, value, "port is not between 1 and 65535");
        }
        return port;
    }

    private static Invalid invalid(String key, String value, String why) {
        return new Invalid("invalid " + key + " value '" + value + "': " + why);
    }
}
