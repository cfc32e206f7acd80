package supervisor.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something with a deadline instead of sleeping a guessed amount of time: asks
 * again and again (1 ms apart at first, then up to 50 ms) until the answer is the awaited one,
 * and fails the test when the deadline passes, naming what was awaited and the last answer.
 * What the probe throws ends the wait at once (e.g. the daemon being waited for has died).
 */
public final class Poll {

    private static final long FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LONGEST_PAUSE = TimeUnit.MILLISECONDS.toNanos(50);

    private Poll() {
    }

    /** A question to ask again; it may throw what the test may throw. */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        T get() throws E;
    }

    /** A condition to test again; it may throw what the test may throw. */
    @FunctionalInterface
    public interface Condition<E extends Exception> {
        boolean holds() throws E;
    }

    /** Waits until {@code condition} holds. */
    public static <E extends Exception> void until(Duration timeout, String what, Condition<E> condition) throws E {
        await(timeout, what, condition::holds, Boolean.TRUE::equals, false, null);
    }

    /** Waits until the value {@code probe} gives is accepted by {@code done}, and returns that value. */
    public static <T, E extends Exception> T until(Duration timeout, String what, Probe<T, E> probe,
                                                  Predicate<? super T> done) throws E {
        return await(timeout, what, probe, done, true, null);
    }

    /** As {@link #until(Duration, String, Probe, Predicate)}; a failure also shows {@code context} (e.g. a log). */
    public static <T, E extends Exception> T until(Duration timeout, String what, Probe<T, E> probe,
                                                  Predicate<? super T> done, Supplier<String> context) throws E {
        return await(timeout, what, probe, done, true, context);
    }

    private static <T, E extends Exception> T await(Duration timeout, String what, Probe<T, E> probe,
                                                   Predicate<? super T> done, boolean showLast,
                                                   Supplier<String> context) throws E {
        long end = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE;
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what
                        + (showLast ? "; last seen: " + value : "")
                        + (context == null ? "" : "\n" + context.get()));
            }
            try {
                TimeUnit.NANOSECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE);
        }
    }
}
