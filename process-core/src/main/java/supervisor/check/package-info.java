/**
 * Checks of a running program from outside it (the {@code ready_check} of beyond.md, and
 * {@code health_check}, which takes the same syntax except {@code log:}): the typed {@link supervisor.check.Check}
 * parsed once at config load, the {@link supervisor.check.Prober} that runs one bounded attempt
 * off the supervisor loop, and the {@link supervisor.check.LineWatch} that matches a child's
 * output lines for {@code log:}. Knows nothing of process states: the state machine decides what
 * a passed or failed check means.
 */
package supervisor.check;
