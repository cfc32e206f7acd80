package supervisor.config;

import java.util.Map;

/**
 * The {@code [rpcinterface:x]} sections. Only supervisord's standard factory can be honoured
 * here; any other is reported as a warning and its namespace is absent.
 */
final class RpcInterfacesReader {
    private static final String FACTORY_KEY = "supervisor.rpcinterface_factory";
    private static final String STANDARD_FACTORY = "supervisor.rpcinterface:make_main_rpcinterface";

    private final ParseState st;

    RpcInterfacesReader(ParseState st) {
        this.st = st;
    }

    /** Whether a section names the standard factory, which gives the {@code supervisor.*} namespace. */
    boolean read() throws ConfigException {
        boolean standard = false;
        for (String section : st.parser.sections()) {
            if (!section.startsWith("rpcinterface:")) {
                continue;
            }
            String factory = st.get(section, FACTORY_KEY, null, Map.of());
            if (factory == null) {
                throw new ConfigException("section [" + section + "] does not specify a " + FACTORY_KEY);
            }
            // the factory's other keys are its arguments: expanded, so that a bad one is an error
            for (String key : st.parser.options(section)) {
                if (!key.equals(FACTORY_KEY)) {
                    st.get(section, key, null, Map.of());
                }
            }
            if (factory.replaceAll("\\s+", "").equals(STANDARD_FACTORY)) {
                standard = true;
            } else {
                st.warnings.add("rpcinterface factory " + factory + " of [" + section
                        + "] is not supported; its namespace is not available");
            }
        }
        return standard;
    }
}
