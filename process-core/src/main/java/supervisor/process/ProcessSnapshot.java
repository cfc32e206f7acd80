package supervisor.process;

/**
 * What the API reports of a process at one moment, consistent in itself: published by the
 * loop after every change, read from any thread without a trip through the loop.
 *
 * @param startSeconds seconds since the epoch of the last spawn attempt; 0 if never started
 * @param stopSeconds  seconds since the epoch of the last exit; 0 if never exited
 * @param exitstatus   the status of the last exit; null when unknown (never exited, or too quickly)
 * @param spawnerr     why the last start failed; null when it did not
 * @param restarts     spawn attempts after the first since the daemon started (kept across
 *                     starts and stops of the process, reset with the daemon, as a counter may be)
 * @param ready        with a ready_check: whether the current child passed it; null without one
 * @param waitingFor   with depends_on: while the process waits to be spawned, which dependencies it
 *                     waits for ({@code waiting for a (FATAL)}); null otherwise
 */
public record ProcessSnapshot(ProcessState state, int pid, long startSeconds, long stopSeconds,
                              Integer exitstatus, String spawnerr, long restarts, Boolean ready,
                              String waitingFor) {
}
