package supervisor.server.http;

import java.nio.file.Path;

/**
 * Where the log files behind {@code /logtail} and {@code /mainlogtail} are. Called on HTTP
 * threads, so implementations must be safe to call from any thread and must not block on the
 * supervisor loop for long.
 */
public interface LogTailSource {

    /**
     * @param namespec {@code name} or {@code group:name}, as the client sent it
     * @param channel  {@code stdout} or {@code stderr}
     * @return the channel's log file, or null when the group, the process or the channel's log
     *         file is unknown or not configured (the client gets 404)
     */
    Path processLog(String namespec, String channel);

    /** @return the activity log file, or null when there is none (e.g. syslog) */
    Path mainLog();
}
