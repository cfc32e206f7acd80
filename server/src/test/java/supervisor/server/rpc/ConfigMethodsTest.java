package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static supervisor.process.Programs.group;
import static supervisor.server.rpc.VirtualSupervisor.assertFault;
import static supervisor.server.rpc.VirtualSupervisor.assertWire;
import static supervisor.server.rpc.VirtualSupervisor.program;
import static supervisor.server.rpc.VirtualSupervisor.programGroup;
import static supervisor.server.rpc.VirtualSupervisor.struct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.ConfigException;
import supervisor.config.LogTarget;
import supervisor.events.EventType;
import supervisor.posix.WaitStatus;
import supervisor.process.ProcessState;

/** reloadConfig, addProcessGroup, removeProcessGroup and getAllConfigInfo. */
class ConfigMethodsTest {
    @TempDir
    Path dir;

    /** Three running programs a, b and c. */
    private static VirtualSupervisor abc() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }), programGroup("b", e -> { }),
                programGroup("c", e -> { }));
        v.loop.advance(1000);
        return v;
    }

    @Test
    void reloadConfigReportsAddedChangedAndRemovedGroupsAndTouchesNoProcess() {
        VirtualSupervisor v = abc();
        v.configFileHolds(programGroup("a", e -> { }), programGroup("b", e -> e.command = "/bin/sleep 200"),
                group("e", 10, program("e", e -> { })), group("d", 20, program("d", e -> { })));
        assertWire(List.of(List.of(List.of("e", "d"), List.of("b"), List.of("c"))), v.answer("reloadConfig"));
        v.loop.advance(60_000);
        assertEquals(List.of("a", "b", "c"), v.spawnedNames());
        assertEquals(List.of(), v.host.kills);
        for (String name : List.of("a", "b", "c")) {
            assertEquals(ProcessState.RUNNING, v.process(name).state());
        }
        assertNull(v.supervisor.group("d"), "an added group is only loaded");
        assertEquals(List.of("a:true", "b:true", "d:false", "e:false"), inuse(v));
    }

    @Test
    void aConfigThatDoesNotParseLeavesTheLoadedOneInPlace() {
        VirtualSupervisor v = abc();
        Object before = v.answer("getAllConfigInfo");
        String why = "program section program:x does not specify a command in section 'program:x' (file: 'test.conf')";
        v.configFileBroken(new ConfigException(why));
        assertFault(92, "CANT_REREAD: " + why, v.call("reloadConfig"));
        assertEquals(before, v.answer("getAllConfigInfo"));
        assertFault(90, "ALREADY_ADDED: a", v.call("addProcessGroup", "a"));
    }

    @Test
    void addProcessGroupActivatesALoadedGroupAndStartsIt() {
        VirtualSupervisor v = abc();
        List<String> added = new ArrayList<>();
        v.supervisor.events().subscribe(EventType.PROCESS_GROUP_ADDED, e -> added.add(e.payload()));
        v.configFileHolds(programGroup("a", e -> { }), programGroup("d", e -> { }),
                programGroup("idle", e -> e.autostart = false));
        v.answer("reloadConfig");
        assertEquals(true, v.answer("addProcessGroup", "d"));
        assertEquals(true, v.answer("addProcessGroup", "idle"));
        assertEquals(List.of("a", "b", "c", "d"), v.spawnedNames());
        assertEquals(ProcessState.STARTING, v.process("d").state());
        assertEquals(ProcessState.STOPPED, v.process("idle").state());
        assertEquals(List.of("groupname:d\n", "groupname:idle\n"), added);
        assertFault(90, "ALREADY_ADDED: d", v.call("addProcessGroup", "d"));
        // c still runs, but the loaded config no longer has it
        assertFault(10, "BAD_NAME: c", v.call("addProcessGroup", "c"));
        assertFault(10, "BAD_NAME: zz", v.call("addProcessGroup", "zz"));
    }

    @Test
    void removeProcessGroupWaitsUntilEveryMemberHasStopped() {
        VirtualSupervisor v = new VirtualSupervisor(null, group("g", 1, program("x", e -> { }),
                program("y", e -> e.autostart = false)));
        v.loop.advance(1000);
        assertFault(91, "STILL_RUNNING: g", v.call("removeProcessGroup", "g"));
        int pid = v.pid("g:x");
        v.answer("stopProcess", "g:x", false);
        assertFault(91, "STILL_RUNNING: g", v.call("removeProcessGroup", "g"));
        v.host.exit(pid, WaitStatus.killed(15));
        v.loop.runReady();
        assertEquals(true, v.answer("removeProcessGroup", "g"));
        assertNull(v.supervisor.group("g"));
        assertFault(10, "BAD_NAME: g:x", v.call("getProcessInfo", "g:x"));
        assertFault(10, "BAD_NAME: g", v.call("removeProcessGroup", "g"));
        assertEquals(List.of("x:false", "y:false"), inuse(v), "still in the loaded config");
        assertEquals(true, v.answer("addProcessGroup", "g"), "and so it can come back");
        assertNotNull(v.supervisor.group("g"));
    }

    @Test
    void configInfoHasOneStructPerProcessSortedByName() {
        LogTarget out = new LogTarget(LogTarget.Kind.FILE, dir.resolve("b.log").toString(), 1024, 2, 100, true,
                false);
        LogTarget err = new LogTarget(LogTarget.Kind.NONE, null, 50, 1, 0, false, false);
        VirtualSupervisor v = new VirtualSupervisor(null,
                group("g", 5, program("b", e -> {
                    e.stdout = out;
                    e.stderr = err;
                    e.redirectStderr = true;
                    e.exitcodes = List.of(0, 2);
                    e.stopsignal = 2;
                    e.priority = 7;
                    e.directory = "/srv";
                    e.serverurl = "http://127.0.0.1:9001";
                }), program("c", e -> { })),
                group("a", 9, program("d", e -> e.autostart = false)));
        List<?> all = (List<?>) v.answer("getAllConfigInfo");
        assertEquals(List.of("b", "c", "d"), all.stream().map(i -> ((Map<?, ?>) i).get("name")).toList());
        assertWire(struct(
                "autostart", true,
                "directory", "/srv",
                "uid", "none",
                "command", "/bin/sleep 100",
                "exitcodes", List.of(0, 2),
                "group", "g",
                "group_prio", 5,
                "inuse", true,
                "killasgroup", false,
                "name", "b",
                "process_prio", 7,
                "redirect_stderr", true,
                "startretries", 3,
                "startsecs", 1,
                "stdout_capture_maxbytes", 100,
                "stdout_events_enabled", true,
                "stdout_logfile", out.path(),
                "stdout_logfile_backups", 2,
                "stdout_logfile_maxbytes", 1024,
                "stdout_syslog", false,
                "stopsignal", 2,
                "stopwaitsecs", 10,
                "stderr_capture_maxbytes", 0,
                "stderr_events_enabled", false,
                "stderr_logfile", "none",
                "stderr_logfile_backups", 1,
                "stderr_logfile_maxbytes", 50,
                "stderr_syslog", false,
                "serverurl", "http://127.0.0.1:9001"), all.getFirst());
        Map<?, ?> c = (Map<?, ?>) all.get(1);
        assertEquals(List.of("none", "none", "none", "none"), List.of(c.get("directory"), c.get("stdout_logfile"),
                c.get("stderr_logfile"), c.get("serverurl")));
    }

    /** "name:inuse" for every process of the loaded config, as getAllConfigInfo lists them. */
    private static List<String> inuse(VirtualSupervisor v) {
        return ((List<?>) v.answer("getAllConfigInfo")).stream()
                .map(i -> ((Map<?, ?>) i).get("name") + ":" + ((Map<?, ?>) i).get("inuse")).toList();
    }
}
