package supervisor.posix;

import java.util.List;
import java.util.Map;

/**
 * What to start: {@code path} is the resolved executable, {@code argv} the full argument vector
 * with argv[0] as written in the config, {@code env} the complete environment. {@code directory},
 * {@code umask} and {@code uid} are null when the program does not set them. With
 * {@code redirectStderr} the child's stderr goes to its stdout pipe.
 */
public record SpawnRequest(String path, List<String> argv, Map<String, String> env, String directory,
                           Integer umask, Integer uid, boolean redirectStderr) {
    public SpawnRequest {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
    }
}
