package supervisor.server;

/**
 * Initialises the HTTP server's classes on a thread of their own while the daemon reads its
 * configuration and opens its log. Jetty's {@code MimeTypes} enumerates every locale the JDK
 * knows when its class is initialised, which is about a third of the daemon's start-up; done on
 * the side, it costs the second core instead of the time to the first answer.
 */
final class HttpWarmUp {
    private static final String[] CLASSES = {
            "org.eclipse.jetty.http.MimeTypes", "org.eclipse.jetty.server.Server",
    };

    private HttpWarmUp() {
    }

    static void start() {
        Thread.ofPlatform().daemon().name("http-warm-up").start(() -> {
            for (String name : CLASSES) {
                try {
                    Class.forName(name, true, HttpWarmUp.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    return; // the server will meet the same problem, and report it, itself
                }
            }
        });
    }
}
