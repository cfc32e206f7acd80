package supervisor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class ConcurrentlyTest {

    @Test
    void everyThreadRunsAtTheSameTime() throws Exception {
        CyclicBarrier all = new CyclicBarrier(4);
        AtomicIntegerArray ran = new AtomicIntegerArray(4);
        Concurrently.run(4, index -> {
            all.await(10, TimeUnit.SECONDS); // would time out unless all four are running at once
            ran.incrementAndGet(index);
        });
        assertEquals("[1, 1, 1, 1]", ran.toString());
    }

    @Test
    void aFailureComesOut() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> Concurrently.run(3, index -> {
            if (index == 1) {
                throw new IllegalStateException("thread 1");
            }
        }));
        assertEquals("thread 1", e.getCause().getMessage());
    }
}
