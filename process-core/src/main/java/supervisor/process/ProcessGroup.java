package supervisor.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import supervisor.config.GroupConfig;
import supervisor.config.ProcessConfig;

/** An active process group: the processes of one {@code [program:x]} or {@code [group:x]}. */
public final class ProcessGroup {
    private final GroupConfig config;
    private final Map<String, Subprocess> processes = new LinkedHashMap<>();

    ProcessGroup(Supervisor supervisor, GroupConfig config) {
        this.config = config;
        for (ProcessConfig pc : config.processes()) {
            processes.put(pc.name(), new Subprocess(supervisor, this, pc));
        }
    }

    public String name() {
        return config.name();
    }

    public GroupConfig config() {
        return config;
    }

    public int priority() {
        return config.priority();
    }

    /** The processes in the group's own order (process_num, or the order of programs=). */
    public Collection<Subprocess> processes() {
        return processes.values();
    }

    /** The process of that name, or null. */
    public Subprocess process(String name) {
        return processes.get(name);
    }

    /** The processes ascending by priority, stable: the order of group-wide start and stop calls. */
    public List<Subprocess> byPriority() {
        List<Subprocess> list = new ArrayList<>(processes.values());
        list.sort(Comparator.comparingInt(p -> p.config().priority()));
        return list;
    }

    /** The members not in a stopped state. */
    public List<Subprocess> unstopped() {
        return processes.values().stream().filter(p -> !p.state().isStopped()).toList();
    }

    /**
     * Shutdown's stop of this group: highest priority first, RUNNING and STARTING members get
     * their stop signal, BACKOFF members give up (FATAL); the others are left alone.
     */
    void stopAll() {
        List<Subprocess> list = byPriority().reversed();
        for (Subprocess p : list) {
            switch (p.state()) {
                case RUNNING, STARTING -> p.stop();
                case BACKOFF -> p.giveUp();
                default -> { }
            }
        }
    }
}
