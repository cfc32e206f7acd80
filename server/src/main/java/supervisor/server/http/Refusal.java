package supervisor.server.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Refuses a request whose body is not worth reading: the error page goes at once, with
 * {@code Connection: close}, and only then is what the client still sends of the body read and
 * thrown away, until it ends or for at most {@link #LINGER}, before the connection is closed.
 * Python's xmlrpc.client (supervisorctl's) writes its whole body before it reads anything: it
 * then sees the status instead of a broken pipe. Nothing of the body is kept.
 */
final class Refusal {
    /** The longest a refused body is read and thrown away, so that its client can see the answer. */
    static final Duration LINGER = Duration.ofSeconds(10);

    private Refusal() {
    }

    static void send(Request request, Response response, Callback callback, int status) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        ErrorPage.send(response, Callback.from(() -> new Linger(request, callback).start(), callback::failed), status);
    }

    /** Reads the rest of the body into nothing, racing its deadline; the first to finish ends the exchange. */
    private static final class Linger implements Runnable {
        private final Request request;
        private final Callback callback;
        private final AtomicBoolean over = new AtomicBoolean();
        private Scheduler.Task deadline;

        Linger(Request request, Callback callback) {
            this.request = request;
            this.callback = callback;
        }

        void start() {
            deadline = request.getComponents().getScheduler().schedule(this::end, LINGER);
            run();
        }

        @Override
        public void run() {
            while (!over.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                boolean last = chunk.isLast() || Content.Chunk.isFailure(chunk);
                chunk.release();
                if (last) {
                    end();
                    return;
                }
            }
        }

        /** The answer is out either way: the exchange succeeded, and the connection closes. */
        private void end() {
            if (over.compareAndSet(false, true)) {
                if (deadline != null)
                    deadline.cancel();
                callback.succeeded();
            }
        }
    }
}
