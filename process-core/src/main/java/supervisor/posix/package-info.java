/**
 * The operating-system layer, through the JDK's foreign function API: posix_spawn, pidfd,
 * waitid, epoll, kill. Nothing here knows about supervisord's states; it spawns, watches and
 * signals children and reports their true wait status.
 */
package supervisor.posix;
