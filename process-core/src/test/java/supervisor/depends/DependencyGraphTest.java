package supervisor.depends;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How names resolve, and the orders: stable where the graph leaves the choice, safe on a cycle. */
class DependencyGraphTest {
    /** A process: its group, its name and its depends_on. */
    private record P(String group, String name, List<String> dependsOn) {
        @Override
        public String toString() {
            return group.equals(name) ? name : group + ":" + name;
        }
    }

    private static P p(String group, String name, String... dependsOn) {
        return new P(group, name, List.of(dependsOn));
    }

    private static DependencyGraph<P> graph(P... ps) {
        return DependencyGraph.of(List.of(ps), P::group, P::name, P::dependsOn);
    }

    @Test
    void namesResolveAsNamespecsWithABareGroupNameForItsMembers() {
        P db = p("db", "db");
        P w0 = p("w", "w_0");
        P w1 = p("w", "w_1");
        P gx = p("g", "x");
        P app = p("app", "app", "db", "w", "g:*", "g:x", "nope", "db:");
        DependencyGraph<P> g = graph(db, w0, w1, gx, app);
        assertEquals(List.of(db, w0, w1, gx), g.dependencies(app), "each once, in the order named");
        assertEquals(List.of("nope"), g.unknown(app));
        assertEquals(List.of(app), g.dependents(w1));
        assertEquals("g:x", g.namespec(gx));
    }

    @Test
    void ordersAreStableAndPutDependenciesFirstToStartAndLastToStop() {
        P a = p("a", "a", "c");
        P b = p("b", "b");
        P c = p("c", "c");
        P d = p("d", "d", "a");
        DependencyGraph<P> g = graph(a, b, c, d);
        assertEquals(List.of(c, a, b, d), g.startOrder(List.of(a, b, c, d)));
        assertEquals(List.of(d, a, b, c), g.stopOrder(List.of(a, b, c, d)));
        assertEquals(List.of(b, a), g.startOrder(List.of(b, a)), "only what was asked for");
        assertEquals(List.of(c, a), g.allDependencies(d));
        assertEquals(List.of(d, a), g.allDependents(c));
    }

    @Test
    void aCycleIsFoundAndTheOrdersStillEnd() {
        P a = p("a", "a", "b");
        P b = p("b", "b", "c");
        P c = p("c", "c", "a");
        DependencyGraph<P> g = graph(a, b, c);
        assertEquals(List.of(a, b, c, a), g.cycle());
        assertEquals(3, g.startOrder(List.of(a, b, c)).size());
        assertEquals(List.of(), graph(p("x", "x"), p("y", "y", "x")).cycle());
    }
}
