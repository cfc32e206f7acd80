/**
 * supervisorctl: the command-line client of supervisord 4.2.5, rewritten on the JVM. It speaks the
 * same XML-RPC (and, for {@code tail -f}, the same HTTP streaming) to any supervisord, the Python
 * one included, and prints what 4.2.5's supervisorctl prints, with its exit statuses.
 *
 * <p>{@link supervisor.ctl.Main} reads the command line and the {@code [supervisorctl]} section
 * ({@link supervisor.ctl.ClientOptions}); the {@link supervisor.ctl.Controller} runs one command
 * line at a time, the {@link supervisor.ctl.Shell} reads them interactively. The commands come in
 * families, a class each: processes (status, start, stop, ...), configuration (avail, reread,
 * update, ...), logs (tail, maintail, fg), the daemon (reload, shutdown, version, open) and help.
 */
package supervisor.ctl;
