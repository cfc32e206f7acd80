package supervisor.compat;

/** supervisorctl suite with Debian's supervisorctl on this host. */
class SupervisorctlHostTest extends SupervisorctlSuite {

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }
}
