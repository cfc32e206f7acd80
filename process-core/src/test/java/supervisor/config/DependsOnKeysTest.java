package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The opt-in key {@code depends_on} (beyond.md): comma-separated names kept as written, absent
 * means none; a name that means no process and edges that make a cycle fail the load in
 * supervisord's format, naming {@code depends_on} and the section at fault.
 */
class DependsOnKeysTest {
    private static final String BASE = ConfigText.SUPERVISORD;
    private static final String WHERE_A = " in section 'program:a' (file: 'test.conf')";

    private static Config load(String sections) throws Exception {
        return ConfigText.load(BASE + sections + "\n");
    }

    private static String error(String sections) throws Exception {
        return ConfigText.error(BASE + sections + "\n");
    }

    private static String program(String name, String dependsOn) {
        return "[program:" + name + "]\ncommand=/bin/true\n" + (dependsOn == null ? "" : "depends_on=" + dependsOn + "\n");
    }

    private static List<String> dependsOn(Config c, String group) {
        return c.groups().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow()
                .processes().getFirst().dependsOn();
    }

    @Test
    void namesAreKeptAsWrittenAndAbsentMeansNone() throws Exception {
        Config c = load(program("a", " b , g:* ,g:y,w") + program("b", null) + program("w", "")
                + "[group:g]\nprograms=y\n" + program("y", null)
                + "[program:w2]\ncommand=/bin/true\nnumprocs=2\nprocess_name=w2_%(process_num)s\n"
                + "depends_on=b\n");
        assertEquals(List.of("b", "g:*", "g:y", "w"), dependsOn(c, "a"));
        assertEquals(List.of(), dependsOn(c, "b"));
        assertEquals(List.of(), dependsOn(c, "w"));
    }

    @Test
    void aBareNameMayMeanAWholeGroup() throws Exception {
        // w has two processes, w_0 and w_1, and none called w: depends_on=w means both
        assertEquals("(accepted)", error(program("a", "w") + "[program:w]\ncommand=/bin/true\nnumprocs=2\n"
                + "process_name=w_%(process_num)s\n"));
        assertEquals("(accepted)", error(program("a", "g") + "[group:g]\nprograms=y\n" + program("y", null)));
    }

    @Test
    void unknownNamesFailTheLoad() throws Exception {
        assertEquals("depends_on names unknown process or group nope" + WHERE_A, error(program("a", "b,nope")
                + program("b", null)));
        assertEquals("depends_on names unknown process or group b:x" + WHERE_A, error(program("a", "b:x")
                + program("b", null)));
        assertEquals("depends_on names unknown process or group g:*" + WHERE_A, error(program("a", "g:*")));
        // a program in a [group:x] is known by its group's name
        assertEquals("depends_on names unknown process or group y" + WHERE_A, error(program("a", "y")
                + "[group:g]\nprograms=y\n" + program("y", null)));
    }

    @Test
    void cyclesFailTheLoad() throws Exception {
        assertEquals("depends_on makes a cycle: a -> b -> c -> a" + WHERE_A,
                error(program("a", "b") + program("b", "c") + program("c", "a")));
        assertEquals("depends_on makes a cycle: a -> a" + WHERE_A, error(program("a", "a")));
        assertEquals("depends_on makes a cycle: g:a -> g:a in section 'program:a' (file: 'test.conf')",
                error("[group:g]\nprograms=a,b\n" + program("a", "g:*") + program("b", null)));
    }

    @Test
    void anEmptyNameIsABadValue() throws Exception {
        assertEquals("invalid depends_on value 'b,,c': empty name" + WHERE_A, error(program("a", "b,,c")));
    }

    @Test
    void eventListenersTakeItToo() throws Exception {
        assertEquals("depends_on names unknown process or group x in section 'eventlistener:l' (file: 'test.conf')",
                error("[eventlistener:l]\ncommand=/bin/true\nevents=TICK_5\ndepends_on=x\n"));
        assertEquals("(accepted)", error("[eventlistener:l]\ncommand=/bin/true\nevents=TICK_5\ndepends_on=b\n"
                + program("b", null)));
    }

    @Test
    void supervisordsOwnErrorsComeFirst() throws Exception {
        assertEquals("invalid literal for int() with base 10: 'x'" + WHERE_A,
                error("[program:a]\ncommand=/bin/true\nstartsecs=x\ndepends_on=nope\n"));
    }
}
