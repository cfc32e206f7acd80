/**
 * The {@code depends_on} graph (beyond.md, "Readiness and dependencies"): which processes the
 * names of a {@code depends_on} value mean, which names mean nothing, whether the edges make a
 * cycle, and the orders that follow from them (dependencies before dependents to start,
 * dependents before dependencies to stop). The same graph serves the config check at load, the
 * scheduler on the supervisor loop and {@code supervisor_ext.getDependencyGraph}. Knows nothing
 * of process states.
 */
package supervisor.depends;
