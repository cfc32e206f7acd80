package supervisor.output;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

import supervisor.events.Event;

/**
 * The events one output channel has for the loop, in the order they happened: PROCESS_LOG parts
 * and finished capture blocks (PROCESS_COMMUNICATION). The I/O thread adds; one loop task raises
 * everything waiting. supervisord raises an event per piece of output per read; so do we, except
 * that the first piece of a read joins the PROCESS_LOG part still waiting from earlier reads (up
 * to {@link Event#MAX_LOG_BYTES}): a flood read in many small pieces then becomes a few large events
 * rather than many small ones that overflow the listeners' buffers.
 */
final class UnsentEvents {
    private record LogPart(ByteArrayOutputStream bytes) {
    }

    private record Block(byte[] data) {
    }

    private final OutputContext context;
    private final String channel;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean raiseQueued;
    /** True until the current read's first piece of log output is added. */
    private boolean readStart;

    UnsentEvents(OutputContext context, String channel) {
        this.context = context;
        this.channel = channel;
    }

    /** A new read: its first piece of output may join the PROCESS_LOG part still waiting. */
    void newRead() {
        readStart = true;
    }

    void logged(byte[] data, int off, int len) {
        boolean joins = readStart;
        readStart = false;
        synchronized (waiting) {
            if (joins && waiting.peekLast() instanceof LogPart part && part.bytes().size() < Event.MAX_LOG_BYTES) {
                part.bytes().write(data, off, len);
                return; // the task that raises it is queued already
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(len);
            bytes.write(data, off, len);
            waiting.addLast(new LogPart(bytes));
        }
        queueRaise();
    }

    void captured(byte[] block) {
        synchronized (waiting) {
            waiting.addLast(new Block(block));
        }
        queueRaise();
    }

    private void queueRaise() {
        synchronized (waiting) {
            if (raiseQueued) {
                return;
            }
            raiseQueued = true;
        }
        context.loop().execute(this::raise);
    }

    /** On the loop: every waiting event, in order, with the child's pid as it is now. */
    private void raise() {
        Object[] items;
        synchronized (waiting) {
            items = waiting.toArray();
            waiting.clear();
            raiseQueued = false;
        }
        int pid = context.pid().getAsInt();
        for (Object item : items) {
            switch (item) {
                case LogPart(ByteArrayOutputStream bytes) -> {
                    byte[] all = bytes.toByteArray();
                    for (int off = 0; off < all.length; off += Event.MAX_LOG_BYTES) {
                        byte[] part = Arrays.copyOfRange(all, off, Math.min(all.length, off + Event.MAX_LOG_BYTES));
                        context.events().notify(Event.processLog(channel, context.processName(),
                                context.groupName(), pid, part));
                    }
                }
                case Block(byte[] data) -> context.events().notify(Event.processCommunication(channel,
                        context.processName(), context.groupName(), pid, data));
                default -> throw new IllegalStateException("unknown event item " + item);
            }
        }
    }
}
