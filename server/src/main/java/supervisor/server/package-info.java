/**
 * supervisord's life as a program: {@code Main} and {@code Daemon} (command line, config, one
 * life of the supervisor from opening the activity log to the last child stopped, started again
 * in the same process after a restart), {@code Arguments} (supervisord's argv, parsed as getopt
 * does) and {@code Options} (from those to the config loader's overrides), {@code Daemonizer}
 * (going to the background), {@code Privileges} (user=, minfds, minprocs) and
 * {@code SignalHandlers} (TERM, INT, HUP, USR2), {@code KillTrees} (the subreaper and the process
 * trees of kill_tree programs). The HTTP servers ({@code http}), the
 * {@code supervisor.*} namespace ({@code rpc}), the web UI ({@code web}), {@code GET /metrics}'s text ({@code metrics}) and the logging path
 * ({@code logging}) are in the subpackages. Builds on process-core, rpc-api and python-rules.
 */
package supervisor.server;
