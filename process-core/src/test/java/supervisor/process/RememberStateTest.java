package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static supervisor.process.Programs.edit;
import static supervisor.process.Programs.program;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.config.ProcessConfig;
import supervisor.config.ReloadSettings;
import supervisor.intent.Intent;
import supervisor.intent.IntentFile;
import supervisor.logging.ActivityLog;

/**
 * remember_state on virtual time: what the operator last asked of a process overrides its
 * autostart when the supervisor starts; removing the group forgets it.
 */
class RememberStateTest {
    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();

    private static ProcessConfig member(String name, boolean autostart) {
        return program(name, p -> edit(p, e -> {
            e.autostart = autostart;
            e.startsecs = 0;
        }));
    }

    private Supervisor start(Path state) {
        ReloadSettings reload = new ReloadSettings(ReloadSettings.UpdateScope.GROUP, state.toString(), 0);
        GroupConfig g = new GroupConfig("g", GroupConfig.Kind.GROUP, 999, List.of(member("on", true),
                member("off", true), member("manual", false), member("idle", false)), null, null);
        Supervisor s = new Supervisor(MemberUpdatesTest.config(reload, g),
                ActivityLog.console(LogLevel.DEBUG, new ByteArrayOutputStream()), loop, loop, host);
        loop.execute(s::start);
        loop.runReady();
        loop.advance(10);
        return s;
    }

    @Test
    void theRememberedIntentOverridesAutostart() throws Exception {
        Path dir = Files.createTempDirectory("remember");
        Path state = dir.resolve("state");
        new IntentFile(state).write(Map.of("g:off", Intent.STOPPED, "g:manual", Intent.STARTED));
        Supervisor s = start(state);
        ProcessGroup g = s.group("g");
        assertEquals(ProcessState.RUNNING, g.process("on").state(), "autostart, no intent");
        assertEquals(ProcessState.STOPPED, g.process("off").state(), "autostart, but stopped by request");
        assertEquals(ProcessState.RUNNING, g.process("manual").state(), "no autostart, but started by request");
        assertEquals(ProcessState.STOPPED, g.process("idle").state(), "no autostart, no intent");

        g.processes().forEach(p -> {
            if (!p.state().isStopped()) {
                p.stop();
            }
        });
        host.behave(new ScriptedHost.Behaviour() { });
        g.processes().stream().filter(p -> p.pid() != 0).toList()
                .forEach(p -> host.exit(p.pid(), supervisor.posix.WaitStatus.killed(15)));
        loop.runReady();
        s.removeGroup(g);
        loop.runReady();
        assertEquals(Map.of(), new IntentFile(state).read(), "a removed group's intents are forgotten");
        Files.delete(state);
        Files.delete(dir);
    }
}
