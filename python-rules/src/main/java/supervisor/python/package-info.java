/**
 * Python's built-in behaviours that supervisord's users see through it, written once for the
 * whole project: {@code int()} ({@link supervisor.python.PyInt}), {@code float()} and
 * {@code repr(float)} ({@link supervisor.python.PyFloat}), {@code str.strip/split/isspace} and
 * {@code repr(str)} ({@link supervisor.python.PyStr}), {@code repr(bytes)}
 * ({@link supervisor.python.PyBytes}) and {@code shlex.split} ({@link supervisor.python.Shlex}).
 *
 * <p>Pure functions on strings and bytes. Depends on nothing but the JDK; the config, the
 * process core and the XML-RPC layer all build on it, so nothing of theirs belongs here.
 */
package supervisor.python;
