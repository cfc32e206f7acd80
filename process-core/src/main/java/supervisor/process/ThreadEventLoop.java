package supervisor.process;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import supervisor.posix.FailureReport;

/** The production {@link EventLoop}: one daemon thread named {@code supervisor}. */
public final class ThreadEventLoop implements EventLoop, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;
    private final FailureReport failures;
    private volatile Thread thread;

    /** @param failures where a task that throws is reported; the loop goes on with the next task */
    public ThreadEventLoop(FailureReport failures) {
        this.failures = failures;
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "supervisor");
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** A task that throws must not kill the loop: report it and go on. */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                failures.failed("a task of the supervisor loop", t);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
