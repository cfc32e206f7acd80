package supervisor.compat;

import java.util.List;
import java.util.Map;

import supervisor.testing.Json;

/** What Python's xmlrpc.client got for one call: a result, a fault, an HTTP error or another exception. */
public record RpcReply(Object result, Integer faultCode, String faultString, Integer httpStatus, String error, String json) {

    @SuppressWarnings("unchecked")
    static RpcReply parse(String jsonLine) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(jsonLine);
        if (m.containsKey("fault")) {
            List<Object> f = (List<Object>) m.get("fault");
            return new RpcReply(null, ((Long) f.get(0)).intValue(), (String) f.get(1), null, null, jsonLine);
        }
        if (m.containsKey("protocolError")) {
            List<Object> e = (List<Object>) m.get("protocolError");
            return new RpcReply(null, null, null, ((Long) e.get(0)).intValue(), (String) e.get(1), jsonLine);
        }
        if (m.containsKey("error")) {
            return new RpcReply(null, null, null, null, (String) m.get("error"), jsonLine);
        }
        return new RpcReply(m.get("result"), null, null, null, null, jsonLine);
    }

    public boolean isFault() {
        return faultCode != null;
    }

    public boolean isResult() {
        return faultCode == null && httpStatus == null && error == null;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> struct() {
        return (Map<String, Object>) requireResult();
    }

    @SuppressWarnings("unchecked")
    public List<Object> array() {
        return (List<Object>) requireResult();
    }

    private Object requireResult() {
        if (!isResult()) {
            throw new AssertionError("expected a result, got " + json);
        }
        return result;
    }

    @Override
    public String toString() {
        return json;
    }
}
