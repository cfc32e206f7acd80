package supervisor.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import supervisor.config.GroupConfig;
import supervisor.config.ProcessConfig;
import supervisor.events.EventListenerPool;
import supervisor.events.EventType;

/**
 * An active process group: the processes of one {@code [program:x]}, {@code [group:x]},
 * {@code [eventlistener:x]} or {@code [fcgi-program:x]}. Its members and config change only
 * by a member-by-member update ({@link MemberUpdates}); both are published as a whole, so other
 * threads read a consistent group.
 */
public final class ProcessGroup {
    private final ProcessContext context;
    private volatile GroupConfig config;
    /** Replaced, never changed in place, so readers on other threads need no lock. */
    private volatile Map<String, Subprocess> processes;
    /** The event side of an [eventlistener:x] group; null for other kinds. */
    private final EventListenerPool pool;
    /** The shared listening socket of an [fcgi-program:x] group; null for other kinds. */
    private final FcgiSocket socket;

    /**
     * @throws FcgiSocket.CreateFailure when an fcgi group's socket cannot be made: like supervisord,
     *         the socket is created (and closed again) right away, so a bad one fails the group early
     */
    ProcessGroup(ProcessContext context, GroupConfig config) {
        this.context = context;
        this.config = config;
        if (config.kind() == GroupConfig.Kind.FCGI && config.fcgi() != null) {
            socket = new FcgiSocket(config.fcgi(), context.log());
            socket.acquire();
            socket.release();
        } else {
            socket = null;
        }
        this.pool = config.kind() == GroupConfig.Kind.EVENT_LISTENER && config.listener() != null
                ? new EventListenerPool(config.name(),
                        config.listener().events().stream().map(EventType::named).toList(),
                        config.listener().bufferSize(), context.log(), context.loop()::execute,
                        () -> context.config().get().supervisord().identifier(), context.events().serials())
                : null;
        Map<String, Subprocess> members = new LinkedHashMap<>();
        for (ProcessConfig pc : config.processes()) {
            Subprocess p = new Subprocess(context, this, pc);
            members.put(pc.name(), p);
            if (pool != null) {
                p.joinPool(pool);
            }
        }
        this.processes = Collections.unmodifiableMap(members);
    }

    // --- a member-by-member update (update_scope=process) ---------------------------------

    /** A stopped member leaves the group; its AUTO logs go, as they go with a removed group. */
    void drop(Subprocess member) {
        Map<String, Subprocess> members = new LinkedHashMap<>(processes);
        members.remove(member.name(), member);
        processes = Collections.unmodifiableMap(members);
        member.logs().removeAutoLogs();
    }

    /**
     * The group takes its fresh config: a process is made for each member of it the group lacks,
     * and the members are ordered as the fresh config orders them. Returns the processes made.
     */
    List<Subprocess> reconfigure(GroupConfig fresh) {
        Map<String, Subprocess> members = new LinkedHashMap<>();
        List<Subprocess> made = new ArrayList<>();
        for (ProcessConfig pc : fresh.processes()) {
            Subprocess p = processes.get(pc.name());
            if (p == null) {
                p = new Subprocess(context, this, pc);
                made.add(p);
            }
            members.put(pc.name(), p);
        }
        // members the fresh config no longer has stay until they are dropped
        processes.forEach(members::putIfAbsent);
        config = fresh;
        processes = Collections.unmodifiableMap(members);
        return made;
    }

    /** A stopped member gives way to a process made from its fresh config, in the same place. */
    Subprocess replace(Subprocess stopped, ProcessConfig fresh) {
        Map<String, Subprocess> members = new LinkedHashMap<>();
        Subprocess made = new Subprocess(context, this, fresh);
        processes.forEach((name, p) -> members.put(name, p == stopped ? made : p));
        processes = Collections.unmodifiableMap(members);
        stopped.logs().removeAutoLogs();
        return made;
    }

    /** The listener pool of an [eventlistener:x] group, else null. */
    public EventListenerPool pool() {
        return pool;
    }

    /** The listening socket of an [fcgi-program:x] group, else null. */
    public FcgiSocket socket() {
        return socket;
    }

    /** The group is going away: its socket, if any, is closed whoever still holds it. */
    void close() {
        if (socket != null) {
            socket.discard();
        }
    }

    /** Deletes the members' AUTO log files (the group goes away, or the daemon exits). */
    void removeAutoLogs() {
        processes.values().forEach(p -> p.logs().removeAutoLogs());
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
}
