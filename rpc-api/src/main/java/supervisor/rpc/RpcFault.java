package supervisor.rpc;

/**
 * An XML-RPC fault as supervisord raises it: faultString is the code's name, or
 * {@code NAME: detail} when there is a detail.
 *
 * <p>Methods throw it (or complete their future exceptionally with it) to answer with a fault;
 * {@link XmlRpcClient} throws it when a server answers with one. A fault received from a foreign
 * server may carry a code supervisord does not define: then {@link #code()} is null and only
 * {@link #faultCode()} and {@link #faultString()} are meaningful.
 */
public class RpcFault extends RuntimeException {
    private final FaultCode code;
    private final String detail;
    private final int faultCode;

    public RpcFault(FaultCode code) {
        this(code, null);
    }

    public RpcFault(FaultCode code, String detail) {
        super(detail == null ? code.name() : code.name() + ": " + detail, null, false, false);
        this.code = code;
        this.detail = detail;
        this.faultCode = code.code;
    }

    /** A fault exactly as it arrived on the wire: any code, any string. */
    public RpcFault(int faultCode, String faultString) {
        super(faultString, null, false, false);
        this.faultCode = faultCode;
        this.code = FaultCode.fromCode(faultCode).orElse(null);
        this.detail = code == null ? null : detailOf(code, faultString);
    }

    private static String detailOf(FaultCode code, String faultString) {
        String prefix = code.name() + ": ";
        return faultString != null && faultString.startsWith(prefix)
                ? faultString.substring(prefix.length())
                : null;
    }

    /** The supervisord fault, or null for a code supervisord does not define. */
    public FaultCode code() {
        return code;
    }

    /** The text after {@code NAME: }, or null. */
    public String detail() {
        return detail;
    }

    public int faultCode() {
        return faultCode;
    }

    public String faultString() {
        return getMessage();
    }
}
