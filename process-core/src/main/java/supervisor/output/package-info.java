/**
 * Where a child's stdout and stderr go: the {@link supervisor.output.OutputDispatcher} of each
 * channel (log file, capture mode, PROCESS_LOG and PROCESS_COMMUNICATION events, an event
 * listener's protocol, the activity log's debug echo) and the process's log files
 * ({@link supervisor.output.ChildLogs}: paths, AUTO names, clear, reopen, removal), and the
 * {@code stdout_log_prefix} extension's whole, prefixed lines ({@code LinePrefixer}).
 *
 * <p>Depends on {@code posix} (the I/O thread's sink), {@code config}, {@code logging} and
 * {@code events}; {@code process} builds on it. Dispatchers run on the I/O thread and hand
 * everything that touches process state to the supervisor loop.
 */
package supervisor.output;
