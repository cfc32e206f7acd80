package supervisor.rpc;

/**
 * A call whose decoded form would take more memory than a body of its size may (see
 * {@link Footprint}): only bodies made to be expensive get there. The HTTP layer answers 413.
 */
public class RequestTooLargeException extends BadRequestException {
    public RequestTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reason() {
        return "too large";
    }
}
