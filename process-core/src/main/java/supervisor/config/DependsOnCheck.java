package supervisor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import supervisor.depends.DependencyGraph;
import supervisor.python.PyStr;

/**
 * {@code depends_on} across the whole config, once every section is read: a name that means no
 * process, or edges that make a cycle, fail the load as any bad value does, in supervisord's
 * format, naming the section of the process whose {@code depends_on} is at fault. Run after
 * supervisord's own checks, so that a file with both kinds of errors reports supervisord's first.
 */
final class DependsOnCheck {
    private final ParseState st;

    DependsOnCheck(ParseState st) {
        this.st = st;
    }

    /** A process of the config with the group it is in. */
    private record Member(GroupConfig group, ProcessConfig process) {
    }

    void check(List<GroupConfig> groups) throws ConfigException {
        List<Member> members = new ArrayList<>();
        for (GroupConfig g : groups) {
            g.processes().forEach(p -> members.add(new Member(g, p)));
        }
        DependencyGraph<Member> graph = DependencyGraph.of(members, m -> m.group().name(), m -> m.process().name(),
                m -> m.process().dependsOn());
        if (graph.isEmpty()) {
            return;
        }
        for (Member m : members) {
            if (!graph.unknown(m).isEmpty()) {
                throw error(m, "depends_on names unknown process or group " + graph.unknown(m).getFirst());
            }
        }
        List<Member> cycle = graph.cycle();
        if (!cycle.isEmpty()) {
            throw error(cycle.getFirst(), "depends_on makes a cycle: "
                    + cycle.stream().map(graph::namespec).collect(Collectors.joining(" -> ")));
        }
    }

    private ConfigException error(Member m, String what) {
        String section = m.process().section();
        String file = st.parser.fileOf(section);
        return new ConfigException(what + " in section " + PyStr.repr(section) + " (file: "
                + PyStr.repr(file == null ? st.configFile : file) + ")");
    }
}
