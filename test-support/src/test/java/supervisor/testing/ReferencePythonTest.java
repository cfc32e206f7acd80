package supervisor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReferencePythonTest {

    @Test
    void textGoesInAndComesOutAsUtf8() {
        assertEquals("É€😀|a b\n", ReferencePython.run("import sys; print(sys.stdin.read().upper() + '|' + ' '.join(sys.argv[1:]))",
                "é€😀", "a", "b"));
    }

    @Test
    void theSupervisorPackageIsImportable() {
        assertEquals("4.2.5", ReferencePython.run("from supervisor.options import VERSION; print(VERSION)", "").strip());
    }

    @Test
    void everyByteCrossesAsHex() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        List<String> lines = ReferencePython.runLines("""
                import sys
                for line in sys.stdin:
                    print(bytes(reversed(bytes.fromhex(line))).hex())
                """, List.of(all, new byte[0]));
        byte[] reversed = new byte[256];
        for (int i = 0; i < all.length; i++) {
            reversed[i] = all[255 - i];
        }
        assertEquals(List.of(ReferencePython.hex(reversed), ""), lines);
        assertEquals("é", ReferencePython.unhexUtf8(ReferencePython.hex("é")));
    }

    @Test
    void aFailureShowsStderr() {
        AssertionError e = assertThrows(AssertionError.class, () -> ReferencePython.run("raise SystemExit('no luck')", ""));
        assertTrue(e.getMessage().endsWith("failed (exit 1):\nno luck\n"), e.getMessage());
    }

    @Test
    void literalsAndExceptionTexts() {
        String weird = "it's \\ \u0000 é 😀";
        assertEquals(ReferencePython.hex(weird),
                ReferencePython.run("import sys; sys.stdout.write(" + ReferencePython.literal(weird) + ".encode().hex())", ""));
        assertEquals("division by zero", ReferencePython.exceptionText("x = 0\n1 / x"));
        assertEquals("", ReferencePython.exceptionText("pass"));
    }
}
