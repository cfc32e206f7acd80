package supervisor.check;

/**
 * A program's {@code health_check}, {@code health_interval} and {@code health_failures}
 * (beyond.md): while it is RUNNING the check is attempted every interval, and after that many
 * failures in a row the process is restarted. httpok, built in.
 *
 * @param check           what must keep passing: tcp, http or exec (never log, see {@link #refuseLog})
 * @param intervalSeconds {@code health_interval}: seconds from one attempt to the next
 * @param failures        {@code health_failures}: consecutive failures that restart the process
 */
public record Liveness(Check check, int intervalSeconds, int failures) {

    /**
     * A {@code log:} check passes once, on the line it waits for; as a liveness check it would
     * have to mean "a matching line lately", and a quiet program is not a dead one. So it is
     * refused at load rather than given a meaning nobody could guess.
     */
    public static Check refuseLog(Check check, String value) throws Check.Invalid {
        if (check instanceof Check.Log) {
            throw new Check.Invalid("invalid health_check value '" + value.strip()
                    + "': log: is for ready_check only; expected tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND");
        }
        return check;
    }
}
