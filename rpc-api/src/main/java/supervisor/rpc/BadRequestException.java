package supervisor.rpc;

/** A request body that is not an acceptable XML-RPC call: the HTTP layer answers 400. */
public class BadRequestException extends Exception {
    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
