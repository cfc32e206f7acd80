package supervisor.compat;

/** XML-RPC suite with Debian's python3 and supervisor package on this host. */
class XmlRpcHostTest extends XmlRpcSuite {

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }
}
