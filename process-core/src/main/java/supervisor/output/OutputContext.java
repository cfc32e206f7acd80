package supervisor.output;

import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

import supervisor.events.EventBus;
import supervisor.logging.ActivityLog;

/**
 * What the two dispatchers of one child share: whose output it is, and where they report.
 *
 * @param processName the process's name (events, activity-log lines)
 * @param groupName   its group's name (events)
 * @param pid         the child's pid, read on the loop when an event is raised
 * @param log         the activity log (debug echo of the output, write failures)
 * @param loop        the supervisor loop, where events and the listener protocol run
 * @param events      the bus that PROCESS_LOG and PROCESS_COMMUNICATION events go to
 * @param stripAnsi   {@code [supervisord] strip_ansi}
 * @param logPrefix   {@code stdout_log_prefix} (an extension): lines written to the daemon's own
 *                    stdout or stderr start with the process name
 */
public record OutputContext(String processName, String groupName, IntSupplier pid, ActivityLog log, Executor loop,
                            EventBus events, boolean stripAnsi, boolean logPrefix) {
}
