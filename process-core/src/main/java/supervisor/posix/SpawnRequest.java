package supervisor.posix;

import java.util.List;
import java.util.Map;

/**
 * What to start: {@code path} is the resolved executable, {@code argv} the full argument vector
 * with argv[0] as written in the config, {@code env} the complete environment. {@code directory},
 * {@code umask} and {@code uid} are null when the program does not set them. With
 * {@code redirectStderr} the child's stderr goes to its stdout pipe.
 *
 * <p>{@code stdinFd} is -1 for the usual stdin pipe. Otherwise it is an open fd of the caller
 * (an {@code [fcgi-program:x]}'s listening socket) that the child gets as its fd 0 instead; the
 * child then has no stdin pipe ({@link Child#stdinFd()} is -1) and the caller keeps the fd.
 *
 * <p>{@code cgroupProcs} (kill_tree) is the {@code cgroup.procs} file of a cgroup v2 the child
 * enters before it runs the program; null for none.
 */
public record SpawnRequest(String path, List<String> argv, Map<String, String> env, String directory,
                           Integer umask, Integer uid, boolean redirectStderr, int stdinFd, String cgroupProcs) {
    public SpawnRequest {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
        if (stdinFd < -1) {
            throw new IllegalArgumentException("bad stdin fd " + stdinFd);
        }
    }

    public SpawnRequest(String path, List<String> argv, Map<String, String> env, String directory,
                        Integer umask, Integer uid, boolean redirectStderr, int stdinFd) {
        this(path, argv, env, directory, umask, uid, redirectStderr, stdinFd, null);
    }

    /** A request whose child gets a stdin pipe. */
    public SpawnRequest(String path, List<String> argv, Map<String, String> env, String directory,
                        Integer umask, Integer uid, boolean redirectStderr) {
        this(path, argv, env, directory, umask, uid, redirectStderr, -1);
    }

    /** The same request with {@code fd} as the child's fd 0 instead of a stdin pipe. */
    public SpawnRequest withStdinFd(int fd) {
        return new SpawnRequest(path, argv, env, directory, umask, uid, redirectStderr, fd, cgroupProcs);
    }

    /** The same request with the child entering the cgroup of this {@code cgroup.procs} file. */
    public SpawnRequest withCgroup(String procs) {
        return new SpawnRequest(path, argv, env, directory, umask, uid, redirectStderr, stdinFd, procs);
    }
}
