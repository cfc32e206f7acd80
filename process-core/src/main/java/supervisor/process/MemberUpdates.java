package supervisor.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.MemberDiff;
import supervisor.config.ProcessConfig;
import supervisor.events.Event;
import supervisor.intent.OperatorIntents;

/**
 * {@code update_scope=process} (beyond.md) riding supervisorctl's client-driven update.
 * supervisorctl's {@code update} is reloadConfig, then for each changed group
 * stopProcessGroup, removeProcessGroup and addProcessGroup. reloadConfig records each changed
 * group's fresh config here; until the group's addProcessGroup those three calls act on the
 * members the {@link MemberDiff} names: the stop stops the leaving members only (or rolls their
 * restart under restart_parallelism), the remove drops them, the add makes the joining ones.
 * The members left alone keep their process, pid and state. Loop thread only.
 */
public final class MemberUpdates {

    /** A changed group's fresh config, and whether its removeProcessGroup has come. */
    private static final class Pending {
        final GroupConfig fresh;
        boolean removed;

        Pending(GroupConfig fresh) {
            this.fresh = fresh;
        }
    }

    private final ProcessContext context;
    private final Waiters waiters;
    private final OperatorIntents intents;
    /** update_scope=process: without it nothing is ever recorded, and the calls are 4.2.5's. */
    private final boolean memberwise;
    private final Map<String, Pending> pending = new HashMap<>();

    MemberUpdates(ProcessContext context, Waiters waiters, OperatorIntents intents, boolean memberwise) {
        this.memberwise = memberwise;
        this.context = context;
        this.waiters = waiters;
        this.intents = intents;
    }

    /**
     * reloadConfig: forgets what an earlier one recorded and, under update_scope=process,
     * records each active group that changed and can be updated member by member.
     */
    void reread(Config fresh, Map<String, ProcessGroup> active) {
        pending.clear();
        if (!memberwise) {
            return;
        }
        for (GroupConfig gc : fresh.groups()) {
            ProcessGroup g = active.get(gc.name());
            if (g != null && !g.config().equals(gc) && MemberDiff.memberwise(g.config(), gc)) {
                pending.put(gc.name(), new Pending(gc));
            }
        }
    }

    /** True while the group's update acts on its changed members only. */
    public boolean pending(ProcessGroup g) {
        return pending.containsKey(g.name());
    }

    /** The members an update stops and drops: changed or gone from the config, by priority. */
    public List<Subprocess> leaving(ProcessGroup g) {
        List<String> names = diff(g).leaving();
        return g.byPriority().stream().filter(p -> names.contains(p.name())).toList();
    }

    /** The leaving members that do not come back: gone from the group's config. */
    public List<Subprocess> gone(ProcessGroup g) {
        List<String> changed = diff(g).changed();
        return leaving(g).stream().filter(p -> !changed.contains(p.name())).toList();
    }

    /**
     * stopProcessGroup under restart_parallelism: the changed members are restarted from their
     * fresh config in waves; the ones gone from the config are only stopped, and the caller does
     * that. The future lists one outcome per changed member.
     */
    public CompletableFuture<List<RollingRestart.Outcome>> rollChanged(ProcessGroup g, int limit) {
        GroupConfig fresh = pending.get(g.name()).fresh;
        List<String> changed = diff(g).changed();
        List<Subprocess> members = g.byPriority().stream().filter(p -> changed.contains(p.name())).toList();
        return new RollingRestart(context, members, limit, stopped -> {
            ProcessConfig pc = fresh.processes().stream().filter(c -> c.name().equals(stopped.name()))
                    .findFirst().orElseThrow();
            Subprocess made = g.replace(stopped, pc);
            intents.forget(stopped.namespec());
            return pc.autostart() ? made : null;
        }, false).begin(waiters);
    }

    /**
     * removeProcessGroup: the leaving members, all stopped, leave, and the operator's intents
     * for them are forgotten, as for a removed group; the rest stays active.
     */
    public void removeLeaving(ProcessGroup g) {
        leaving(g).forEach(p -> {
            g.drop(p);
            intents.forget(p.namespec());
        });
        pending.get(g.name()).removed = true;
        context.events().notify(Event.groupRemoved(g.name()));
    }

    /** True when the group's removeProcessGroup has come and its addProcessGroup is awaited. */
    public boolean awaitsAdd(String group) {
        Pending p = pending.get(group);
        return p != null && p.removed;
    }

    /**
     * addProcessGroup: the group takes its fresh config and the joining members; those with
     * autostart start, as in a group just added. The update of the group is done.
     */
    public void addJoining(ProcessGroup g) {
        Pending p = pending.remove(g.name());
        List<Subprocess> made = g.reconfigure(p.fresh);
        context.events().notify(Event.groupAdded(g.name()));
        if (context.mood().get() == SupervisorState.RUNNING) {
            context.loop().execute(() -> made.forEach(Subprocess::transition));
        }
    }

    /** The group went away whole (its removal did not wait for an update): nothing is pending. */
    void forget(String group) {
        pending.remove(group);
    }

    private MemberDiff diff(ProcessGroup g) {
        List<ProcessConfig> running = new ArrayList<>();
        g.processes().forEach(p -> running.add(p.config()));
        return MemberDiff.of(running, pending.get(g.name()).fresh);
    }
}
