package supervisor.config;

import java.util.List;
import java.util.Map;

/**
 * One process as supervisord would run it: a {@code [program:x]} section expanded for one
 * {@code process_num}. All {@code %(...)s} expansions are already applied.
 *
 * @param name          the process name (expanded {@code process_name})
 * @param programName   the {@code x} of the defining {@code [program:x]} section
 * @param section       the defining section name, e.g. {@code program:x}, for messages
 * @param command       the command line, not yet split (split with shlex rules at spawn time)
 * @param directory     {@code directory=}, null when unset
 * @param umask         {@code umask=}, null when unset (inherit)
 * @param priority      {@code priority=}
 * @param autostart     {@code autostart=}
 * @param autorestart   {@code autorestart=}
 * @param startsecs     {@code startsecs=}
 * @param startretries  {@code startretries=}
 * @param exitcodes     {@code exitcodes=}: the expected exit statuses
 * @param stopsignal    {@code stopsignal=} as a signal number
 * @param stopwaitsecs  {@code stopwaitsecs=}
 * @param stopasgroup   {@code stopasgroup=}
 * @param killasgroup   {@code killasgroup=}
 * @param user          {@code user=} as written, null when unset
 * @param uid           the numeric uid {@code user=} resolves to, null when unset
 * @param redirectStderr {@code redirect_stderr=}
 * @param stdout        the stdout log target
 * @param stderr        the stderr log target; kind NONE with redirect_stderr (its numbers stay as
 *                      configured, as supervisord reports them)
 * @param environment   the program's own {@code environment=} pairs, in order (without the
 *                      {@code [supervisord]} ones)
 * @param serverurl     {@code serverurl=}, null for AUTO
 * @param essential     {@code essential=} (an extension): the daemon shuts down when this process ends for good
 * @param retryForever  {@code retry_forever=} (an extension): failed starts are retried without end, never FATAL
 * @param backoffMax    {@code backoff_max=} (an extension): back-off delays double up to this many seconds;
 *                      0 when unset, for supervisord's delays of one second more per failed start
 * @param killTree      {@code kill_tree=} (an extension): a stop reaches every descendant, SIGKILL after stopwaitsecs
 * @param stdoutLogPrefix {@code stdout_log_prefix=} (an extension): output logged to the daemon's own
 *                      stdout or stderr is written as whole lines starting with {@code process_name | }
 * @param ready         {@code ready_check=} and {@code ready_timeout=} (an extension): STARTING until the check
 *                      passes; null without ready_check
 * @param health        {@code health_check=}, {@code health_interval=} and {@code health_failures=} (an
 *                      extension): restarted after that many failed checks in a row while RUNNING; null
 *                      without health_check
 * @param dependsOn     {@code depends_on=} (an extension): the names of the processes that must be RUNNING before
 *                      this one is spawned, as written ({@code prog}, {@code group:*}, {@code group:prog});
 *                      empty when unset
 */
public record ProcessConfig(
        String name,
        String programName,
        String section,
        String command,
        String directory,
        Integer umask,
        int priority,
        boolean autostart,
        AutoRestart autorestart,
        int startsecs,
        int startretries,
        List<Integer> exitcodes,
        int stopsignal,
        int stopwaitsecs,
        boolean stopasgroup,
        boolean killasgroup,
        String user,
        Integer uid,
        boolean redirectStderr,
        LogTarget stdout,
        LogTarget stderr,
        Map<String, String> environment,
        String serverurl,
        boolean essential,
        boolean retryForever,
        int backoffMax,
        boolean killTree,
        boolean stdoutLogPrefix,
        supervisor.check.Readiness ready,
        supervisor.check.Liveness health,
        List<String> dependsOn) {
}
