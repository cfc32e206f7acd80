/**
 * The {@code supervisor.*} XML-RPC namespace: {@link supervisor.server.rpc.SupervisorNamespace}
 * is the table of methods, and the bodies live in the classes of their topic (the daemon
 * itself, configuration, process info, process control, logs), each body one task on the
 * supervisor loop. {@link supervisor.server.rpc.ExtNamespace} is {@code supervisor_ext.*}: process
 * stats, and rolling restarts ({@code Restarts}). Binds rpc-api to process-core; knows nothing of HTTP.
 */
package supervisor.server.rpc;
