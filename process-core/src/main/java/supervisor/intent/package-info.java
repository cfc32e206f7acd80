/**
 * {@code [supervisord] remember_state} (beyond.md): the operator's intent — a process stopped
 * by request, or started by request — kept in a file so that it outlives the daemon (SIGHUP,
 * {@code supervisorctl reload}, a shutdown and a new start, a reboot). {@link supervisor.intent.IntentFile}
 * is the file (its format, its atomic replacement, what a damaged one is);
 * {@link supervisor.intent.OperatorIntents} is what the supervisor records and restores.
 * Knows nothing of processes beyond their namespecs.
 */
package supervisor.intent;
