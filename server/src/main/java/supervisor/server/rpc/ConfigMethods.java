package supervisor.server.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import supervisor.config.Config;
import supervisor.config.ConfigException;
import supervisor.config.GroupConfig;
import supervisor.config.LogTarget;
import supervisor.config.ProcessConfig;
import supervisor.process.ProcessGroup;
import supervisor.process.Subprocess;
import supervisor.process.Supervisor;
import supervisor.rpc.Args;
import supervisor.rpc.FaultCode;
import supervisor.rpc.RpcFault;

/** The configuration: reloadConfig, addProcessGroup, removeProcessGroup and getAllConfigInfo. */
final class ConfigMethods {
    private final Supervisor supervisor;
    private final Lookup lookup;
    private final SupervisorNamespace.ConfigSource source;

    ConfigMethods(Supervisor supervisor, Lookup lookup, SupervisorNamespace.ConfigSource source) {
        this.supervisor = supervisor;
        this.lookup = lookup;
        this.source = source;
    }

    /** Re-reads the file; a config that does not load leaves everything as it was (CANT_REREAD). */
    Object reloadConfig(Args a) {
        Config fresh;
        try {
            fresh = source.load();
        } catch (ConfigException e) {
            throw new RpcFault(FaultCode.CANT_REREAD, e.getMessage());
        }
        return reload(fresh);
    }

    /**
     * Makes {@code fresh} the loaded config and reports [[added, changed, removed]] group names
     * against the active groups. Nothing is started or stopped.
     */
    private List<Object> reload(Config fresh) {
        List<Object> added = new ArrayList<>();
        List<Object> changed = new ArrayList<>();
        List<Object> removed = new ArrayList<>();
        Map<String, GroupConfig> wanted = new LinkedHashMap<>();
        for (GroupConfig gc : fresh.groups()) {
            wanted.put(gc.name(), gc);
            ProcessGroup active = supervisor.group(gc.name());
            if (active == null) {
                added.add(gc.name());
            } else if (!active.config().equals(gc)) {
                changed.add(gc.name());
            }
        }
        for (ProcessGroup g : supervisor.groups()) {
            if (!wanted.containsKey(g.name())) {
                removed.add(g.name());
            }
        }
        supervisor.setConfig(fresh);
        return List.of(List.of(added, changed, removed));
    }

    /**
     * Activates a group; under update_scope=process, after the group's removeProcessGroup of an
     * update, adds the members that changed or are new to the group still active.
     */
    Object addProcessGroup(Args a) {
        String name = a.string(0);
        GroupConfig gc = supervisor.config().groups().stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new RpcFault(FaultCode.BAD_NAME, name));
        if (supervisor.updates().awaitsAdd(name)) {
            supervisor.updates().addJoining(supervisor.group(name));
            return Boolean.TRUE;
        }
        if (supervisor.group(name) != null) {
            throw new RpcFault(FaultCode.ALREADY_ADDED, name);
        }
        supervisor.addGroup(gc);
        return Boolean.TRUE;
    }

    /**
     * Removes a stopped group; under update_scope=process, while an update of the group is
     * pending, drops only its leaving members, which alone must be stopped.
     */
    Object removeProcessGroup(Args a) {
        String name = a.string(0);
        ProcessGroup g = lookup.group(name);
        boolean memberwise = supervisor.updates().pending(g);
        for (Subprocess p : memberwise ? supervisor.updates().leaving(g) : g.processes()) {
            if (!p.state().isStopped()) {
                throw new RpcFault(FaultCode.STILL_RUNNING, name);
            }
        }
        if (memberwise) {
            supervisor.updates().removeLeaving(g);
        } else {
            supervisor.removeGroup(g);
        }
        return Boolean.TRUE;
    }

    /** One struct per process of the loaded config, sorted by process name. */
    Object allConfigInfo(Args a) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (GroupConfig gc : supervisor.config().groups()) {
            ProcessGroup active = supervisor.group(gc.name());
            for (ProcessConfig pc : gc.processes()) {
                Subprocess running = active == null ? null : active.process(pc.name());
                all.add(configInfo(gc, pc, active != null, running));
            }
        }
        all.sort(Comparator.comparing(m -> (String) m.get("name")));
        return new ArrayList<>(all);
    }

    private static Map<String, Object> configInfo(GroupConfig gc, ProcessConfig pc, boolean inuse, Subprocess p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("autostart", pc.autostart());
        d.put("directory", pc.directory() == null ? "none" : pc.directory());
        d.put("uid", pc.uid() == null ? "none" : pc.uid());
        d.put("command", pc.command());
        d.put("exitcodes", new ArrayList<Object>(pc.exitcodes()));
        d.put("group", gc.name());
        d.put("group_prio", gc.priority());
        d.put("inuse", inuse);
        d.put("killasgroup", pc.killasgroup());
        d.put("name", pc.name());
        d.put("process_prio", pc.priority());
        d.put("redirect_stderr", pc.redirectStderr());
        d.put("startretries", pc.startretries());
        d.put("startsecs", pc.startsecs());
        channel(d, "stdout", pc.stdout(), p == null ? null : p.logs().stdoutPath());
        d.put("stopsignal", pc.stopsignal());
        d.put("stopwaitsecs", pc.stopwaitsecs());
        // redirected, stderr has no file ("none") but keeps its configured numbers, as supervisord reports them
        channel(d, "stderr", pc.stderr(), p == null ? null : p.logs().stderrPath());
        d.put("serverurl", pc.serverurl() == null ? "none" : pc.serverurl());
        return d;
    }

    private static void channel(Map<String, Object> d, String ch, LogTarget t, java.nio.file.Path resolved) {
        d.put(ch + "_capture_maxbytes", (int) t.captureMaxBytes());
        d.put(ch + "_events_enabled", t.eventsEnabled());
        String file = switch (t.kind()) {
            case NONE -> "none";
            case FILE -> t.path();
            case AUTO -> resolved == null ? "auto" : resolved.toString();
        };
        d.put(ch + "_logfile", file);
        d.put(ch + "_logfile_backups", t.backups());
        d.put(ch + "_logfile_maxbytes", t.maxBytes() > Integer.MAX_VALUE ? t.maxBytes() : (int) t.maxBytes());
        d.put(ch + "_syslog", t.syslog());
    }

}
