package supervisor.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAppendsTest {
    @TempDir
    Path dir;

    @Test
    void everyChangeOfTheFileIsToldToItsWatchersUntilTheyLeave() throws Exception {
        Path file = dir.resolve("x.log");
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        // the watcher names the file another way than the writer: the same file all the same
        Runnable unwatch = LogAppends.watch(dir.resolve("sub/../x.log"), seen::incrementAndGet);
        Runnable unwatchOther = LogAppends.watch(dir.resolve("y.log"), other::incrementAndGet);
        try (RotatingFileWriter w = new RotatingFileWriter(file, 10, 1)) {
            w.write("0123456789 rotates\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(1, seen.get(), "a write, and the rotation it caused, are one change");
            w.reopen();
            w.clear();
            assertEquals(3, seen.get());
            unwatch.run();
            w.write("unseen\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(3, seen.get());
        } finally {
            unwatchOther.run();
        }
        assertEquals(0, other.get(), "another file's watcher hears nothing");
    }
}
