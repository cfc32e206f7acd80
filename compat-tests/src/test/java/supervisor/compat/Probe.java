package supervisor.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare XML-RPC call over the unix socket, in Java, for the harness's own waiting (is the daemon
 * answering, has a process reached a state). It is cheap enough to poll with, unlike starting a
 * Python client, and it is never what a test asserts compatibility with.
 */
public final class Probe {

    private static final Pattern STATENAME =
            Pattern.compile("<name>statename</name>\\s*<value>\\s*(?:<string>)?([A-Z]+)");

    private final SupervisorConf conf;

    public Probe(SupervisorConf conf) {
        this.conf = conf;
    }

    public record Reply(int status, String body) {
    }

    /** One call with string parameters; IOException when nothing answers on the socket. */
    public Reply call(String method, String... params) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (String p : params) {
            xml.append("<param><value><string>").append(p).append("</string></value></param>");
        }
        byte[] body = xml.append("</params></methodCall>").toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST /RPC2 HTTP/1.0\r\nHost: localhost\r\nContent-Type: text/xml\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (conf.username() != null) {
            String token = conf.username() + ":" + conf.password();
            head.append("Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        head.append("\r\n");
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(conf.socket()));
            ch.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
            ch.write(ByteBuffer.wrap(body));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String response = out.toString(StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/")) {
                throw new IOException("not an HTTP response: " + response);
            }
            int status = Integer.parseInt(response.substring(9, 12));
            int split = response.indexOf("\r\n\r\n");
            return new Reply(status, split < 0 ? "" : response.substring(split + 4));
        }
    }

    /** True when the daemon answers HTTP on its unix socket (any status: 401 is an answer too). */
    public boolean answers() {
        try {
            call("supervisor.getState");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The statename of one process, or null when it cannot be read. */
    public String statename(String namespec) {
        try {
            Reply r = call("supervisor.getProcessInfo", namespec);
            Matcher m = STATENAME.matcher(r.body());
            return r.status() == 200 && m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
