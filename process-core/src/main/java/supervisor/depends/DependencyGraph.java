package supervisor.depends;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The edges {@code depends_on} makes between members (processes, or their configurations). A
 * name is read as supervisord reads a namespec: {@code group:name} is one process,
 * {@code group:*} (or {@code group:}) every member of the group, and a bare {@code name} the
 * process {@code name} of the group {@code name}; where that group has no such member (a
 * program with numprocs &gt; 1, a {@code [group:x]}), a bare name means every member of the
 * group. Members are told apart by identity. Immutable.
 *
 * @param <T> what a member is: a process, or a process's configuration
 */
public final class DependencyGraph<T> {
    private final List<T> members;
    private final Map<T, List<T>> dependencies = new IdentityHashMap<>();
    private final Map<T, List<T>> dependents = new IdentityHashMap<>();
    private final Map<T, List<String>> unknown = new IdentityHashMap<>();
    private final Function<T, String> namespec;

    private DependencyGraph(List<T> members, Function<T, String> group, Function<T, String> name,
                            Function<T, List<String>> dependsOn) {
        this.members = List.copyOf(members);
        this.namespec = m -> group.apply(m).equals(name.apply(m)) ? name.apply(m)
                : group.apply(m) + ":" + name.apply(m);
        members.forEach(m -> dependents.put(m, new ArrayList<>()));
        for (T m : members) {
            Set<T> found = Collections.newSetFromMap(new IdentityHashMap<>());
            List<T> deps = new ArrayList<>();
            List<String> nothing = new ArrayList<>();
            for (String spec : dependsOn.apply(m)) {
                List<T> named = resolve(spec, group, name);
                if (named.isEmpty()) {
                    nothing.add(spec);
                }
                for (T d : named) {
                    if (found.add(d)) {
                        deps.add(d);
                        dependents.get(d).add(m);
                    }
                }
            }
            dependencies.put(m, List.copyOf(deps));
            unknown.put(m, List.copyOf(nothing));
        }
    }

    /**
     * The graph of these members.
     *
     * @param group     a member's group name
     * @param name      a member's process name
     * @param dependsOn a member's {@code depends_on} names, as written
     */
    public static <T> DependencyGraph<T> of(Collection<T> members, Function<T, String> group, Function<T, String> name,
                                            Function<T, List<String>> dependsOn) {
        return new DependencyGraph<>(List.copyOf(members), group, name, dependsOn);
    }

    private List<T> resolve(String spec, Function<T, String> group, Function<T, String> name) {
        int colon = spec.indexOf(':');
        String g = colon < 0 ? spec : spec.substring(0, colon);
        String p = colon < 0 ? spec : spec.substring(colon + 1);
        boolean wholeGroup = p.isEmpty() || p.equals("*");
        List<T> inGroup = members.stream().filter(m -> group.apply(m).equals(g)).toList();
        if (!wholeGroup) {
            List<T> one = inGroup.stream().filter(m -> name.apply(m).equals(p)).toList();
            if (!one.isEmpty() || colon >= 0) {
                return one;
            }
        }
        return inGroup;
    }

    /** What the member depends on directly, in the order its names give them. */
    public List<T> dependencies(T member) {
        return dependencies.getOrDefault(member, List.of());
    }

    /** What depends on the member directly, in member order. */
    public List<T> dependents(T member) {
        return Collections.unmodifiableList(dependents.getOrDefault(member, List.of()));
    }

    /** The member's {@code depends_on} names that name nothing. */
    public List<String> unknown(T member) {
        return unknown.getOrDefault(member, List.of());
    }

    /** {@code name}, or {@code group:name} in a group of another name: how a member is named to users. */
    public String namespec(T member) {
        return namespec.apply(member);
    }

    /**
     * The first cycle met walking the members in order: {@code [a, b, a]} when a depends on b
     * and b on a, {@code [a, a]} when a depends on itself; empty when there is none.
     */
    public List<T> cycle() {
        Set<T> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (T m : members) {
            List<T> path = new ArrayList<>();
            List<T> found = cycleFrom(m, path, done);
            if (found != null) {
                return found;
            }
        }
        return List.of();
    }

    private List<T> cycleFrom(T m, List<T> path, Set<T> done) {
        if (done.contains(m)) {
            return null;
        }
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i) == m) {
                List<T> cycle = new ArrayList<>(path.subList(i, path.size()));
                cycle.add(m);
                return cycle;
            }
        }
        path.add(m);
        for (T d : dependencies(m)) {
            List<T> found = cycleFrom(d, path, done);
            if (found != null) {
                return found;
            }
        }
        path.removeLast();
        done.add(m);
        return null;
    }

    /**
     * The members given, each after those of its dependencies (direct or not) that are among
     * them, otherwise in the order given: the order to start them in. A cycle (possible only
     * between groups of two configs) is broken where it is met.
     */
    public List<T> startOrder(Collection<T> wanted) {
        return order(wanted, this::dependencies);
    }

    /** The members given, each after those of its dependents that are among them: the order to stop them in. */
    public List<T> stopOrder(Collection<T> wanted) {
        return order(wanted, this::dependents);
    }

    private List<T> order(Collection<T> wanted, Function<T, List<T>> before) {
        Set<T> among = Collections.newSetFromMap(new IdentityHashMap<>());
        among.addAll(wanted);
        Set<T> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<T> out = new ArrayList<>();
        for (T m : wanted) {
            visit(m, among, seen, out, before);
        }
        return out;
    }

    private void visit(T m, Set<T> among, Set<T> seen, List<T> out, Function<T, List<T>> before) {
        if (!seen.add(m)) {
            return;
        }
        for (T b : before.apply(m)) {
            if (among.contains(b)) {
                visit(b, among, seen, out, before);
            }
        }
        out.add(m);
    }

    /** Every member the member depends on, directly or not, each after its own dependencies. */
    public List<T> allDependencies(T member) {
        Set<T> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(member);
        List<T> out = new ArrayList<>();
        for (T d : dependencies(member)) {
            collect(d, seen, out, this::dependencies);
        }
        return out;
    }

    /** Every member that depends on the member, directly or not, each after its own dependents. */
    public List<T> allDependents(T member) {
        Set<T> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(member);
        List<T> out = new ArrayList<>();
        for (T d : dependents(member)) {
            collect(d, seen, out, this::dependents);
        }
        return out;
    }

    private void collect(T m, Set<T> seen, List<T> out, Function<T, List<T>> next) {
        if (!seen.add(m)) {
            return;
        }
        for (T n : next.apply(m)) {
            collect(n, seen, out, next);
        }
        out.add(m);
    }

    /** True when no member has a {@code depends_on} name: the scheduler then has nothing to do. */
    public boolean isEmpty() {
        return members.stream().allMatch(m -> dependencies(m).isEmpty() && unknown(m).isEmpty());
    }
}
