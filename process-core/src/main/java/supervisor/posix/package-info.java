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
 * </ul>
 * Children are only ever reaped through their pidfd, so children of the JDK's ProcessBuilder are
 * never taken away from it. The JVM needs {@code --enable-native-access=ALL-UNNAMED}.
 */
package supervisor.posix;
