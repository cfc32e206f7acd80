package supervisor.logging;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who waits for one of the daemon's log files to change: the open {@code tail -f} streams. Every
 * {@link RotatingFileWriter} tells it after each write, rotation, reopen and clear of its file,
 * so a stream is woken by the write itself instead of looking at its file on a timer. Files are
 * named by their absolute, normalised path, as a writer and a tail may spell them differently.
 * Thread-safe; a watcher runs on the writer's thread and must only hand off.
 */
public final class LogAppends {
    private static final Map<Path, List<Runnable>> WATCHERS = new ConcurrentHashMap<>();

    private LogAppends() {
    }

    /** Calls {@code changed} after every change to {@code file} until the returned handle is run. */
    public static Runnable watch(Path file, Runnable changed) {
        Path key = key(file);
        WATCHERS.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(changed);
        return () -> WATCHERS.computeIfPresent(key, (k, list) -> {
            list.remove(changed);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * A file changed: its watchers are told (nothing to do, and no look-up, when nobody watches).
     *
     * @param file absolute and normalised, as the writer keeps it
     */
    static void changed(Path file) {
        if (WATCHERS.isEmpty()) {
            return;
        }
        List<Runnable> watchers = WATCHERS.get(file);
        if (watchers != null) {
            watchers.forEach(Runnable::run);
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
