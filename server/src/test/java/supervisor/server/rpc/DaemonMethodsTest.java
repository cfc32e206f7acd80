package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static supervisor.server.rpc.VirtualSupervisor.assertFault;
import static supervisor.server.rpc.VirtualSupervisor.assertWire;
import static supervisor.server.rpc.VirtualSupervisor.programGroup;
import static supervisor.server.rpc.VirtualSupervisor.struct;
import static supervisor.server.rpc.VirtualSupervisor.valueOf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import supervisor.posix.WaitStatus;
import supervisor.process.ScriptedHost.Kill;
import supervisor.process.SupervisorState;
import supervisor.rpc.XmlRpcCodec;
import supervisor.rpc.XmlRpcDispatcher;

/** supervisord itself: versions, identification, state, pid, shutdown and restart. */
class DaemonMethodsTest {

    @Test
    void versionsIdentificationAndPid() {
        VirtualSupervisor v = new VirtualSupervisor(null);
        assertEquals("3.0", v.answer("getAPIVersion"));
        assertEquals("3.0", v.answer("getVersion"));
        assertEquals("4.2.5", v.answer("getSupervisorVersion"));
        assertEquals(VirtualSupervisor.IDENTIFIER, v.answer("getIdentification"));
        assertEquals((int) ProcessHandle.current().pid(), v.answer("getPID"));
    }

    @Test
    void theStateOfARunningSupervisorOnTheWire() {
        VirtualSupervisor v = new VirtualSupervisor(null);
        assertWire(struct("statecode", 1, "statename", "RUNNING"), v.answer("getState"));
        CompletableFuture<byte[]> response = new XmlRpcDispatcher(v.registry)
                .handle(XmlRpcCodec.encodeCall("supervisor.getState", List.of()));
        v.loop.runReady();
        assertEquals("""
                <?xml version='1.0'?>
                <methodResponse>
                <params>
                <param>
                <value><struct>
                <member>
                <name>statecode</name>
                <value><int>1</int></value>
                </member>
                <member>
                <name>statename</name>
                <value><string>RUNNING</string></value>
                </member>
                </struct></value>
                </param>
                </params>
                </methodResponse>
                """, new String(response.getNow(null), StandardCharsets.UTF_8));
    }

    /** The answer goes out while still RUNNING; the stop begins on the loop's next turn. */
    @ParameterizedTest
    @CsvSource({"shutdown, SHUTDOWN", "restart, RESTARTING"})
    void shutdownAndRestartAnswerFirstThenStopEverything(String method, SupervisorState mood) {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }));
        v.loop.advance(1000);
        int pid = v.pid("a");
        List<SupervisorState> whenAnswered = new ArrayList<>();
        CompletableFuture<Object> answer = v.submit(method);
        answer.thenRun(() -> whenAnswered.add(v.supervisor.state()));
        v.loop.runReady();
        assertEquals(true, valueOf(answer));
        assertEquals(List.of(SupervisorState.RUNNING), whenAnswered);
        assertEquals(mood, v.supervisor.state());
        assertEquals(List.of(new Kill(pid, 15)), v.host.kills);
        assertFault(6, "SHUTDOWN_STATE", v.call("getState"));
        assertFault(6, "SHUTDOWN_STATE", v.call("getIdentification"));
        assertFault(6, "SHUTDOWN_STATE", v.call("shutdown"));
        assertFault(6, "SHUTDOWN_STATE", v.call("restart"));
        assertEquals(mood, v.supervisor.state());
        v.host.exit(pid, WaitStatus.killed(15));
        v.loop.runReady();
        assertEquals(mood, v.supervisor.stopped().getNow(null));
    }
}
