package supervisor.intent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import supervisor.logging.ActivityLog;

/**
 * The operator's intent per process (namespec), as remember_state keeps it. A start or stop by
 * request records one; removing a process (removeProcessGroup, an update that drops a member)
 * forgets it, as does a config without that process when the daemon starts. The file is
 * rewritten once per batch of changes (one loop turn), so a stop of a thousand processes
 * writes it once. Without remember_state this records nothing and restores nothing. Loop thread only.
 */
public final class OperatorIntents {
    private final IntentFile file;
    private final ActivityLog log;
    private final Executor loop;
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private boolean saveQueued;

    /** @param file the remember_state file, or null when the key is not set */
    public OperatorIntents(Path file, ActivityLog log, Executor loop) {
        this.file = file == null ? null : new IntentFile(file);
        this.log = log;
        this.loop = loop;
    }

    /**
     * Reads the file, keeping only the intents of processes the config still has. A damaged or
     * unreadable file is logged and ignored (the daemon starts as if there were none); it is
     * replaced at the next recorded intent.
     */
    public void load(Set<String> configured) {
        if (file == null) {
            return;
        }
        Map<String, Intent> read;
        try {
            read = file.read();
        } catch (IntentFile.Unusable e) {
            log.warn("remember_state: ignoring " + file.path() + ": " + e.getMessage());
            return;
        }
        read.forEach((name, intent) -> {
            if (configured.contains(name)) {
                intents.put(name, intent);
            }
        });
        if (intents.size() != read.size()) {
            queueSave(); // the processes no longer configured are forgotten in the file too
        }
    }

    /** What the operator last asked of this process, or null. */
    public Intent of(String namespec) {
        return intents.get(namespec);
    }

    /** A start or stop by request. */
    public void record(String namespec, Intent intent) {
        if (file != null && intents.put(namespec, intent) != intent) {
            queueSave();
        }
    }

    /** The process is gone from the active config: its intent with it. */
    public void forget(String namespec) {
        if (file != null && intents.remove(namespec) != null) {
            queueSave();
        }
    }

    private void queueSave() {
        if (!saveQueued) {
            saveQueued = true;
            loop.execute(this::save);
        }
    }

    private void save() {
        saveQueued = false;
        try {
            file.write(intents);
        } catch (IOException e) {
            log.error("remember_state: could not write " + file.path() + ": " + e);
        }
    }
}
