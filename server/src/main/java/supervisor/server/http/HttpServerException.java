package supervisor.server.http;

/**
 * An HTTP server could not be opened. The message is the one supervisord prints after
 * {@code Error: } before exiting with status 2.
 */
public class HttpServerException extends Exception {
    public HttpServerException(String message) {
        super(message);
    }

    public HttpServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
