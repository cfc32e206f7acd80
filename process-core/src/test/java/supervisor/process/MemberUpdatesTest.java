package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.process.Programs.edit;
import static supervisor.process.Programs.program;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.config.ProcessConfig;
import supervisor.config.ReloadSettings;
import supervisor.config.SupervisordConfig;
import supervisor.events.EventType;
import supervisor.logging.ActivityLog;
import supervisor.posix.WaitStatus;

/**
 * update_scope=process on virtual time: the three calls of supervisorctl's update (stop,
 * remove, add of a changed group) act on the changed members only, and the others keep their
 * process and pid; under update_scope=group nothing is recorded, so the calls are 4.2.5's.
 */
class MemberUpdatesTest {
    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();
    private final List<String> groupEvents = new ArrayList<>();

    private static SupervisordConfig supervisord(ReloadSettings reload) {
        SupervisordConfig s = Programs.supervisord("supervisor");
        return new SupervisordConfig(s.logfile(), s.logfileMaxbytes(), s.logfileBackups(), s.loglevel(), s.pidfile(),
                s.umask(), s.nodaemon(), s.silent(), s.minfds(), s.minprocs(), s.nocleanup(), s.childlogdir(), s.user(),
                s.directory(), s.stripAnsi(), s.environment(), s.identifier(), s.subreaper(), s.logfileJson(), reload);
    }

    static Config config(ReloadSettings reload, GroupConfig... groups) {
        return Programs.config(supervisord(reload), List.of(groups));
    }

    private static ProcessConfig member(String name, String command) {
        return program(name, p -> edit(p, e -> {
            e.command = command;
            e.startsecs = 0;
        }));
    }

    private static GroupConfig g(ProcessConfig... members) {
        return new GroupConfig("g", GroupConfig.Kind.GROUP, 999, List.of(members), null, null);
    }

    private static final ReloadSettings PROCESS = new ReloadSettings(ReloadSettings.UpdateScope.PROCESS, null, 0);

    private Supervisor running(Config config) {
        host.behave(new ScriptedHost.Behaviour() {
            @Override
            public int signalled(int pid, int signal) {
                loop.execute(() -> host.exit(pid, WaitStatus.killed(signal)));
                return 0;
            }
        });
        Supervisor s = new Supervisor(config, ActivityLog.console(LogLevel.DEBUG, new ByteArrayOutputStream()), loop,
                loop, host);
        s.events().subscribe(EventType.PROCESS_GROUP_ADDED, e -> groupEvents.add("added " + e.payload()));
        s.events().subscribe(EventType.PROCESS_GROUP_REMOVED, e -> groupEvents.add("removed " + e.payload()));
        loop.execute(s::start);
        loop.runReady();
        loop.advance(10);
        return s;
    }

    /** supervisorctl's update of group g: stopProcessGroup (the leaving members), removeProcessGroup, addProcessGroup. */
    private static void update(Supervisor s) {
        ProcessGroup group = s.group("g");
        MemberUpdates u = s.updates();
        assertTrue(u.pending(group));
        u.leaving(group).forEach(Subprocess::stop);
    }

    @Test
    void onlyTheChangedMemberRestartsAndTheOthersKeepTheirPid() {
        Supervisor s = running(config(PROCESS, g(member("a", "/bin/sleep 1"), member("b", "/bin/sleep 1"),
                member("c", "/bin/sleep 1"))));
        ProcessGroup group = s.group("g");
        Subprocess a = group.process("a");
        Subprocess c = group.process("c");
        int pidA = a.pid();
        int pidB = group.process("b").pid();
        assertTrue(pidA > 0 && pidB > 0);

        s.setConfig(config(PROCESS, g(member("a", "/bin/sleep 1"), member("b", "/bin/sleep 2"), member("d", "/bin/sleep 1"))));
        MemberUpdates u = s.updates();
        assertEquals(List.of("b", "c"), u.leaving(group).stream().map(Subprocess::name).toList());
        update(s);
        loop.runReady();
        assertTrue(u.leaving(group).stream().allMatch(p -> p.state().isStopped()));
        u.removeLeaving(group);
        assertFalse(u.awaitsAdd("h"));
        assertTrue(u.awaitsAdd("g"));
        assertEquals(List.of("a"), group.processes().stream().map(Subprocess::name).toList(),
                "between remove and add only the kept member is active");
        u.addJoining(group);
        loop.runReady();
        loop.advance(10);

        assertSame(s.group("g"), group, "the group stays the same active group");
        assertEquals(List.of("a", "b", "d"), group.processes().stream().map(Subprocess::name).toList());
        assertSame(a, group.process("a"));
        assertEquals(pidA, a.pid(), "the unchanged member keeps its pid");
        assertEquals(ProcessState.RUNNING, a.state());
        Subprocess b = group.process("b");
        assertEquals("/bin/sleep 2", b.config().command());
        assertEquals(ProcessState.RUNNING, b.state());
        assertNotEquals(pidB, b.pid());
        assertEquals(ProcessState.RUNNING, group.process("d").state());
        assertEquals(ProcessState.STOPPED, c.state());
        assertEquals(List.of("removed groupname:g", "added groupname:g"), groupEvents.subList(1, 3).stream()
                .map(String::strip).toList(), "the events of 4.2.5's update: the group removed, then added");
        assertFalse(u.pending(group), "the update of the group is done");
        assertEquals(s.config().groups().getFirst(), group.config());
    }

    @Test
    void underGroupScopeNothingIsPendingSoTheCallsAre425s() {
        Supervisor s = running(config(ReloadSettings.DEFAULT, g(member("a", "/bin/sleep 1"), member("b", "/bin/sleep 1"))));
        s.setConfig(config(ReloadSettings.DEFAULT, g(member("a", "/bin/sleep 1"), member("b", "/bin/sleep 2"))));
        assertFalse(s.updates().pending(s.group("g")));
        s.setConfig(config(new ReloadSettings(ReloadSettings.UpdateScope.GROUP, null, 2),
                g(member("a", "/bin/sleep 1"), member("b", "/bin/sleep 2"))));
        assertFalse(s.updates().pending(s.group("g")), "restart_parallelism alone does not change update's scope");
        s.setConfig(config(PROCESS, g(member("a", "/bin/sleep 1"), member("b", "/bin/sleep 2"))));
        assertFalse(s.updates().pending(s.group("g")),
                "like every [supervisord] key, update_scope counts from the daemon's start, not from a reread");
    }

    @Test
    void aLaterRereadForgetsWhatAnEarlierOneFound() {
        Supervisor s = running(config(PROCESS, g(member("a", "/bin/sleep 1"))));
        s.setConfig(config(PROCESS, g(member("a", "/bin/sleep 2"))));
        assertTrue(s.updates().pending(s.group("g")));
        s.setConfig(config(PROCESS, g(member("a", "/bin/sleep 1"))));
        assertFalse(s.updates().pending(s.group("g")));
    }
}
