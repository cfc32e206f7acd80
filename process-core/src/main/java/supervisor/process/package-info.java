/**
 * The supervisor: the process state machine ({@link supervisor.process.Subprocess}, supervisord's
 * STOPPED/STARTING/RUNNING/BACKOFF/STOPPING/EXITED/FATAL), process groups, the supervisor loop
 * and its timers, deferred answers ({@link supervisor.process.Waiters}), the ordered shutdown, the
 * depends_on scheduler ({@link supervisor.process.DependencyScheduler}),
 * the member-by-member updates that ride a client's update calls
 * ({@link supervisor.process.MemberUpdates}), rolling restarts in waves
 * ({@link supervisor.process.RollingRestart}, a waiter),
 * the children's environment and command line, fcgi sockets. One thread, the loop, owns all of
 * it; what a process sees of its supervisor is its {@link supervisor.process.ProcessContext}.
 * Builds on every other package of process-core; knows nothing of HTTP or XML.
 */
package supervisor.process;
