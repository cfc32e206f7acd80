package supervisor.server.http;

import java.nio.ByteBuffer;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Request;

/**
 * A request whose body the {@link BodyCollector} has already read: handlers that read it (the
 * web UI's forms) read the collected bytes, as they would have read the connection.
 */
final class CollectedRequest extends Request.Wrapper {
    private final Content.Source body;

    CollectedRequest(Request request, byte[] body) {
        super(request);
        this.body = new ByteBufferContentSource(ByteBuffer.wrap(body));
    }

    @Override
    public long getLength() {
        return body.getLength();
    }

    @Override
    public Content.Chunk read() {
        return body.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        body.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        body.fail(failure);
    }

    @Override
    public boolean consumeAvailable() {
        // the connection's part is read already; what is left here is only the copy
        return true;
    }
}
