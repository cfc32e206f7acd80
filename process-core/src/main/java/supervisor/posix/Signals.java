package supervisor.posix;

import java.util.Locale;

/**
 * Signal names and numbers of Linux (x86_64 and aarch64 share them), spelled as Python's
 * {@code signal} module spells them, which is what supervisord prints.
 */
public final class Signals {
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12,
            SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19;

    /** Index = signal number; null where Linux has no classic name. */
    private static final String[] NAMES = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };
    /** Real-time signals are valid numbers without classic names. */
    private static final int SIGRTMIN = 34, SIGRTMAX = 64;

    private Signals() {
    }

    /** True for a number the kernel accepts as a signal. */
    public static boolean isValid(int number) {
        return number >= 1 && number <= SIGRTMAX && (number < NAMES.length || number >= SIGRTMIN);
    }

    /**
     * The signal a supervisord config or RPC names: a valid number, or a name with or without
     * {@code SIG}, case-insensitive, surrounding blanks ignored. Aliases Python knows
     * ({@code IOT}, {@code POLL}, {@code CLD}) are accepted. Returns -1 when it names no signal.
     */
    public static int parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return -1;
        }
        if (s.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(s);
                return isValid(n) ? n : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        String name = s.toUpperCase(Locale.ROOT);
        if (!name.startsWith("SIG")) {
            name = "SIG" + name;
        }
        switch (name) {
            case "SIGIOT": return 6;
            case "SIGPOLL": return 29;
            case "SIGCLD": return 17;
            default: break;
        }
        for (int i = 1; i < NAMES.length; i++) {
            if (name.equals(NAMES[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The name supervisord prints ({@code SIGTERM}), or {@code signal N} for unnamed numbers. */
    public static String name(int number) {
        if (number > 0 && number < NAMES.length && NAMES[number] != null) {
            return NAMES[number];
        }
        if (number == SIGRTMIN || number == SIGRTMAX) {
            return number == SIGRTMIN ? "SIGRTMIN" : "SIGRTMAX";
        }
        return "signal " + number;
    }

    /**
     * Puts back the default disposition of {@code sig}, undoing an inherited SIG_IGN. A process
     * started by {@code nohup}, or in the background by a non-interactive shell, inherits HUP or
     * INT ignored, and the JVM then declines to handle them (it respects an ignored shutdown
     * signal). supervisord installs its handlers whatever it inherited; so must this daemon,
     * before it installs its own.
     */
    public static void unignore(int sig) {
        Libc.defaultDisposition(sig);
    }
}
