/**
 * supervisord's life as a program: its command line, daemonizing, privileges and limits, the
 * signals it answers, and one life of the supervisor from opening the activity log to the last
 * child stopped, started again in the same process after a restart. Wires process-core to the
 * HTTP servers ({@code http}), the {@code supervisor.*} namespace ({@code rpc}) and the web UI
 * ({@code web}).
 */
package supervisor.server;
