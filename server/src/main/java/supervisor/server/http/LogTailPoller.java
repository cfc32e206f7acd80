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
 * The one thread that watches every open {@code tail -f} stream: every 100 ms (supervisord's
 * own delay) it looks at each followed file and sends what is new. Writes are asynchronous, so
 * a slow client delays only its own stream.
 */
final class LogTailPoller implements AutoCloseable {
    static final long INTERVAL_MILLIS = 100;

    private final Set<LogTail> tails = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "logtail-poller");
        t.setDaemon(true);
        return t;
    });

    private final ActivityLog log;

    LogTailPoller(ActivityLog log) {
        this.log = log;
        thread.scheduleWithFixedDelay(this::pollAll, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts following: the first look happens right away. */
    void follow(LogTail tail) {
        tails.add(tail);
        execute(tail::poll);
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
