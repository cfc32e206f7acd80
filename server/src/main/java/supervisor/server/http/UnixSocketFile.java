package supervisor.server.http;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The socket file of a {@code [unix_http_server]}, handled like supervisord handles it.
 *
 * <p>The listener is bound under a temporary name ({@code <file>.<pid>}), given its mode, and
 * only then hard-linked to the configured name: clients never see the socket with the
 * umask's permissions, and the link fails atomically when the name is taken. A taken name is
 * probed: if something accepts connections there, start-up fails; otherwise the file is stale
 * (left by a killed daemon) and is replaced. On stop the file is removed, but only if it is
 * still the one this server published.
 */
final class UnixSocketFile {
    static final String ADDRESS_IN_USE = "Another program is already listening on a port that one of our "
            + "HTTP servers is configured to use.  Shut this program down first before starting supervisord.";

    private final Path file;
    private final Path temporary;
    private Object publishedKey;

    UnixSocketFile(Path file) {
        this.file = file;
        this.temporary = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid());
    }

    Path file() {
        return file;
    }

    /** Where the listener binds before {@link #publish}; a leftover from an earlier run is removed. */
    Path bindPath() throws HttpServerException {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw cannotOpen(e);
        }
        return temporary;
    }

    /** Gives the bound socket its mode, its configured name, then its owner. */
    void publish(int mode, int uid, int gid) throws HttpServerException {
        try {
            Files.setAttribute(temporary, "unix:mode", mode);
            linkReplacingStale();
            publishedKey = key(file);
        } catch (IOException e) {
            throw cannotOpen(e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary name is only a convenience; the listener lives on under the real one
            }
        }
        chown(uid, gid);
    }

    private void linkReplacingStale() throws IOException, HttpServerException {
        try {
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException taken) {
            if (isListening(file))
                throw new HttpServerException(ADDRESS_IN_USE);
            System.err.print("Unlinking stale socket " + file + "\n");
            Files.deleteIfExists(file);
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException again) {
                // someone else bound it in between
                throw new HttpServerException(ADDRESS_IN_USE, again);
            }
        }
    }

    private void chown(int uid, int gid) throws HttpServerException {
        try {
            if (uid != -1)
                Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            if (gid != -1)
                Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            if ("Operation not permitted".equals(e.getReason()))
                throw new HttpServerException("Not permitted to chown " + file + " to uid/gid (" + uid + ", " + gid
                        + "); adjust \"sockchown\" value in config file or on command line to values that the "
                        + "current user (" + System.getProperty("user.name") + ") can successfully chown", e);
            throw cannotOpen(e);
        } catch (IOException e) {
            throw cannotOpen(e);
        }
    }

    /** Removes the socket file if it is still ours (a newer daemon may have replaced it). */
    void remove() {
        try {
            if (publishedKey != null && Objects.equals(publishedKey, key(file)))
                Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // already gone
        }
        publishedKey = null;
    }

    /** Something accepts connections on this path: a running supervisord or another program. */
    static boolean isListening(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static Object key(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    static HttpServerException cannotOpen(IOException e) {
        return new HttpServerException("Cannot open an HTTP server: socket.error reported " + e.getMessage(), e);
    }
}
