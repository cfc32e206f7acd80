package supervisor.rpc;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place where a failure is unwrapped from the CompletionException a dependent stage adds. */
public final class Futures {
    private Futures() {
    }

    /** The failure itself, without the CompletionException or ExecutionException wrappers around it. */
    public static Throwable cause(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
