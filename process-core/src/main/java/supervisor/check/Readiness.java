package supervisor.check;

/**
 * A program's {@code ready_check} and {@code ready_timeout} (beyond.md): it stays STARTING until
 * the check has passed, and a check that has not passed within the timeout is a failed start.
 *
 * @param check          what must pass
 * @param timeoutSeconds {@code ready_timeout}: seconds from the spawn
 */
public record Readiness(Check check, int timeoutSeconds) {
}
