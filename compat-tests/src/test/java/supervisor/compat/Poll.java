package supervisor.compat;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline instead of sleeping a guessed amount of time. */
public final class Poll {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Poll() {
    }

    /** Polls until the condition holds; fails with {@code what} and the last observation after the deadline. */
    public static void until(Duration deadline, String what, BooleanSupplier condition) {
        until(deadline, what, () -> condition.getAsBoolean() ? Boolean.TRUE : null, () -> "");
    }

    /** Polls until the supplier returns non-null and returns that value. */
    public static <T> T until(Duration deadline, String what, Supplier<T> value, Supplier<String> lastSeen) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + deadline + " waiting for " + what + ". " + lastSeen.get());
            }
            LockSupport.parkNanos(INTERVAL.toNanos());
        }
    }
}
