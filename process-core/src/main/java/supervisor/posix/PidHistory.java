package supervisor.posix;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;

/**
 * supervisord's {@code pidhistory}: the pids of the children this daemon spawned and has not
 * reaped yet. {@link Orphans} reaps only children that are not in it, so an adopted orphan can
 * never take a managed child's exit status.
 *
 * <p>A child exists before posix_spawn returns its pid, and may already have exited; spawning
 * therefore holds the read lock until the pid is recorded, and reaping an orphan holds the write
 * lock, so no sweep can see a fresh child that is not recorded yet.
 */
final class PidHistory {
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();
    private static final Set<Integer> PIDS = ConcurrentHashMap.newKeySet();

    private PidHistory() {
    }

    /** Runs a spawn that returns 0 and stores the new pid in {@code pid[0]}, or returns an errno. */
    static int spawning(int[] pid, IntSupplier spawn) {
        LOCK.readLock().lock();
        try {
            int rc = spawn.getAsInt();
            if (rc == 0) {
                PIDS.add(pid[0]);
            }
            return rc;
        } finally {
            LOCK.readLock().unlock();
        }
    }

    /** The child was reaped: its pid may now be another process's. */
    static void reaped(int pid) {
        PIDS.remove(pid);
    }

    static boolean contains(int pid) {
        return PIDS.contains(pid);
    }

    /** Runs {@code reaping} while no child can be spawned. */
    static void exclusively(Runnable reaping) {
        LOCK.writeLock().lock();
        try {
            reaping.run();
        } finally {
            LOCK.writeLock().unlock();
        }
    }
}
