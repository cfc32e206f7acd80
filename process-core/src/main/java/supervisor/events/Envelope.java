package supervisor.events;

import java.nio.charset.StandardCharsets;

/**
 * The text written to a listener's stdin for one event: a header line, then the payload with no
 * terminator. {@code len} counts the payload's characters (code points), not its bytes, as
 * supervisord does; Python listeners read that many characters from their text stdin.
 */
public final class Envelope {
    private Envelope() {
    }

    public static String format(String identifier, Event event, String pool, long poolSerial) {
        String payload = event.payload();
        return "ver:3.0 server:" + identifier + " serial:" + event.serial() + " pool:" + pool
                + " poolserial:" + poolSerial + " eventname:" + event.type().name()
                + " len:" + payload.codePointCount(0, payload.length()) + "\n" + payload;
    }

    public static byte[] encode(String identifier, Event event, String pool, long poolSerial) {
        return format(identifier, event, pool, poolSerial).getBytes(StandardCharsets.UTF_8);
    }
}
