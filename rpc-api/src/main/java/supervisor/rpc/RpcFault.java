package supervisor.rpc;

/**
 * An XML-RPC fault as supervisord raises it: faultString is the code's name, or
 * {@code NAME: detail} when there is a detail.
 */
public class RpcFault extends RuntimeException {
    private final FaultCode code;
    private final String detail;

    public RpcFault(FaultCode code) {
        this(code, null);
    }

    public RpcFault(FaultCode code, String detail) {
        super(detail == null ? code.name() : code.name() + ": " + detail, null, false, false);
        this.code = code;
        this.detail = detail;
    }

    public FaultCode code() {
        return code;
    }

    /** The text after {@code NAME: }, or null. */
    public String detail() {
        return detail;
    }

    public int faultCode() {
        return code.code;
    }

    public String faultString() {
        return getMessage();
    }
}
