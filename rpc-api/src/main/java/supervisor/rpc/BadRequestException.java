package supervisor.rpc;

/** A request body that is not an acceptable XML-RPC call: the HTTP layer answers 400. */
public class BadRequestException extends Exception {
    private static final String NO_METHOD_NAME = "no method name";

    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A well-formed call without a method name, or with an empty one. */
    static BadRequestException noMethodName() {
        return new BadRequestException(NO_METHOD_NAME);
    }

    /** Why supervisord calls the request invalid in its log: {@code no method name} or {@code unmarshallable}. */
    public String reason() {
        return NO_METHOD_NAME.equals(getMessage()) ? NO_METHOD_NAME : "unmarshallable";
    }
}
