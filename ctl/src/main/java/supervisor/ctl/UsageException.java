package supervisor.ctl;

/** A command line or config file supervisorctl cannot use: printed as a usage error, exit 2. */
public final class UsageException extends Exception {
    UsageException(String message) {
        super(message, null, false, false);
    }
}
