/**
 * The daemon: {@code Main} and {@code Daemon} (command line, config, serving until shutdown,
 * restarts in the same process), {@code Arguments} (supervisord's argv, parsed as getopt does)
 * and {@code Options} (from those to the config loader's overrides), {@code Daemonizer}
 * (going to the background), {@code Privileges} (user=, minfds, minprocs) and
 * {@code SignalHandlers} (TERM, INT, HUP, USR2). HTTP, the XML-RPC namespaces and the web UI
 * are in the subpackages. Builds on process-core, rpc-api and python-rules.
 */
package supervisor.server;
