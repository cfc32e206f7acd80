package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static supervisor.server.rpc.VirtualSupervisor.assertFault;
import static supervisor.server.rpc.VirtualSupervisor.valueOf;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import supervisor.testing.Json;
import supervisor.testing.ReferencePython;

/** The method table: names, aliases, documentation and parameter counts, against supervisord's own. */
class SupervisorNamespaceTest {
    private final VirtualSupervisor v = new VirtualSupervisor(null);

    /**
     * system.listMethods, then each name's methodSignature, as supervisord's classes answer them.
     * (methodHelp is worded anew; only its @param and @return lines, which make the signature,
     * are supervisord's.)
     */
    @Test
    void namesAndSignaturesAreSupervisords() {
        String reference = ReferencePython.run("""
                import sys, json
                from supervisor.xmlrpc import SystemNamespaceRPCInterface
                from supervisor.rpcinterface import SupervisorNamespaceRPCInterface
                s = SystemNamespaceRPCInterface([('supervisor', SupervisorNamespaceRPCInterface(None))])
                names = s.listMethods()
                sys.stdout.write(json.dumps([names] + [s.methodSignature(n) for n in names]))
                """, "");
        List<Object> ours = new ArrayList<>();
        List<?> names = (List<?>) valueOf(v.registry.call("system.listMethods", List.of()));
        ours.add(names);
        for (Object name : names) {
            ours.add(valueOf(v.registry.call("system.methodSignature", List.of(name))));
        }
        assertEquals(reference, Json.write(ours));
    }

    @Test
    void aWrongNumberOfParametersIsIncorrectParameters() {
        assertFault(2, "INCORRECT_PARAMETERS", v.call("startProcess"));
        assertFault(2, "INCORRECT_PARAMETERS", v.call("startProcess", "a", true, 1));
        assertFault(2, "INCORRECT_PARAMETERS", v.call("getState", 1));
        assertFault(2, "INCORRECT_PARAMETERS", v.call("signalProcess", "a"));
        assertFault(2, "INCORRECT_PARAMETERS", v.call("readProcessStdoutLog", "a", 0));
        assertFault(1, "UNKNOWN_METHOD", v.call("nosuchMethod"));
    }
}
