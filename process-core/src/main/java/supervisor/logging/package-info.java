/**
 * Log files as supervisord keeps them: the activity (main) log with its line format and levels,
 * child output logs written byte for byte, size-based rotation, AUTO log names in childlogdir,
 * and strip_ansi. Paths that name the daemon's own stdout or stderr, pipes and ttys are written
 * but never rotated ({@code DescriptorPaths}). The Python renderings in the messages (repr) come from {@code supervisor.python}.
 */
package supervisor.logging;
