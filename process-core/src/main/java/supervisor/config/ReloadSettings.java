package supervisor.config;

/**
 * The {@code [supervisord]} keys of "reload without collateral damage" (beyond.md), all
 * extensions that supervisord 4.2.5 ignores. {@link #DEFAULT} is 4.2.5's behaviour.
 *
 * @param updateScope        {@code update_scope}: what a changed group's update restarts
 * @param rememberState      {@code remember_state}: absolute path of the file keeping the operator's
 *                           intent across daemon restarts; null when unset
 * @param restartParallelism {@code restart_parallelism}: the most processes a rolling restart
 *                           leaves down at once; 0 when unset (unlimited)
 */
public record ReloadSettings(UpdateScope updateScope, String rememberState, int restartParallelism) {

    public static final ReloadSettings DEFAULT = new ReloadSettings(UpdateScope.GROUP, null, 0);

    /** What {@code update} restarts of a group whose config changed. */
    public enum UpdateScope {
        /** The whole group is stopped, removed and added again, as 4.2.5 does. */
        GROUP,
        /** Only the members whose own config changed; the others keep running. */
        PROCESS
    }

    /** True when update and restarts roll: never more than {@link #restartParallelism} down at once. */
    public boolean rolling() {
        return restartParallelism > 0;
    }

    /**
     * True when an update of a changed group is applied member by member (update_scope=process):
     * the daemon keeps what reloadConfig found for each such group until the client's update of
     * it is done. Under update_scope=group a changed group is replaced whole, as 4.2.5 does.
     */
    public boolean memberwiseUpdate() {
        return updateScope == UpdateScope.PROCESS;
    }
}
