package supervisor.process;

/**
 * A name as users type it: {@code name} (a process of the group of the same name, or a whole
 * group), {@code group:name}, or {@code group:*} and {@code group:} for every member. Split as
 * supervisord's {@code split_namespec} splits it.
 *
 * @param process null when the name means the whole group
 */
public record Namespec(String group, String process) {

    public static Namespec parse(String name) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            return new Namespec(name, name);
        }
        String p = name.substring(colon + 1);
        return new Namespec(name.substring(0, colon), p.isEmpty() || p.equals("*") ? null : p);
    }
}
