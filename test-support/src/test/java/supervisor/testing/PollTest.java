package supervisor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PollTest {

    @Test
    void returnsTheFirstAcceptedValue() {
        AtomicInteger n = new AtomicInteger();
        assertEquals(3, Poll.until(Duration.ofSeconds(10), "three", n::incrementAndGet, v -> v == 3));
    }

    @Test
    void aConditionIsAskedUntilItHolds() {
        AtomicInteger n = new AtomicInteger();
        Poll.until(Duration.ofSeconds(10), "five calls", () -> n.incrementAndGet() == 5);
        assertEquals(5, n.get());
    }

    @Test
    void theFailureNamesWhatWasAwaitedAndTheLastValue() {
        AtomicInteger n = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Poll.until(Duration.ofMillis(50), "a negative number", n::incrementAndGet, v -> v < 0,
                        () -> "the log says hello"));
        assertEquals("timed out after PT0.05S waiting for a negative number; last seen: " + n.get()
                + "\nthe log says hello", e.getMessage());
        AssertionError condition = assertThrows(AssertionError.class,
                () -> Poll.until(Duration.ofMillis(20), "never", () -> false));
        assertEquals("timed out after PT0.02S waiting for never", condition.getMessage());
    }

    @Test
    void whatTheProbeThrowsEndsTheWait() {
        AtomicInteger n = new AtomicInteger();
        IOException e = assertThrows(IOException.class, () -> Poll.until(Duration.ofSeconds(10), "nothing", () -> {
            n.incrementAndGet();
            throw new IOException("gone");
        }));
        assertEquals("gone", e.getMessage());
        assertEquals(1, n.get());
    }

    @Test
    void aQuickAnswerIsSeenQuickly() {
        long start = System.nanoTime();
        long ready = start + Duration.ofMillis(5).toNanos();
        Poll.until(Duration.ofSeconds(10), "5 ms to pass", () -> System.nanoTime() > ready);
        assertTrue(System.nanoTime() - start < Duration.ofMillis(500).toNanos());
    }
}
