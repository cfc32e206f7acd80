package supervisor.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * HTTP Basic authentication for one server section, judged the way supervisord judges it:
 * the user name must match exactly; a password configured as {@code {SHA}<hex>} is compared
 * with the SHA-1 of the supplied password, any other password literally.
 */
final class BasicAuth {

    /** What the request gets: through, 401, or the 400/500 supervisord gives malformed credentials. */
    enum Verdict { ALLOWED, UNAUTHORIZED, BAD_REQUEST, SERVER_ERROR }

    private static final String SHA_PREFIX = "{SHA}";

    private final String username;
    private final String password;

    BasicAuth(String username, String password) {
        this.username = username;
        this.password = password == null ? "" : password;
    }

    /** @param authorization the first {@code Authorization} header value, or null */
    Verdict check(String authorization) {
        if (authorization == null)
            return Verdict.UNAUTHORIZED;
        int space = authorization.indexOf(' ');
        if (space <= 0)
            return Verdict.UNAUTHORIZED;
        if (!authorization.substring(0, space).equalsIgnoreCase("basic"))
            return Verdict.UNAUTHORIZED;
        String decoded = decodeLeniently(authorization.substring(space + 1));
        if (decoded == null)
            return Verdict.BAD_REQUEST;
        int colon = decoded.indexOf(':');
        if (colon < 0)
            // supervisord fails with an internal error on credentials without a colon
            return Verdict.SERVER_ERROR;
        String user = decoded.substring(0, colon);
        String pass = decoded.substring(colon + 1);
        return user.equals(username) && passwordMatches(pass) ? Verdict.ALLOWED : Verdict.UNAUTHORIZED;
    }

    private boolean passwordMatches(String supplied) {
        byte[] expected;
        byte[] actual;
        if (password.startsWith(SHA_PREFIX)) {
            expected = password.substring(SHA_PREFIX.length()).getBytes(StandardCharsets.UTF_8);
            actual = HexFormat.of().formatHex(sha1(supplied.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            expected = password.getBytes(StandardCharsets.UTF_8);
            actual = supplied.getBytes(StandardCharsets.UTF_8);
        }
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * Base64 read as Python's lenient decoder reads it: characters outside the alphabet are
     * skipped, a complete padding sequence ends the data, stray {@code =} are ignored. An
     * unfinished group or bytes that are not UTF-8 give null (supervisord answers 400).
     */
    static String decodeLeniently(String data) {
        ByteBuffer out = ByteBuffer.allocate(data.length());
        int quadPos = 0;
        int pads = 0;
        int left = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '=') {
                if (quadPos >= 2 && quadPos + ++pads >= 4) {
                    quadPos = 0;
                    break;
                }
                continue;
            }
            int sextet = sextet(c);
            if (sextet < 0)
                continue;
            pads = 0;
            switch (quadPos) {
                case 0 -> left = sextet;
                case 1 -> {
                    out.put((byte) ((left << 2) | (sextet >> 4)));
                    left = sextet & 0x0f;
                }
                case 2 -> {
                    out.put((byte) ((left << 4) | (sextet >> 2)));
                    left = sextet & 0x03;
                }
                default -> out.put((byte) ((left << 6) | sextet));
            }
            quadPos = (quadPos + 1) % 4;
        }
        if (quadPos != 0)
            return null;
        out.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(out).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    }
}
