package supervisor.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import supervisor.config.SupervisordConfig;

/**
 * Going to the background when nodaemon is false. A JVM cannot fork, so the daemon is a fresh
 * JVM started in its own session ({@code setsid}) with the same arguments, in
 * {@code directory=} and with {@code umask=}. The parent waits until the daemon has bound its
 * sockets and written its pidfile (the daemon prints READY on a pipe), relays any start-up
 * error, and exits with the daemon's status — so a failing start still fails in the foreground,
 * as supervisord's does.
 */
final class Daemonizer {
    private static final String CHILD_ENV = "SUPERVISORD_DAEMON_CHILD";
    private static final String READY = "READY";

    private Daemonizer() {
    }

    /**
     * This daemon's environment without the marker that told it it was the daemon, nor the
     * variables the launcher set for the JVM alone (named in {@code supervisord.launcherEnv}),
     * nor systemd's notify variables.
     */
    static Map<String, String> environmentForChildren() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove(CHILD_ENV);
        // systemd's notify socket is the daemon's to answer on: a program that speaks sd_notify
        // would otherwise report its own readiness as the unit's
        SystemdNotify.VARIABLES.forEach(env::remove);
        for (String name : System.getProperty("supervisord.launcherEnv", "").split(",")) {
            env.remove(name);
        }
        return env;
    }

    static boolean isDaemonChild() {
        return System.getenv(CHILD_ENV) != null;
    }

    static int daemonize(SupervisordConfig sd) {
        List<String> cmd = new ArrayList<>();
        cmd.add("/bin/sh");
        cmd.add("-c");
        cmd.add("umask " + String.format("%03o", sd.umask()) + " && exec setsid \"$@\"");
        cmd.add("sh");
        // this JVM's own command line again (read from /proc: asking JMX for the JVM's flags
        // would start the management server, a good part of a second)
        ProcessHandle.Info self = ProcessHandle.current().info();
        cmd.add(self.command().orElse("java"));
        cmd.addAll(List.of(self.arguments().orElseThrow(() ->
                new IllegalStateException("cannot read this JVM's command line"))));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(CHILD_ENV, "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (sd.directory() != null) {
            pb.directory(new File(sd.directory()));
        }
        try {
            Process p = pb.start();
            Thread relay = Thread.ofVirtual().start(() -> copy(p.getErrorStream()));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals(READY)) {
                    return 0;
                }
            }
            int status = p.waitFor();
            relay.join();
            return status;
        } catch (IOException | InterruptedException e) {
            System.err.println("Error: could not daemonize: " + e.getMessage());
            return 2;
        }
    }

    private static void copy(InputStream in) {
        try {
            in.transferTo(System.err);
        } catch (IOException e) {
            // the daemon closed its end
        }
    }

    /** In the daemon: start-up is complete; release the waiting parent and drop the terminal. */
    static void ready() {
        if (isDaemonChild()) {
            System.out.println(READY);
            System.out.flush();
            System.out.close();
            System.err.close();
        }
    }
}
