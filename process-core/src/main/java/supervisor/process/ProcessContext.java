package supervisor.process;

import java.util.function.Consumer;
import java.util.function.Supplier;

import supervisor.config.Config;
import supervisor.events.EventBus;
import supervisor.logging.ActivityLog;

/**
 * What the processes of one supervisor share, as supervisord's processes share its
 * {@code options}: the loop thread and its clock, the activity log, the operating system, the
 * event bus (every state change is an event on it), the environment children start from, the
 * configuration in force and the supervisor's own state. {@link Subprocess} and
 * {@link ProcessGroup} see their supervisor through this and nothing else.
 *
 * @param config the configuration in force (reloadConfig replaces it; active groups keep their own)
 * @param mood   the supervisor's state: processes start and restart only while it is RUNNING
 * @param dependencies the depends_on scheduler: asked before a process spawns by itself
 * @param ended  told of a process that reached a state it will not leave by itself: FATAL, or
 *               EXITED when autorestart does not apply (what {@code essential} reacts to)
 */
public record ProcessContext(EventLoop loop, Clock clock, ActivityLog log, ProcessHost host, EventBus events,
                             ChildEnvironment environment, Supplier<Config> config,
                             Supplier<SupervisorState> mood, DependencyScheduler dependencies,
                             Consumer<Subprocess> ended) {
}
