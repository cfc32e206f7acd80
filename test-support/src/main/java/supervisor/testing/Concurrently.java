package supervisor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs the same work on several threads at once, to see what a shared object does under contention. */
public final class Concurrently {

    private Concurrently() {
    }

    /** One thread's part; {@code index} is 0 to threads-1. */
    @FunctionalInterface
    public interface Work {
        void run(int index) throws Exception;
    }

    /**
     * Runs {@code work} on {@code threads} threads of their own, released together so that they
     * really overlap, and returns when all are done; a failure comes out as the ExecutionException
     * of the first failed thread (in index order).
     */
    public static void run(int threads, Work work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                done.add(pool.submit(() -> {
                    start.await();
                    work.run(index);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
    }
}
