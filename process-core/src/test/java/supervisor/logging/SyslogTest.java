package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SyslogTest {
    private final List<String> sent = new ArrayList<>();
    private final Syslog syslog = new Syslog(d -> sent.add(new String(d, StandardCharsets.UTF_8)), ZoneOffset.UTC);

    /** The header glibc's syslog(3) writes for Python's syslog.syslog(msg): user.info, the time, the ident. */
    @Test
    void aMessageGetsGlibcsHeader() {
        syslog.send("hello\n");
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).matches("<14>[A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} supervisord: hello\n"),
                sent.get(0));
    }

    /** supervisord's SyslogHandler: rstrip('\n'), then split('\n'), each line on its own. */
    @Test
    void linesAreSentOneByOneAsSupervisordSplitsThem() {
        syslog.sendLines("x ", "one\ntwo\n\nthree\n\n", "");
        syslog.sendLines("x ", "", "");
        syslog.sendLines("x ", "\n", "");
        syslog.sendLines("x ", "partial", "!");
        assertEquals(List.of("x one", "x two", "x ", "x three", "x ", "x ", "x partial!"),
                sent.stream().map(s -> s.substring(s.indexOf(": ") + 2)).toList());
    }

    /** The time as glibc's "%h %e %T": a day below 10 is padded with a space. */
    @Test
    void theTimeIsGlibcs() {
        assertEquals("<14>Dec  2 05:40:09 supervisord: m",
                Syslog.datagram(ZonedDateTime.of(2026, 12, 2, 5, 40, 9, 0, ZoneOffset.UTC), "m"));
        assertEquals("<14>Jan 12 23:00:00 supervisord: m",
                Syslog.datagram(ZonedDateTime.of(2027, 1, 12, 23, 0, 0, 0, ZoneOffset.UTC), "m"));
    }
}
