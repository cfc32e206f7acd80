package supervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Finding this daemon's cgroup v2 directory from mountinfo and /proc/self/cgroup. */
class CgroupTest {
    private static final String HYBRID = """
            25 30 0:23 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            42 25 0:39 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            """;

    @Test
    void hybridMachineUsesTheUnifiedMount() {
        assertEquals(Path.of("/sys/fs/cgroup/unified/system.slice/x.service"), Cgroup.ownDirectory(HYBRID,
                "4:memory:/system.slice/x.service\n0::/system.slice/x.service\n"));
        assertEquals(Path.of("/sys/fs/cgroup/unified"), Cgroup.ownDirectory(HYBRID, "1:cpu:/\n0::/\n"));
    }

    @Test
    void aReadOnlyMountOrNoV2IsNoPlace() {
        String container = "700 650 0:40 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw\n";
        assertNull(Cgroup.ownDirectory(container, "0::/\n"));
        assertNull(Cgroup.ownDirectory(HYBRID, "4:memory:/x\n"), "no 0:: line: cgroup v1 only");
        assertNull(Cgroup.ownDirectory("42 25 0:39 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n", "0::/\n"));
    }

    @Test
    void aMountOfASubtreeAndEscapedBlanks() {
        String info = "90 80 0:41 /docker/abc /sys/fs/cgroup\\040v2 rw,relatime - cgroup2 cgroup2 rw\n";
        assertEquals(Path.of("/sys/fs/cgroup v2/init"), Cgroup.ownDirectory(info, "0::/docker/abc/init\n"));
        assertEquals(Path.of("/sys/fs/cgroup v2"), Cgroup.ownDirectory(info, "0::/docker/abc\n"));
        assertNull(Cgroup.ownDirectory(info, "0::/elsewhere\n"), "a mount that does not show our cgroup");
    }

    @Test
    void programNamesBecomeSafeDirectoryNames() {
        assertEquals("program-web:web_1", Cgroup.nameOf("web:web_1"));
        assertEquals("program-a%2Fb%20c", Cgroup.nameOf("a/b c"));
    }
}
