package supervisor.server;

/** {@code supervisord}: the entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String argv0 = System.getProperty("supervisord.argv0", "supervisord");
        int status = new Daemon(argv0).run(args);
        System.exit(status);
    }
}
