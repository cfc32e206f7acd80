/**
 * What the tests of every module share, written once:
 * <ul>
 * <li>{@link supervisor.testing.ReferencePython}: the reference supervisor 4.2.5 (Debian's python3
 * with supervisor's modules importable, its supervisord and supervisorctl), run with a script
 * and stdin, giving stdout, or failing with stderr; built on {@link supervisor.testing.Command},
 * which runs any command to its end;</li>
 * <li>{@link supervisor.testing.Json}: JSON written as Python's {@code json.dumps} writes it, and
 * read back;</li>
 * <li>{@link supervisor.testing.Poll}: waiting for a condition with a deadline instead of
 * sleeping;</li>
 * <li>{@link supervisor.testing.RawConnection} and {@link supervisor.testing.Sockets}: the
 * hand-made clients of an HTTP server or of a plain socket, and free ports;</li>
 * <li>{@link supervisor.testing.Concurrently}: the same work on several threads at once.</li>
 * </ul>
 *
 * <p>This is the bottom of the test tree: the other modules depend on it in test scope, and it
 * depends on no module of the product, only on JUnit's API (to skip a test whose reference is
 * not installed).
 */
package supervisor.testing;
