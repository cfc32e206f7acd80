/**
 * The operating-system layer, through the JDK's foreign function API: posix_spawn, pidfd,
 * waitid, epoll, kill. Nothing here knows about supervisord's states; it spawns, watches and
 * signals children and reports their true wait status.
 *
 * <ul>
 * <li>{@link supervisor.posix.Spawner#spawn} creates a child (any thread; synchronous, about 2 ms).</li>
 * <li>{@link supervisor.posix.IoLoop} owns the child's fds from registration on: one thread
 *     delivers output chunks, then the exit, per child, in that order.</li>
 * <li>{@link supervisor.posix.Posix} has the process-wide calls: kill, getpid, errno names, limits.</li>
 * <li>{@link supervisor.posix.ListenSocket} makes the listening sockets of fcgi programs, which a
 *     {@link supervisor.posix.SpawnRequest} can hand to a child as its fd 0.</li>
 * <li>{@link supervisor.posix.ProcessTree} is every process a program started ({@code kill_tree}):
 *     a {@link supervisor.posix.CgroupTree} where a cgroup v2 is writable ({@link supervisor.posix.Cgroup}),
 *     else a {@link supervisor.posix.TrackedTree} over {@link supervisor.posix.ProcessTable}.</li>
 * <li>{@link supervisor.posix.Orphans} makes the daemon a subreaper and reaps the orphans it adopts.</li>
 * </ul>
 * Managed children are only ever reaped through their pidfd. Orphans are reaped by pid, and only
 * those not in {@code PidHistory} (the children spawned and not reaped yet), so no managed child's
 * status is taken; children of the JDK's ProcessBuilder stay in the daemon's process group, and
 * are left to the JDK's reaper. The JVM needs {@code --enable-native-access=ALL-UNNAMED}.
 */
package supervisor.posix;
