/**
 * What the tests of every module share, written once: {@link supervisor.testing.ReferencePython}
 * runs the reference supervisor 4.2.5 (Debian's python3 with supervisor's modules, its
 * supervisord and supervisorctl) on top of {@link supervisor.testing.Command}, which runs any
 * command to its end; {@link supervisor.testing.Json} writes JSON as Python's {@code json.dumps}
 * does and reads it back; {@link supervisor.testing.Poll} waits for a condition with a deadline
 * instead of sleeping; {@link supervisor.testing.Sockets} holds the hand-made socket clients.
 *
 * <p>This is the bottom of the test tree: the modules depend on it in test scope, and it
 * depends on no module of the product, only on JUnit's API (to skip a test whose reference is
 * missing).
 */
package supervisor.testing;
