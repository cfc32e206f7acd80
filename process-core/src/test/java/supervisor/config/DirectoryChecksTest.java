package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * existing_directory and existing_dirpath, which the config and the command line share:
 * {@code ~} is HOME as given, relative paths are taken from the given directory, and the
 * messages are supervisord's.
 */
class DirectoryChecksTest {
    @TempDir
    Path home;
    @TempDir
    Path cwd;

    @Test
    void tildeIsTheGivenHome() throws Exception {
        Files.createDirectory(home.resolve("logs"));
        String h = home.toString();
        assertEquals(h + "/logs", Datatypes.existingDirectory("~/logs", cwd, h));
        assertEquals(h + "/logs/x.log", Datatypes.existingDirpath("~/logs/x.log", cwd, h));
        assertEquals("~/nope is not an existing directory",
                assertThrows(ConfigException.class, () -> Datatypes.existingDirectory("~/nope", cwd, h)).getMessage());
        assertEquals("The directory named as part of the path ~/nope/x.log does not exist",
                assertThrows(ConfigException.class,
                        () -> Datatypes.existingDirpath("~/nope/x.log", cwd, h)).getMessage());
    }

    @Test
    void relativePathsAreTakenFromTheGivenDirectory() throws Exception {
        Files.createDirectory(cwd.resolve("run"));
        String h = home.toString();
        assertEquals("run", Datatypes.existingDirectory("run", cwd, h));
        assertEquals("run/x.pid", Datatypes.existingDirpath("run/x.pid", cwd, h));
        assertEquals("x.pid", Datatypes.existingDirpath("x.pid", cwd, h));
        // an empty path is no directory, and a trailing slash names the directory itself
        assertEquals(" is not an existing directory",
                assertThrows(ConfigException.class, () -> Datatypes.existingDirectory("", cwd, h)).getMessage());
        assertEquals("The directory named as part of the path x.pid/ does not exist",
                assertThrows(ConfigException.class, () -> Datatypes.existingDirpath("x.pid/", cwd, h)).getMessage());
    }
}
