package supervisor.config;

import java.util.Map;

/**
 * The {@code [supervisord]} section after command-line overrides.
 *
 * @param logfile        absolute path of the activity log, or the literal {@code syslog}
 * @param logfileMaxbytes {@code logfile_maxbytes}
 * @param logfileBackups {@code logfile_backups}
 * @param loglevel       {@code loglevel}
 * @param pidfile        absolute pidfile path
 * @param umask          applied only when daemonizing
 * @param nodaemon       {@code nodaemon}
 * @param silent         {@code silent}
 * @param minfds         {@code minfds}
 * @param minprocs       {@code minprocs}
 * @param nocleanup      {@code nocleanup}
 * @param childlogdir    directory for AUTO child logs
 * @param user           {@code user}, null when unset
 * @param directory      {@code directory}, null when unset
 * @param stripAnsi      {@code strip_ansi}
 * @param environment    {@code environment} pairs added to every child, in order
 * @param identifier     {@code identifier}
 * @param subreaper      {@code subreaper=} (an extension): adopt and reap orphaned descendants; null when
 *                       unset (then on when the daemon is PID 1)
 * @param logfileJson    {@code logfile_format=json} (an extension): the activity log as JSON lines
 * @param reload         {@code update_scope}, {@code remember_state}, {@code restart_parallelism} (extensions)
 */
public record SupervisordConfig(
        String logfile,
        long logfileMaxbytes,
        int logfileBackups,
        LogLevel loglevel,
        String pidfile,
        int umask,
        boolean nodaemon,
        boolean silent,
        int minfds,
        int minprocs,
        boolean nocleanup,
        String childlogdir,
        String user,
        String directory,
        boolean stripAnsi,
        Map<String, String> environment,
        String identifier,
        Boolean subreaper,
        boolean logfileJson,
        ReloadSettings reload) {
}
