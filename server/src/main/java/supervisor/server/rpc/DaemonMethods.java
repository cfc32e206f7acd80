package supervisor.server.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

import supervisor.process.Supervisor;
import supervisor.process.SupervisorState;
import supervisor.rpc.Args;

/** supervisord itself ("Status and Control"): versions, identification, state, pid, shutdown and restart. */
final class DaemonMethods {
    private final Supervisor supervisor;

    DaemonMethods(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    Object apiVersion(Args a) {
        return SupervisorNamespace.API_VERSION;
    }

    Object supervisorVersion(Args a) {
        return SupervisorNamespace.SUPERVISOR_VERSION;
    }

    Object identification(Args a) {
        return supervisor.config().supervisord().identifier();
    }

    Object state(Args a) {
        SupervisorState s = supervisor.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statecode", s.code);
        m.put("statename", s.name());
        return m;
    }

    Object pid(Args a) {
        return (int) ProcessHandle.current().pid();
    }

    /** The answer goes out first; the stop starts on the loop's next turn. */
    Object shutdown(Args a) {
        supervisor.loop().execute(supervisor::shutdown);
        return Boolean.TRUE;
    }

    Object restart(Args a) {
        supervisor.loop().execute(supervisor::restart);
        return Boolean.TRUE;
    }
}
