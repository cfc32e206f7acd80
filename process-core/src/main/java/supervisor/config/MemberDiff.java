package supervisor.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What differs, member by member, between the processes a group runs and the group's fresh
 * config: the heart of {@code update_scope=process} (beyond.md). A member whose own config is
 * equal in both is kept; one whose config changed both leaves (its process is stopped and
 * dropped) and joins (a process is made from the fresh config); one only in the running group
 * leaves, one only in the fresh config joins. Group-level keys (priority) change no member.
 *
 * @param leaving the running members to stop and drop, in the running group's order
 * @param joining the fresh members to add, in the fresh config's order
 * @param kept    the running members left alone
 */
public record MemberDiff(List<String> leaving, List<String> joining, List<String> kept) {

    /**
     * @param running the configs of the processes the group runs now (its members may already
     *                have been partly replaced by an update under way: those equal fresh's are kept)
     * @param fresh   the group as the configuration now describes it
     */
    public static MemberDiff of(List<ProcessConfig> running, GroupConfig fresh) {
        Map<String, ProcessConfig> wanted = new LinkedHashMap<>();
        fresh.processes().forEach(pc -> wanted.put(pc.name(), pc));
        Map<String, ProcessConfig> have = new LinkedHashMap<>();
        running.forEach(pc -> have.put(pc.name(), pc));
        List<String> leaving = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (ProcessConfig pc : running) {
            (pc.equals(wanted.get(pc.name())) ? kept : leaving).add(pc.name());
        }
        List<String> joining = new ArrayList<>();
        for (ProcessConfig pc : fresh.processes()) {
            if (!pc.equals(have.get(pc.name()))) {
                joining.add(pc.name());
            }
        }
        return new MemberDiff(List.copyOf(leaving), List.copyOf(joining), List.copyOf(kept));
    }

    /**
     * True when the group can be updated member by member at all: its kind and the settings its
     * members share (an fcgi socket) are the same. An event listener pool is always replaced
     * whole, as its members are bound to the pool's buffer and subscriptions.
     */
    public static boolean memberwise(GroupConfig running, GroupConfig fresh) {
        return running.kind() == fresh.kind() && running.kind() != GroupConfig.Kind.EVENT_LISTENER
                && Objects.equals(running.fcgi(), fresh.fcgi());
    }

    /** The members whose config changed: they leave and join again under the same name. */
    public List<String> changed() {
        return leaving.stream().filter(joining::contains).toList();
    }
}
