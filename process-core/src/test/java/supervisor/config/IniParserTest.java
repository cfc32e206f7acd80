package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import supervisor.testing.Json;
import supervisor.testing.ReferencePython;

/** Our ini reader against supervisor's own UnhosedConfigParser, file by file. */
class IniParserTest {
    private static final String DUMP = """
            import sys, json
            from supervisor.options import UnhosedConfigParser
            for path in sys.stdin.read().split('\\n'):
                if not path:
                    continue
                p = UnhosedConfigParser()
                try:
                    with open(path, encoding='utf-8') as f:
                        p.read_file(f)
                    out = {'defaults': dict(p._defaults),
                           'sections': {s: dict(p._sections[s]) for s in p.sections()},
                           'items': {s: dict(p.items(s)) for s in p.sections()}}
                except Exception as e:
                    out = {'error': str(e)}
                print(json.dumps(out))
            """;

    private static Path dir;

    @BeforeAll
    static void locate() throws Exception {
        ReferencePython.assumeAvailable();
        dir = Path.of(IniParserTest.class.getResource("/config/ini/comments.ini").toURI()).getParent();
    }

    private static String ours(Path file) throws Exception {
        IniParser p = new IniParser();
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            p.read(Files.readString(file), file.toString(), false);
        } catch (ConfigException e) {
            out.put("error", e.getMessage());
            return Json.write(out);
        }
        out.put("defaults", p.defaults());
        Map<String, Object> sections = new LinkedHashMap<>();
        Map<String, Object> items = new LinkedHashMap<>();
        for (String s : p.sections()) {
            Map<String, String> own = p.ownItems(s);
            sections.put(s, own);
            items.put(s, p.items(s));
        }
        out.put("sections", sections);
        out.put("items", items);
        return Json.write(out);
    }

    @Test
    void everyFileReadsAsPythonReadsIt() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".ini")).sorted().toList();
        }
        StringBuilder input = new StringBuilder();
        files.forEach(f -> input.append(f).append('\n'));
        String[] expected = ReferencePython.run(DUMP, input.toString()).split("\n");
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String actual = ours(files.get(i));
            if (!actual.equals(expected[i])) {
                mismatches.add(files.get(i).getFileName() + "\n  python: " + expected[i] + "\n  ours:   " + actual);
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(9, files.size(), "all tricky files were compared");
    }

    @Test
    void inlineCommentNeedsWhitespaceBeforeIt() throws Exception {
        IniParser p = new IniParser();
        p.read("[s]\na = x ; c\nb = x;y\n", "t", false);
        assertEquals("x", p.get("s", "a"));
        assertEquals("x;y", p.get("s", "b"));
    }

    @Test
    void lineBeforeAnySectionIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new IniParser().read("k = v\n", "f.conf", false));
        assertEquals("File contains no section headers.\nfile: 'f.conf', line: 1\n'k = v\\n'", e.getMessage());
    }
}
