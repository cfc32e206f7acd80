package supervisor.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import supervisor.testing.RawConnection;

/**
 * A bare XML-RPC call over the unix socket, in Java, for the harness's own waiting (is the daemon
 * answering, has a process reached a state). It is cheap enough to poll with, unlike starting a
 * Python client, and it is never what a test asserts compatibility with.
 */
public final class Probe {

    private static final Pattern PID = Pattern.compile("<name>pid</name>\\s*<value>\\s*<int>(\\d+)</int>");
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
            head.append("Authorization: ").append(RawConnection.basic(conf.username(), conf.password())).append("\r\n");
        }
        head.append("\r\n");
        try (RawConnection c = RawConnection.unix(conf.socket())) {
            RawConnection.Reply reply = c.send(head.toString()).send(body).readToClose(RawConnection.TIMEOUT);
            return new Reply(reply.status(), reply.text());
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

    /** The pid of one process (0 when not running), or -1 when it cannot be read. */
    public long pid(String namespec) {
        try {
            Reply r = call("supervisor.getProcessInfo", namespec);
            Matcher m = PID.matcher(r.body());
            return r.status() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
