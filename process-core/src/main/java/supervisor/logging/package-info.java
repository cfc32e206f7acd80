/**
 * Log files as supervisord keeps them: the activity (main) log with its line format and levels,
 * child output logs written byte for byte, size-based rotation, AUTO log names in childlogdir,
 * strip_ansi, and the Python-style renderings (repr) that appear in supervisord's messages.
 */
package supervisor.logging;
