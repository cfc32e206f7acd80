package supervisor.server.rpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import supervisor.rpc.FaultCode;
import supervisor.rpc.RpcFault;

/**
 * supervisord's log slicing rules (readLog and tailProcessLog), on bytes. Slices are decoded
 * as UTF-8 with replacement where a slice cuts a character: supervisord answers HTTP 500
 * there, which only breaks the client's tail.
 *
 * <p>Offsets and sizes count the file's bytes, never the text: the answer carries stand-ins for
 * the control characters a child may write (the codec's XmlChars), three bytes of UTF-8 for a
 * NUL's one, and a client that tails by offset must land where the file says.
 */
final class LogFiles {
    private LogFiles() {
    }

    /**
     * readLog: negative offset with length 0 = the last |offset| bytes; offset >= 0 with length 0
     * = to the end; length > 0 = that many bytes. Other combinations are BAD_ARGUMENTS.
     */
    static String read(Path file, int offset, int length) {
        if (offset < 0 ? length != 0 : length < 0) {
            throw new RpcFault(FaultCode.BAD_ARGUMENTS);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long from;
            long count;
            if (offset < 0) {
                from = Math.max(0, size + offset);
                count = size - from;
            } else {
                from = Math.min(offset, size);
                count = length == 0 ? size - from : Math.min(length, size - from);
            }
            return decode(readAt(ch, from, count));
        } catch (IOException e) {
            throw new RpcFault(FaultCode.FAILED);
        }
    }

    /** tailProcessLog: [the last bytes up to length, the size (next offset), overflow]. */
    static List<Object> tail(Path file, int offset, int length) {
        if (file == null || !Files.exists(file)) {
            return List.of("", 0, false);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long sz = ch.size();
            long off = offset;
            long len = length;
            boolean overflow = false;
            if (sz > off + len) {
                overflow = true;
                off = sz - 1;
            }
            if (off + len > sz) {
                if (off > sz - 1) {
                    len = 0;
                }
                off = sz - len;
            }
            off = Math.max(0, off);
            len = Math.max(0, len);
            String data = len == 0 ? "" : decode(readAt(ch, off, len));
            return List.of(data, (int) Math.min(sz, Integer.MAX_VALUE), overflow);
        } catch (IOException e) {
            return List.of("", offset, false);
        }
    }

    /** Up to {@code count} bytes at {@code from}: no more than the file holds, as Python's f.read(count). */
    private static byte[] readAt(FileChannel ch, long from, long count) throws IOException {
        long available = Math.max(0, ch.size() - from);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Math.min(count, available), Integer.MAX_VALUE - 16));
        long pos = from;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return buf.flip().remaining() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.limit());
    }

    private static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
