package supervisor.config;

/**
 * Where one output channel (stdout or stderr) of a process is logged: {@code stdout_logfile=}
 * and its companion keys, after expansion.
 *
 * @param kind        FILE for an explicit path, AUTO for a generated file in childlogdir, NONE for no file
 * @param path        the path as configured (FILE only; {@code ~} expanded, not made absolute), else null
 * @param maxBytes    {@code *_logfile_maxbytes}; 0 = never rotate
 * @param backups     {@code *_logfile_backups}; 0 = truncate instead of rotating
 * @param captureMaxBytes {@code *_capture_maxbytes}; 0 = capture mode off
 * @param eventsEnabled {@code *_events_enabled}
 * @param syslog      {@code *_syslog}
 */
public record LogTarget(Kind kind, String path, long maxBytes, int backups, long captureMaxBytes,
                        boolean eventsEnabled, boolean syslog) {

    public enum Kind { FILE, AUTO, NONE }

    public static LogTarget none() {
        return new LogTarget(Kind.NONE, null, 0, 0, 0, false, false);
    }
}
