package supervisor.rpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One decoded {@code methodCall}: the method name as sent and its positional parameters
 * (an unmodifiable list that may contain nulls, from {@code <nil/>}).
 */
public record XmlRpcCall(String methodName, List<Object> params) {
    public XmlRpcCall {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }
}
