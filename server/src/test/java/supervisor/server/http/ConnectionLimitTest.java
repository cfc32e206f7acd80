package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import supervisor.server.http.ConnectionLimit.Waiting;

class ConnectionLimitTest {
    private static final ConnectionLimit LIMIT = new ConnectionLimit(64, 30_000);

    private static Waiting<String> silent(String name, long idleMillis) {
        return new Waiting<>(name, false, idleMillis, idleMillis);
    }

    private static Waiting<String> keptAlive(String name, long idleMillis) {
        return new Waiting<>(name, true, idleMillis, 1_000_000);
    }

    /** A quarter of the open files (at least 256) is left for the rest of the daemon; never more than 4096. */
    @Test
    void theCapFollowsTheOpenFilesLimit() {
        assertEquals(768, ConnectionLimit.forOpenFiles(1024).cap());
        assertEquals(3072, ConnectionLimit.forOpenFiles(4096).cap());
        assertEquals(4096, ConnectionLimit.forOpenFiles(20_000).cap());
        assertEquals(4096, ConnectionLimit.forOpenFiles(-1).cap(), "unlimited");
        assertEquals(16, ConnectionLimit.forOpenFiles(64).cap(), "a tiny limit still lets a few clients in");
        assertEquals(30_000, ConnectionLimit.forOpenFiles(1024).requestTimeoutMillis());
    }

    @Test
    void nothingIsClosedUpToTheCap() {
        assertEquals(List.of(), LIMIT.toClose(List.of(silent("a", 100_000)), 64));
    }

    /**
     * Past the cap, silent connections go before kept-alive ones however long those have been
     * idle, and among each the one idle longest goes first.
     */
    @Test
    void theSilentConnectionIdleLongestIsClosedFirst() {
        List<Waiting<String>> waiting = List.of(keptAlive("shell", 3_600_000), silent("new", 0),
                silent("old", 5_000), keptAlive("recent", 10), silent("older", 9_000));
        // one past the cap: down to 62 (64 less a thirty-second of it), so three go
        assertEquals(List.of("older", "old", "new"), LIMIT.toClose(waiting, 65));
        assertEquals(List.of("older", "old", "new", "shell", "recent"), LIMIT.toClose(waiting, 100),
                "when the silent ones are not enough, the kept-alive ones go too, idle longest first");
    }

    /** A connection whose request is being answered is not offered to the rule at all: fewer close. */
    @Test
    void fewerCloseWhenFewAreWaiting() {
        assertEquals(List.of("a"), LIMIT.toClose(List.of(silent("a", 1)), 1000));
    }

    @Test
    void aConnectionTimesOutWhenItHasSentNoCompleteRequestInTime() {
        assertTrue(LIMIT.timedOut(new Waiting<>("slow", false, 0, 30_000)), "trickling bytes does not help");
        assertFalse(LIMIT.timedOut(new Waiting<>("young", false, 29_999, 29_999)));
        assertFalse(LIMIT.timedOut(keptAlive("shell", 3_600_000)), "kept alive after an answer: no timeout");
    }
}
