package supervisor.config;

import java.util.List;

/**
 * A process group as the supervisor manages it: a {@code [program:x]} (homogeneous, its
 * numprocs processes), a {@code [group:x]} (heterogeneous, the processes of its
 * {@code programs=} in that order), an {@code [eventlistener:x]} pool or an
 * {@code [fcgi-program:x]}.
 *
 * @param name      the group name
 * @param kind      what kind of section defined it
 * @param priority  the group priority (start ascending, shutdown descending)
 * @param processes the processes in the group's own order
 * @param listener  pool settings for EVENT_LISTENER groups, else null
 * @param fcgi      socket settings for FCGI groups, else null
 */
public record GroupConfig(String name, Kind kind, int priority, List<ProcessConfig> processes,
                          EventListenerSettings listener, FcgiSettings fcgi) {

    public enum Kind { PROGRAM, GROUP, EVENT_LISTENER, FCGI }

    /** {@code [eventlistener:x]} keys beyond a program's. */
    public record EventListenerSettings(List<String> events, int bufferSize, String resultHandler) {
    }

    /**
     * {@code [fcgi-program:x]} keys beyond a program's.
     *
     * @param socket      normalised URL: {@code unix:///abs/path} or {@code tcp://host:port} (host lower-cased)
     * @param backlog     {@code socket_backlog}; 0 when unset (listen with SOMAXCONN)
     * @param socketOwner resolved {@code "uid:gid"} (gid -1 when only a user was named) to chown the unix
     *                    socket to, defaulting to the program's user when it differs from ours; null for none
     * @param socketMode  unix socket mode (default 0700); null for tcp
     */
    public record FcgiSettings(String socket, int backlog, String socketOwner, Integer socketMode) {
    }
}
