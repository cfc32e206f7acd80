package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ProcessTableTest {

    @Test
    void findsTheProcessesWithAVariableAndTheirParents() throws IOException {
        String mark = UUID.randomUUID().toString();
        ProcessBuilder marked = new ProcessBuilder("sleep", "60");
        marked.environment().put("TABLE_TEST", mark);
        ProcessBuilder other = new ProcessBuilder("sleep", "60");
        other.environment().put("TABLE_TEST", mark + "-not");
        Process a = marked.start();
        Process b = other.start();
        try {
            List<ProcessTable.Entry> found = ProcessTable.withEnvironment("TABLE_TEST", mark);
            assertEquals(1, found.size(), found.toString());
            assertEquals(a.pid(), found.getFirst().pid());
            assertEquals(ProcessHandle.current().pid(), found.getFirst().ppid());
            assertEquals(mark, found.getFirst().environment().get("TABLE_TEST"));
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
    }
}
