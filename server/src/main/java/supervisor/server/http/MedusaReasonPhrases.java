package supervisor.server.http;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;

/**
 * Puts medusa's reason phrase in the status line where Jetty's differs ("500 Internal Server
 * Error", not "500 Server Error"); Python's client reports that phrase in its ProtocolError.
 */
final class MedusaReasonPhrases extends HttpStream.Wrapper {

    MedusaReasonPhrases(HttpStream wrapped) {
        super(wrapped);
    }

    @Override
    public void send(MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer content,
                     Callback callback) {
        if (response != null && response.getReason() == null && ErrorPage.reasonDiffers(response.getStatus()))
            response = new MetaData.Response(response.getStatus(), ErrorPage.reason(response.getStatus()),
                    response.getHttpVersion(), response.getHttpFields(), response.getContentLength(),
                    response.getTrailersSupplier());
        super.send(request, response, last, content, callback);
    }
}
