package supervisor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * User and group lookups against {@code /etc/passwd} and {@code /etc/group}, as Python's
 * {@code pwd}/{@code grp} modules answer them on a system without network directories.
 */
public final class UserDb {
    private static final Path PASSWD = Path.of("/etc/passwd");
    private static final Path GROUP = Path.of("/etc/group");

    private UserDb() {
    }

    /** One passwd entry. */
    public record User(String name, int uid, int gid, String home) {
    }

    public static User byName(String name) {
        for (String[] f : entries(PASSWD, 7)) {
            if (f[0].equals(name)) {
                return user(f);
            }
        }
        return null;
    }

    public static User byUid(long uid) {
        for (String[] f : entries(PASSWD, 7)) {
            if (f[2].equals(Long.toString(uid))) {
                return user(f);
            }
        }
        return null;
    }

    /** The gid of a group name, or null. */
    public static Integer gidByName(String name) {
        for (String[] f : entries(GROUP, 4)) {
            if (f[0].equals(name)) {
                return Integer.parseInt(f[2]);
            }
        }
        return null;
    }

    public static boolean gidExists(long gid) {
        for (String[] f : entries(GROUP, 4)) {
            if (f[2].equals(Long.toString(gid))) {
                return true;
            }
        }
        return false;
    }

    /**
     * supervisord's {@code name_to_uid}: a name, or a number that must be a known uid.
     *
     * @throws ConfigException {@code Invalid user name <v>} / {@code Invalid user id <v>}
     */
    public static int uidOf(String nameOrId) throws ConfigException {
        Long number = Datatypes.intOrNull(nameOrId, 10);
        if (number == null) {
            User u = byName(nameOrId);
            if (u == null) {
                throw new ConfigException("Invalid user name " + nameOrId);
            }
            return u.uid();
        }
        if (byUid(number) == null) {
            throw new ConfigException("Invalid user id " + nameOrId);
        }
        return (int) (long) number;
    }

    /** supervisord's {@code name_to_gid}. */
    public static int gidOf(String nameOrId) throws ConfigException {
        Long number = Datatypes.intOrNull(nameOrId, 10);
        if (number == null) {
            Integer gid = gidByName(nameOrId);
            if (gid == null) {
                throw new ConfigException("Invalid group name " + nameOrId);
            }
            return gid;
        }
        if (!gidExists(number)) {
            throw new ConfigException("Invalid group id " + nameOrId);
        }
        return (int) (long) number;
    }

    /** The primary gid of a uid (supervisord's {@code gid_for_uid}). */
    public static int gidForUid(int uid) {
        User u = byUid(uid);
        return u == null ? -1 : u.gid();
    }

    private static User user(String[] f) {
        return new User(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5]);
    }

    private static List<String[]> entries(Path file, int fields) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split(":", -1))
                    .filter(f -> f.length >= fields && isNumber(f[2]) && (fields < 7 || isNumber(f[3])))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
