package supervisor.server.http;

import java.io.EOFException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import supervisor.config.LogLevel;
import supervisor.logging.ActivityLog;

/**
 * The one thread that serves every open {@code tail -f} stream. A stream is woken by the write
 * that grows its file ({@link supervisor.logging.LogAppends}): what is new is read and sent right away, with no
 * timer in between. Once a second each stream also looks at its client, which says nothing when
 * it leaves a quiet log, and at its file, in case something other than the daemon wrote to it. Writes are asynchronous,
 * so a slow client delays only its own stream.
 */
final class LogTailPoller implements AutoCloseable {
    /** How often a stream on a quiet file checks that its client is still there. */
    static final long CLIENT_CHECK_MILLIS = 1000;

    private final Set<LogTail> tails = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "logtail-poller");
        t.setDaemon(true);
        return t;
    });

    private final ActivityLog log;

    /** @param clientCheckMillis how often each stream looks at its client and its file unprompted */
    LogTailPoller(ActivityLog log, long clientCheckMillis) {
        this.log = log;
        thread.scheduleWithFixedDelay(this::pollAll, clientCheckMillis, clientCheckMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts following: the first look happens right away, the next ones when the file changes. */
    void follow(LogTail tail) {
        tails.add(tail);
        tail.wake();
    }

    void forget(LogTail tail) {
        tails.remove(tail);
    }

    /** Runs a task on the poller's thread, or right here once the poller is closed. */
    void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    int followed() {
        return tails.size();
    }

    private void pollAll() {
        for (LogTail tail : tails) {
            try {
                tail.poll();
            } catch (RuntimeException e) {
                // one broken stream must not stop the others
                log.log(LogLevel.ERROR, "log tail failed: ", e);
                tail.end(e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        for (LogTail tail : tails)
            tail.end(new EOFException("server stopping"));
    }
}
