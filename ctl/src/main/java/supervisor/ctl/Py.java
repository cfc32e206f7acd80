package supervisor.ctl;

import supervisor.python.PyStr;

/** The bits of Python's formatting supervisorctl's output depends on. */
final class Py {
    private Py() {
    }

    /** {@code str(value)} for the values XML-RPC brings. */
    static String str(Object value) {
        return switch (value) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            default -> value.toString();
        };
    }

    /** {@code '%-Ns' % s}: padded on the right to n characters (code points, as Python counts). */
    static String ljust(String s, int n) {
        int length = s.codePointCount(0, s.length());
        return length >= n ? s : s + " ".repeat(n - length);
    }

    static int len(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Python's {@code str.split()}: on runs of whitespace, no empty parts. */
    static java.util.List<String> split(String s) {
        return PyStr.split(s);
    }

    /** supervisord's make_namespec. */
    static String namespec(Object group, Object name) {
        return group.equals(name) ? str(name) : group + ":" + name;
    }

    /** supervisord's split_namespec: {@code grp:*} and {@code grp:} name the group (process null). */
    static String[] splitNamespec(String namespec) {
        int colon = namespec.indexOf(':');
        if (colon < 0) {
            return new String[] {namespec, namespec};
        }
        String process = namespec.substring(colon + 1);
        return new String[] {namespec.substring(0, colon), process.isEmpty() || process.equals("*") ? null : process};
    }
}
