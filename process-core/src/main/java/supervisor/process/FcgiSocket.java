package supervisor.process;

import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

import supervisor.config.GroupConfig.FcgiSettings;
import supervisor.logging.ActivityLog;
import supervisor.posix.ListenSocket;

/**
 * The listening socket of one {@code [fcgi-program:x]} group, which each of its processes gets as
 * fd 0 (supervisord's socket manager). It is reference-counted by running process: the first
 * {@link #acquire} creates, binds and listens, the {@link #release} of the last one closes it, so
 * a group with no process running holds no socket and the next start makes a fresh one (a unix
 * socket's file is then replaced). Like supervisord, closing never removes a unix socket's file.
 *
 * <p>Confined to the supervisor's loop thread, as are the spawns that use the fd.
 */
public final class FcgiSocket {
    private final FcgiSettings settings;
    private final ActivityLog log;
    private int fd = -1;
    private int references;

    /** The socket could not be made; the message is supervisord's whole sentence. */
    public static final class CreateFailure extends RuntimeException {
        CreateFailure(String url, String why) {
            super("Could not create FastCGI socket " + url + ": " + why);
        }
    }

    public FcgiSocket(FcgiSettings settings, ActivityLog log) {
        this.settings = settings;
        this.log = log;
    }

    public String url() {
        return settings.socket();
    }

    /** True while some process holds the socket (it is then bound and listening). */
    public boolean isOpen() {
        return fd >= 0;
    }

    /** How many processes hold the socket. */
    public int references() {
        return references;
    }

    /** Takes a reference, creating the socket if nobody held it; returns its fd. */
    int acquire() {
        if (references == 0) {
            open();
        }
        references++;
        return fd;
    }

    /** Drops a reference; the last one closes the socket. A no-op once {@link #discard}ed. */
    void release() {
        if (references == 0) {
            return;
        }
        references--;
        if (references == 0) {
            close();
        }
    }

    /** Closes the socket whatever its count: the group is going away. */
    void discard() {
        references = 0;
        close();
    }

    private void close() {
        if (fd >= 0) {
            log.info("Closing socket " + url());
            ListenSocket.close(fd);
            fd = -1;
        }
    }

    private void open() {
        log.info("Creating socket " + url());
        try {
            int made = url().startsWith("unix://") ? bindUnix(url().substring("unix://".length())) : bindTcp();
            try {
                ListenSocket.listen(made, settings.backlog() > 0 ? settings.backlog() : ListenSocket.SOMAXCONN);
            } catch (ListenSocket.Failure e) {
                ListenSocket.close(made);
                throw e;
            }
            fd = made;
        } catch (ListenSocket.Failure e) {
            throw new CreateFailure(url(), e.getMessage());
        }
    }

    /**
     * A stale file is replaced; a failed chown/chmod leaves no file behind and names the step,
     * as with supervisord.
     */
    private int bindUnix(String path) throws ListenSocket.Failure {
        if (Files.exists(Path.of(path))) {
            ListenSocket.unlink(path);
        }
        int made = ListenSocket.bindUnix(path);
        String step = null;
        try {
            if (settings.socketOwner() != null) {
                step = "Could not change ownership of socket file: ";
                String[] ids = settings.socketOwner().split(":", 2);
                ListenSocket.chown(path, Integer.parseInt(ids[0]), ids.length > 1 ? Integer.parseInt(ids[1]) : -1);
            }
            if (settings.socketMode() != null) {
                step = "Could not change permissions of socket file: ";
                ListenSocket.chmod(path, settings.socketMode());
            }
            return made;
        } catch (ListenSocket.Failure e) {
            ListenSocket.close(made);
            if (Files.exists(Path.of(path))) {
                ListenSocket.unlink(path);
            }
            throw new CreateFailure(url(), step + e.getMessage());
        }
    }

    private int bindTcp() throws ListenSocket.Failure {
        String hostPort = url().substring("tcp://".length());
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        return ListenSocket.bindTcp(ipv4(host), port);
    }

    /** The first IPv4 address of the host, as an AF_INET bind resolves it. */
    private Inet4Address ipv4(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a instanceof Inet4Address v4) {
                    return v4;
                }
            }
        } catch (UnknownHostException e) {
            // reported below, as getaddrinfo's EAI_NONAME
        }
        throw new CreateFailure(url(), "[Errno -2] Name or service not known");
    }
}
