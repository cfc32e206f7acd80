package supervisor.ctl;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C while a stream is followed: 4.2.5 catches it (KeyboardInterrupt), ends the stream and
 * carries on; elsewhere it ends supervisorctl as usual.
 */
final class Interrupt {
    private static final Signal INT = new Signal("INT");

    private Interrupt() {
    }

    /** Runs {@code body}; a Ctrl-C meanwhile runs {@code onInterrupt} instead of ending the JVM. */
    static boolean during(Runnable onInterrupt, Runnable body) {
        boolean[] interrupted = {false};
        SignalHandler previous = Signal.handle(INT, signal -> {
            interrupted[0] = true;
            onInterrupt.run();
        });
        try {
            body.run();
        } finally {
            Signal.handle(INT, previous);
        }
        return interrupted[0];
    }
}
