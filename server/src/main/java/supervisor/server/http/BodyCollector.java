package supervisor.server.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's body before its handler runs, as medusa's collector does: exactly
 * Content-Length bytes, into one array. Unlike medusa it reads no body that could exhaust the
 * daemon:
 * <ul>
 *   <li>a body over {@link #MAX_BODY_BYTES} is refused from its Content-Length alone, at once:
 *       413, before any of it is read (see {@link Refusal});</li>
 *   <li>every body takes its length from the {@link BodyBudget} shared by all requests before a
 *       byte of it is read, and gives it back when its answer has been written; a body that does
 *       not get room within {@link #WAIT} is read and thrown away, and answered 503;</li>
 *   <li>a body must arrive within {@link #BODY_DEADLINE} of being let in, or its request is
 *       answered 408 and its connection closed: a client that stops sending cannot keep its room
 *       for ever (connections have no idle timeout, since a deferred answer may take hours).</li>
 * </ul>
 * The handler gets the body and a callback that gives its room back when the exchange ends.
 */
final class BodyCollector {
    /**
     * The largest request body read. Real clients send less: supervisorctl a few hundred bytes,
     * a multicall of 10,000 calls 2 to 3 MB as Python's xmlrpc.client writes it; sendProcessStdin
     * data beyond it can be sent in several calls. A body being parsed holds at most about nine
     * times its size (see supervisor.rpc.Footprint): 36 MB for one of these.
     */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** How long a body waits for room in the budget before its request gets 503. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** How long a body that has room may take to arrive before its request gets 408. */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(30);

    /** What runs once the body is in: the handler, with a callback that gives the room back. */
    @FunctionalInterface
    interface Next {
        void handle(byte[] body, Callback callback);
    }

    private final BodyBudget budget;
    private final Duration bodyDeadline;

    BodyCollector(BodyBudget budget, Duration bodyDeadline) {
        this.budget = budget;
        this.bodyDeadline = bodyDeadline;
    }

    /** The part of the budget only small bodies (what supervisorctl sends) may take. */
    static final long SMALL_BODIES_RESERVE = 1024 * 1024;

    /**
     * The budget the daemon's heap allows: a 32nd of it (bodies being parsed hold up to about
     * nine times their size: under a third of the heap), and never less than one body of the
     * largest size beside the small bodies' reserve: 5 MiB with the default 96 MB heap, which
     * parsing hostile bodies may fill to about 45 MB and what clients send to about 30 MB.
     */
    static BodyCollector forHeap(long maxHeapBytes) {
        long capacity = Math.max(MAX_BODY_BYTES + SMALL_BODIES_RESERVE, maxHeapBytes / 32);
        return new BodyCollector(new BodyBudget(capacity, SMALL_BODIES_RESERVE, WAIT), BODY_DEADLINE);
    }

    /** Collects the body of a request that has a Content-Length, then runs {@code next}. */
    void collect(Request request, Response response, Callback callback, Next next) {
        long length = request.getLength();
        if (length > MAX_BODY_BYTES) {
            Refusal.send(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
            return;
        }
        if (length <= 0) {
            next.handle(new byte[0], callback);
            return;
        }
        Scheduler scheduler = request.getComponents().getScheduler();
        budget.take(length, scheduler, request.getComponents().getExecutor(),
                () -> new Reading(request, response, givingBack(callback, length), (int) length, next)
                        .start(scheduler, bodyDeadline),
                // the client may still be sending: read the body to the end (it is small enough)
                // so that it sees the answer rather than a broken connection
                () -> ErrorPage.send(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503));
    }

    /** The callback that ends the exchange, giving the body's room back once it has. */
    private Callback givingBack(Callback callback, long length) {
        return new Callback.Nested(callback) {
            @Override
            public void completed() {
                budget.give(length);
            }
        };
    }

    /**
     * Reads and throws away a body of unknown length (chunked), then runs {@code ended}; runs
     * {@code passed} instead, at once, as soon as more than {@code max} bytes have come.
     */
    static void discard(Request request, long max, Runnable ended, Runnable passed, Consumer<Throwable> failed) {
        new Runnable() {
            private long seen;

            @Override
            public void run() {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        failed.accept(chunk.getFailure());
                        return;
                    }
                    seen += chunk.remaining();
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (seen > max) {
                        passed.run();
                        return;
                    }
                    if (last) {
                        ended.run();
                        return;
                    }
                }
            }
        }.run();
    }

    /** One body being read into its array, racing its deadline; whichever settles first answers. */
    private static final class Reading implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final byte[] body;
        private final Next next;
        private final AtomicBoolean settled = new AtomicBoolean();
        private Scheduler.Task deadline;
        private int filled;

        Reading(Request request, Response response, Callback callback, int length, Next next) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.body = new byte[length];
            this.next = next;
        }

        void start(Scheduler scheduler, Duration within) {
            deadline = scheduler.schedule(this::late, within);
            run();
        }

        /** Reads what has come; asks to be called again when more comes. */
        @Override
        public void run() {
            while (!settled.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    // the client went away or broke the framing: nothing sensible to answer
                    if (settle())
                        callback.failed(chunk.getFailure());
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                // Jetty hands over no more than the Content-Length; checked all the same
                int n = Math.min(bytes.remaining(), body.length - filled);
                bytes.get(body, filled, n);
                filled += n;
                boolean last = chunk.isLast();
                chunk.release();
                if (filled == body.length) {
                    if (settle())
                        next.handle(body, callback);
                    return;
                }
                if (last) {
                    if (settle())
                        callback.failed(new HttpException.RuntimeException(HttpStatus.BAD_REQUEST_400,
                                "body shorter than its Content-Length"));
                    return;
                }
            }
        }

        private void late() {
            if (settle()) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                ErrorPage.send(response, callback, HttpStatus.REQUEST_TIMEOUT_408);
            }
        }

        private boolean settle() {
            if (!settled.compareAndSet(false, true))
                return false;
            if (deadline != null)
                deadline.cancel();
            return true;
        }
    }
}
