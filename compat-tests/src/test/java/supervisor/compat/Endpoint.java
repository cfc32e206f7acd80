package supervisor.compat;

/** Where and as whom a client connects: the unix socket or the inet port, with or without credentials. */
public record Endpoint(String name, String url, String username, String password) {

    /** The unix socket, with the config's credentials (if any). */
    public static Endpoint unix(SupervisorConf conf) {
        return new Endpoint("unix", conf.unixUrl(), conf.username(), conf.password());
    }

    /** The inet port, with the config's credentials (if any). */
    public static Endpoint inet(SupervisorConf conf) {
        return new Endpoint("inet", conf.inetUrl(), conf.username(), conf.password());
    }

    public Endpoint as(String username, String password) {
        return new Endpoint(name, url, username, password);
    }

    public Endpoint anonymous() {
        return new Endpoint(name, url, null, null);
    }

    /** How a transcript names this endpoint (never the password value itself, only whether one was sent). */
    public String label() {
        return name + (username == null ? "" : " as " + username + "/" + (password == null ? "-" : "*".repeat(password.length())));
    }
}
