package supervisor.rpc;

import supervisor.rpc.XmlElements.XmlSyntaxException;

/**
 * What a document being read holds in memory, counted as it is built, and the most it may hold.
 *
 * <p>A body's own bytes and its decoded characters cost three bytes a byte whatever it holds;
 * what is built from them does not: a body of small elements ({@code <a/>} is four bytes, its
 * element two dozen) or short strings costs ten to twenty times its size. The reader counts what
 * it makes (elements, the lists that hold them, strings, namespace bindings, attributes) and what
 * it lets go (an element whose children a handler has replaced by a value), on the high side:
 * object sizes as a 64-bit JVM with compressed references lays them out, every string as if it
 * needed two bytes a character. A document is refused as soon as it passes its limit, not
 * once it is built.
 *
 * <p>A call's limit is {@link #BYTES_PER_BODY_BYTE} bytes for each byte of its body: what
 * clients send (strings, base64, arrays of structs, a multicall of thousands of calls) counts
 * two to four bytes a byte, so only bodies made to be expensive meet it. With the body and its
 * characters, a call being read then holds at most about nine times its size.
 */
final class Footprint {
    /** A call may build this many bytes for each byte of its body. */
    static final int BYTES_PER_BODY_BYTE = 6;
    /** Whatever its size, a call may build this much (tiny bodies of many elements stay legal). */
    static final long FLOOR = 64 * 1024;

    /** An element: header, tag, text and children references. */
    static final int ELEMENT = 24;
    /** Its reference in its parent's list, with the slack of a growing list. */
    static final int SLOT = 12;
    /** A list of children: the ArrayList and its first array. */
    static final int LIST = 48;
    /** A string's object and array headers, and the array's padding, before its characters. */
    static final int STRING = 48;
    /** A namespace binding's map entry and undo record, before its prefix and name. */
    static final int BINDING = 64;
    /** A struct's map, and each of its members' entries with their share of a growing table. */
    static final int MAP = 136;
    static final int MAP_ENTRY = 56;

    private final long limit;
    private long bytes;
    private long peak;

    private Footprint(long limit) {
        this.limit = limit;
    }

    /** The limit of a call whose body has {@code bodyBytes} bytes. */
    static Footprint ofCall(int bodyBytes) {
        return new Footprint(Math.max(FLOOR, (long) BYTES_PER_BODY_BYTE * bodyBytes));
    }

    /** No limit: a response is what our own server, or the one we chose to call, answered. */
    static Footprint unlimited() {
        return new Footprint(Long.MAX_VALUE);
    }

    /** A string of {@code length} characters. */
    static long string(int length) {
        return STRING + 2L * length;
    }

    /** A namespace binding of {@code prefix} to {@code uri}. */
    static long binding(String prefix, String uri) {
        return BINDING + string(prefix.length()) + string(uri.length());
    }

    void add(long n) throws Exceeded {
        bytes += n;
        if (bytes > peak) {
            peak = bytes;
            if (bytes > limit) {
                throw new Exceeded(limit);
            }
        }
    }

    void free(long n) {
        bytes -= n;
    }

    /** The most that was counted at any one time. */
    long peak() {
        return peak;
    }

    /** The document would hold more than its limit. */
    static final class Exceeded extends XmlSyntaxException {
        Exceeded(long limit) {
            super("the document would take more than " + limit + " bytes of memory");
        }
    }
}
