package supervisor.config;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import supervisor.posix.Signals;
import supervisor.python.PyInt;
import supervisor.python.PyStr;

/**
 * supervisord's value types ({@code datatypes.py}): each converter accepts what supervisord
 * accepts and throws a {@link ConfigException} carrying supervisord's message otherwise.
 * The command-line parser uses them too, to validate option arguments.
 */
public final class Datatypes {
    private Datatypes() {
    }

    public static boolean bool(String s) throws ConfigException {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw new ConfigException("not a valid boolean value: " + PyStr.repr(s));
        };
    }

    /** Python {@code int()}, saturated to a Java int. */
    public static int integer(String s) throws ConfigException {
        return clamp(longInteger(s));
    }

    /** Python's {@code int(s)} saturated to a Java long (Python's ints are unbounded). */
    static long longInteger(String s) throws ConfigException {
        Long v = intOrNull(s, 10);
        if (v == null) {
            throw new ConfigException(PyInt.invalidLiteral(s, 10));
        }
        return v;
    }

    /** Python's {@code int(s, base)} for base 10 or 8, saturated to a long; null where it raises. */
    static Long intOrNull(String s, int base) {
        BigInteger v = PyInt.parse(s, base);
        if (v == null) {
            return null;
        }
        if (v.bitLength() > 63) {
            return v.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return v.longValue();
    }

    private static int clamp(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** A byte count with an optional {@code KB}/{@code MB}/{@code GB} suffix (1024-based). */
    public static long byteSize(String s) throws ConfigException {
        String v = s.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (v.length() >= 2) {
            String suffix = v.substring(v.length() - 2);
            multiplier = switch (suffix) {
                case "kb" -> 1024L;
                case "mb" -> 1024L * 1024;
                case "gb" -> 1024L * 1024 * 1024;
                default -> 1;
            };
            if (multiplier > 1) {
                v = v.substring(0, v.length() - 2);
            }
        }
        return longInteger(v) * multiplier;
    }

    public static int octal(String s) throws ConfigException {
        Long v = intOrNull(s, 8);
        if (v == null) {
            throw new ConfigException(s + " can not be converted to an octal type");
        }
        return clamp(v);
    }

    /**
     * A signal as supervisord accepts it: a number among the values Python's {@code signal}
     * module defines, or a name with or without {@code SIG}.
     */
    public static int signal(String s) throws ConfigException {
        Long number = intOrNull(s, 10);
        int num;
        if (number == null) {
            String name = PyStr.strip(s).toUpperCase(Locale.ROOT);
            if (!name.startsWith("SIG")) {
                name = "SIG" + name;
            }
            num = switch (name) {
                // names Python's signal module has beyond the classic signal names
                case "SIGRTMIN" -> 34;
                case "SIGRTMAX" -> 64;
                case "SIG_DFL", "SIG_BLOCK" -> 0;
                case "SIG_IGN", "SIG_UNBLOCK" -> 1;
                case "SIG_SETMASK" -> 2;
                default -> name.startsWith("SIG_") ? -1 : Signals.parse(name);
            };
            if (num < 0) {
                throw new ConfigException("value " + PyStr.repr(s) + " is not a valid signal name");
            }
        } else {
            num = clamp(number);
        }
        long candidate = number != null ? number : num;
        if (!(candidate == 0 || candidate == 34 || candidate == 64 || (candidate >= 1 && candidate <= 31))) {
            throw new ConfigException("value " + PyStr.repr(s) + " is not a valid signal number");
        }
        return num;
    }

    /** A comma list of exit statuses 0-255; empty means none. */
    public static List<Integer> exitCodes(String s) throws ConfigException {
        List<Integer> codes = new ArrayList<>();
        if (s.isEmpty()) {
            return codes;
        }
        for (String part : s.split(",", -1)) {
            Long v = intOrNull(part, 10);
            if (v == null || v < 0 || v > 255) {
                throw new ConfigException("not a valid list of exit codes: " + PyStr.repr(s));
            }
            codes.add((int) (long) v);
        }
        return codes;
    }

    /**
     * supervisord's {@code existing_directory} for this process's command line: {@code ~}
     * expanded (HOME, else the users db), relative to the current directory.
     */
    public static String existingDirectory(String v) throws ConfigException {
        return existingDirectory(v, Path.of("").toAbsolutePath(), System.getenv("HOME"));
    }

    /** {@code existing_directory}: the expanded path must name a directory. */
    static String existingDirectory(String v, Path cwd, String home) throws ConfigException {
        String nv = PyPath.expandUser(v, home);
        if (PyPath.isDir(nv, cwd)) {
            return nv;
        }
        throw new ConfigException(v + " is not an existing directory");
    }

    /** supervisord's {@code existing_dirpath} for this process's command line (see existingDirectory). */
    public static String existingDirpath(String v) throws ConfigException {
        return existingDirpath(v, Path.of("").toAbsolutePath(), System.getenv("HOME"));
    }

    /** {@code existing_dirpath}: the directory part of the expanded path, if any, must exist. */
    static String existingDirpath(String v, Path cwd, String home) throws ConfigException {
        String nv = PyPath.expandUser(v, home);
        String dir = PyPath.dirname(nv);
        if (dir.isEmpty() || PyPath.isDir(dir, cwd)) {
            return nv;
        }
        throw new ConfigException("The directory named as part of the path " + v + " does not exist");
    }

    public static AutoRestart autoRestart(String s) throws ConfigException {
        String v = s.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "yes", "true", "on", "1" -> AutoRestart.ALWAYS;
            case "no", "false", "off", "0" -> AutoRestart.NEVER;
            case "unexpected" -> AutoRestart.UNEXPECTED;
            default -> throw new ConfigException("invalid 'autorestart' value " + PyStr.repr(v));
        };
    }

    public static LogLevel logLevel(String s) throws ConfigException {
        LogLevel level = switch (s.toLowerCase(Locale.ROOT)) {
            case "critical", "error", "warn", "info", "debug", "trace", "blather" -> LogLevel.parse(s);
            default -> null;
        };
        if (level == null) {
            throw new ConfigException("bad logging level name " + PyStr.repr(s));
        }
        return level;
    }

    /** A process or group name: stripped, without space, colon or slash. */
    public static String processOrGroupName(String name) throws ConfigException {
        String s = PyStr.strip(name);
        for (char c : new char[] {' ', ':', '/'}) {
            if (s.indexOf(c) >= 0) {
                throw new ConfigException("Invalid name: " + PyStr.repr(name) + " because of character: "
                        + PyStr.repr(String.valueOf(c)));
            }
        }
        return s;
    }

    /** A host and port to listen on; host "" means all interfaces. */
    public record InetAddress(String host, int port) {
    }

    /** {@code PORT}, {@code HOST:PORT}, {@code :PORT} or {@code *:PORT}. */
    public static InetAddress inetAddress(String s) throws ConfigException {
        String host = "";
        int port;
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            host = s.substring(0, colon);
            String p = s.substring(colon + 1);
            if (p.isEmpty()) {
                throw new ConfigException("no port number specified in ''");
            }
            port = portNumber(p);
            host = host.toLowerCase(Locale.ROOT);
        } else {
            try {
                port = portNumber(s);
            } catch (ConfigException e) {
                throw new ConfigException("not a valid port number: " + PyStr.repr(s) + " ");
            }
        }
        if (host.equals("*")) {
            host = "";
        }
        return new InetAddress(host, port);
    }

    /** An integer in 1..65535. */
    public static int portNumber(String s) throws ConfigException {
        long v = longInteger(s);
        if (v < 1) {
            throw new ConfigException(v + " is below lower bound (1)");
        }
        if (v > 65535) {
            throw new ConfigException(v + " is above upper bound (65535)");
        }
        return (int) v;
    }

    /**
     * An integer of at least 1, saturated to a Java int: supervisord's
     * {@code RangeCheckedConversion(integer, min=1)}, so its messages are supervisord's own.
     */
    public static int positiveInteger(String s) throws ConfigException {
        BigInteger v = PyInt.parse(s, 10);
        if (v == null) {
            throw new ConfigException(PyInt.invalidLiteral(s, 10));
        }
        if (v.signum() < 1) {
            throw new ConfigException(v + " is below lower bound (1)");
        }
        return clamp(v.bitLength() > 63 ? Long.MAX_VALUE : v.longValue());
    }
}
