package supervisor.server.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import supervisor.depends.DependencyGraph;
import supervisor.process.Subprocess;
import supervisor.rpc.Args;

/**
 * getDependencyGraph: the depends_on edges between the active processes, for tools and the web
 * UI. Made on the caller's thread from the published groups (a process's config never changes),
 * so it never waits for the supervisor loop.
 */
final class DependencyInfo {
    private final Lookup lookup;

    DependencyInfo(Lookup lookup) {
        this.lookup = lookup;
    }

    /** One struct per process, in getAllProcessInfo's order: {name, group, depends_on, dependents}. */
    Object dependencyGraph(Args a) {
        List<Subprocess> all = lookup.allLexical();
        DependencyGraph<Subprocess> graph = DependencyGraph.of(all, p -> p.group().name(), Subprocess::name,
                p -> p.config().dependsOn());
        List<Object> structs = new ArrayList<>(all.size());
        for (Subprocess p : all) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", p.name());
            s.put("group", p.group().name());
            s.put("depends_on", namespecs(graph.dependencies(p)));
            s.put("dependents", namespecs(graph.dependents(p)));
            structs.add(s);
        }
        return structs;
    }

    /** {@code group:name} always, as the result structs of the *All calls can be turned into. */
    private static List<Object> namespecs(List<Subprocess> ps) {
        return new ArrayList<>(ps.stream().map(p -> (Object) (p.group().name() + ":" + p.name())).toList());
    }
}
