package supervisor.rpc;

import java.io.IOException;

/** The server answered an XML-RPC request with an HTTP status other than 200. */
public class HttpStatusException extends IOException {
    private final int status;
    private final String reason;

    public HttpStatusException(int status, String reason) {
        super("HTTP " + status + " " + reason);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
