package supervisor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SystemdNotifyTest {
    /** sd_watchdog_enabled's rules: WATCHDOG_USEC, for this pid or any when WATCHDOG_PID is absent; pings at half. */
    @Test
    void theWatchdogPingsAtHalfItsPeriodWhenItIsThisProcesss() {
        assertEquals(15_000, SystemdNotify.pingMillis(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(15_000, SystemdNotify.pingMillis(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42));
        assertEquals(0, SystemdNotify.pingMillis(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "41"), 42));
        assertEquals(0, SystemdNotify.pingMillis(Map.of(), 42));
        assertEquals(0, SystemdNotify.pingMillis(Map.of("WATCHDOG_USEC", "0"), 42));
        assertEquals(0, SystemdNotify.pingMillis(Map.of("WATCHDOG_USEC", "soon"), 42));
        assertEquals(1, SystemdNotify.pingMillis(Map.of("WATCHDOG_USEC", "1"), 42));
    }
}
