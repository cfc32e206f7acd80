package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import supervisor.posix.Signals;

/** The per-member difference behind update_scope=process: who leaves, who joins, who is kept. */
class MemberDiffTest {

    private static ProcessConfig program(String name, String command) {
        return new ProcessConfig(name, name, "program:" + name, command, null, null, 999, true,
                AutoRestart.UNEXPECTED, 1, 3, List.of(0), Signals.SIGTERM, 10, false, false, null, null, false,
                LogTarget.none(), LogTarget.none(), Map.of(), null, false, false, 0, false, false, null, null, List.of());
    }

    private static GroupConfig group(int priority, ProcessConfig... members) {
        return new GroupConfig("g", GroupConfig.Kind.GROUP, priority, List.of(members), null, null);
    }

    @Test
    void aChangedMemberLeavesAndJoinsTheOthersAreKept() {
        List<ProcessConfig> running = List.of(program("a", "sleep 1"), program("b", "sleep 1"), program("c", "sleep 1"));
        MemberDiff d = MemberDiff.of(running, group(999, program("a", "sleep 1"), program("b", "sleep 2"),
                program("c", "sleep 1")));
        assertEquals(List.of("b"), d.leaving());
        assertEquals(List.of("b"), d.joining());
        assertEquals(List.of("a", "c"), d.kept());
        assertEquals(List.of("b"), d.changed());
    }

    @Test
    void numprocsTwoToThreeOnlyAddsOne() {
        List<ProcessConfig> running = List.of(program("w_0", "sleep 1"), program("w_1", "sleep 1"));
        MemberDiff d = MemberDiff.of(running, group(999, program("w_0", "sleep 1"), program("w_1", "sleep 1"),
                program("w_2", "sleep 1")));
        assertEquals(List.of(), d.leaving());
        assertEquals(List.of("w_2"), d.joining());
        assertEquals(List.of("w_0", "w_1"), d.kept());
        assertEquals(List.of(), d.changed());
    }

    @Test
    void aRemovedMemberOnlyLeavesAndAGroupPriorityChangesNoMember() {
        List<ProcessConfig> running = List.of(program("a", "sleep 1"), program("b", "sleep 1"));
        MemberDiff removed = MemberDiff.of(running, group(999, program("a", "sleep 1")));
        assertEquals(List.of("b"), removed.leaving());
        assertEquals(List.of(), removed.joining());
        assertEquals(List.of(), removed.changed());
        MemberDiff priority = MemberDiff.of(running, group(5, program("a", "sleep 1"), program("b", "sleep 1")));
        assertEquals(List.of(), priority.leaving());
        assertEquals(List.of(), priority.joining());
    }

    @Test
    void listenerPoolsAndChangedFcgiSocketsAreReplacedWhole() {
        GroupConfig plain = group(999, program("a", "x"));
        assertTrue(MemberDiff.memberwise(plain, group(1, program("a", "y"))));
        GroupConfig listener = new GroupConfig("g", GroupConfig.Kind.EVENT_LISTENER, 999, List.of(program("a", "x")),
                new GroupConfig.EventListenerSettings(List.of("EVENT"), 10, null), null);
        assertFalse(MemberDiff.memberwise(listener, listener));
        GroupConfig fcgi = new GroupConfig("g", GroupConfig.Kind.FCGI, 999, List.of(program("a", "x")), null,
                new GroupConfig.FcgiSettings("tcp://127.0.0.1:1", 0, null, null));
        GroupConfig moved = new GroupConfig("g", GroupConfig.Kind.FCGI, 999, List.of(program("a", "x")), null,
                new GroupConfig.FcgiSettings("tcp://127.0.0.1:2", 0, null, null));
        assertTrue(MemberDiff.memberwise(fcgi, fcgi));
        assertFalse(MemberDiff.memberwise(fcgi, moved));
        assertFalse(MemberDiff.memberwise(plain, fcgi));
    }
}
