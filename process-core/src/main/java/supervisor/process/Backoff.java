package supervisor.process;

import supervisor.config.ProcessConfig;

/**
 * The BACKOFF rule: how long a process waits before its next start attempt, and when it gives
 * up. supervisord waits one second more after each failed start (1, 2, 3 s) and goes FATAL once
 * the failed starts outnumber {@code startretries}. The opt-in keys change only this rule:
 * {@code backoff_max} doubles the wait instead (1, 2, 4, ... s) up to that many seconds, and
 * {@code retry_forever} never gives up, so that a program whose dependency is down for an hour
 * still comes back without a client having to start it.
 */
final class Backoff {
    private Backoff() {
    }

    /** The wait before the next attempt after {@code tries} failed starts in a row (tries >= 1). */
    static long delayMillis(int tries, ProcessConfig config) {
        if (config.backoffMax() == 0) {
            return tries * 1000L;
        }
        // 2^(tries-1) without overflow: past 2^30 s the cap has long been reached anyway
        long doubling = 1L << Math.min(tries - 1, 30);
        return Math.min(doubling, config.backoffMax()) * 1000L;
    }

    /** True when a process in BACKOFF after {@code tries} failed starts is to be started again. */
    static boolean retries(int tries, ProcessConfig config) {
        return config.retryForever() || tries <= config.startretries();
    }
}
