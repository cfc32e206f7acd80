package supervisor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** The sockets tests open by hand: a free port, and the plain client side of a unix or TCP socket. */
public final class Sockets {

    private Sockets() {
    }

    /** A loopback TCP port free right now (for a server the test is about to configure). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and reads everything the other side sends until it closes, as UTF-8. */
    public static String answer(SocketAddress address) {
        try (SocketChannel ch = SocketChannel.open(family(address))) {
            ch.connect(address);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return all.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + address, e);
        }
    }

    /** True when something listens there (the connection is queued even if nobody accepts it). */
    public static boolean listening(SocketAddress address) {
        try (SocketChannel ch = SocketChannel.open(family(address))) {
            ch.connect(address);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StandardProtocolFamily family(SocketAddress address) {
        return address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET;
    }
}
