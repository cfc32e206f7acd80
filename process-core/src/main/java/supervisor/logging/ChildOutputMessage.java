package supervisor.logging;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import supervisor.python.PyBytes;
import supervisor.python.PyStr;

/**
 * The activity-log text for a chunk of child output, which supervisord writes at DEBG when its
 * loglevel is debug or lower: {@code 'name' stdout output:} and the data on the next line, or
 * {@code Undecodable: b'...'} when the chunk is not valid UTF-8 (a multi-byte character cut by
 * a read is enough). Callers check {@code log.enabled(LogLevel.DEBUG)} first to skip the work.
 */
public final class ChildOutputMessage {

    private ChildOutputMessage() {
    }

    /**
     * @param processName the process name (shown with Python's repr)
     * @param channel     {@code stdout} or {@code stderr}
     * @param data        the chunk, after strip_ansi
     */
    public static String format(String processName, String channel, byte[] data, int off, int len) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            text = "Undecodable: " + PyBytes.repr(data, off, len);
        }
        return PyStr.repr(processName) + " " + channel + " output:\n" + text;
    }

    public static String format(String processName, String channel, byte[] data) {
        return format(processName, channel, data, 0, data.length);
    }
}
