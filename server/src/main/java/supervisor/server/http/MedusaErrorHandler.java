package supervisor.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (unparsable requests, a handler that fails its callback) get
 * medusa's page instead of Jetty's, so every error a client can see has one shape.
 */
final class MedusaErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof org.eclipse.jetty.http.HttpException failure)
            status = failure.getCode();
        if (status < 400)
            status = HttpStatus.INTERNAL_SERVER_ERROR_500;
        // requests too broken to be parsed never met the customizer that names the server
        response.getHeaders().put(HttpHeader.SERVER, HttpServers.SERVER_HEADER);
        ErrorPage.send(response, callback, status);
        return true;
    }
}
