package supervisor.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The one thread that owns all process and group state. Everything that reads or changes a
 * process runs as a task here; other threads (I/O, HTTP, signals) submit work and never touch
 * process state directly, so no state needs a lock.
 */
public interface EventLoop extends Executor {
    /** Runs the task on the loop thread, after the tasks already queued. */
    void execute(Runnable task);

    /** Runs the task on the loop thread once {@code delayMillis} have passed on the monotonic clock. */
    Timer schedule(long delayMillis, Runnable task);

    /** True when called from the loop thread. */
    boolean inLoop();

    /** Runs {@code task} on the loop thread and hands back its result (or its exception). */
    default <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** A scheduled task that can still be cancelled. */
    interface Timer {
        void cancel();
    }
}
