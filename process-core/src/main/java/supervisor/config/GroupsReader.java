package supervisor.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import supervisor.python.PyStr;

/**
 * The process groups of a config: {@code [group:x]}, {@code [program:x]},
 * {@code [eventlistener:x]} and {@code [fcgi-program:x]} sections, read in supervisord's order
 * (so the same error comes first) and sorted by (priority, name).
 */
final class GroupsReader {
    static final Set<String> EVENT_TYPES = Set.of(
            "EVENT", "PROCESS_STATE", "PROCESS_STATE_STOPPED", "PROCESS_STATE_EXITED", "PROCESS_STATE_STARTING",
            "PROCESS_STATE_STOPPING", "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL", "PROCESS_STATE_RUNNING",
            "PROCESS_STATE_UNKNOWN", "PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT",
            "PROCESS_COMMUNICATION_STDERR", "PROCESS_LOG", "PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR",
            "REMOTE_COMMUNICATION", "SUPERVISOR_STATE_CHANGE", "SUPERVISOR_STATE_CHANGE_RUNNING",
            "SUPERVISOR_STATE_CHANGE_STOPPING", "TICK", "TICK_5", "TICK_60", "TICK_3600", "PROCESS_GROUP",
            "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED");
    private static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";
    private static final Pattern TCP_SOCKET = Pattern.compile("tcp://([^\\s:]+):(\\d+)",
            Pattern.UNICODE_CHARACTER_CLASS);

    private final ParseState st;

    GroupsReader(ParseState st) {
        this.st = st;
    }

    List<GroupConfig> read() throws ConfigException {
        List<String> all = st.parser.sections();
        List<GroupConfig> groups = new ArrayList<>();
        Set<String> inHeterogeneous = new LinkedHashSet<>();
        Map<String, Object> here = st.hereOnly();

        for (String groupSection : all) {
            if (!groupSection.startsWith("group:")) {
                continue;
            }
            String section = groupSection;
            String groupName = Datatypes.processOrGroupName(after(section));
            String programsValue = st.get(section, "programs", null, here);
            List<String> programs = new ArrayList<>();
            if (programsValue != null && !programsValue.isEmpty()) {
                for (String p : programsValue.split(",", -1)) {
                    programs.add(PyStr.strip(p));
                }
            }
            int priority = Datatypes.integer(st.get(section, "priority", "999", here));
            List<ProcessConfig> processes = new ArrayList<>();
            for (String program : programs) {
                String programSection = "program:" + program;
                String fcgiSection = "fcgi-program:" + program;
                // supervisord reuses its loop variable here, so after the first member its messages
                // name the previous member's section instead of the group: kept for identical output
                if (!all.contains(programSection) && !all.contains(fcgiSection)) {
                    throw new ConfigException("[" + section + "] names unknown program or fcgi-program " + program);
                }
                if (all.contains(programSection) && all.contains(fcgiSection)) {
                    throw new ConfigException("[" + section + "] name " + program
                            + " is ambiguous (exists as program and fcgi-program)");
                }
                section = all.contains(programSection) ? programSection : fcgiSection;
                inHeterogeneous.add(section);
                processes.addAll(processes(section, groupName));
            }
            groups.add(new GroupConfig(groupName, GroupConfig.Kind.GROUP, priority, List.copyOf(processes),
                    null, null));
        }

        for (String section : all) {
            if (!section.startsWith("program:") || inHeterogeneous.contains(section)) {
                continue;
            }
            String programName = Datatypes.processOrGroupName(after(section));
            int priority = Datatypes.integer(st.get(section, "priority", "999", here));
            groups.add(new GroupConfig(programName, GroupConfig.Kind.PROGRAM, priority,
                    processes(section, programName), null, null));
        }

        for (String section : all) {
            if (!section.startsWith("eventlistener:")) {
                continue;
            }
            groups.add(eventListenerPool(section, here));
        }

        for (String section : all) {
            if (!section.startsWith("fcgi-program:") || inHeterogeneous.contains(section)) {
                continue;
            }
            groups.add(fcgiGroup(section, here));
        }

        groups.sort(Comparator.comparingInt(GroupConfig::priority).thenComparing(GroupConfig::name));
        return groups;
    }

    private static String after(String section) {
        return section.substring(section.indexOf(':') + 1);
    }

    private GroupConfig eventListenerPool(String section, Map<String, Object> here) throws ConfigException {
        String poolName = after(section);
        // listeners default to a high priority: started first, stopped last
        int priority = Datatypes.integer(st.get(section, "priority", "-1", here));
        int bufferSize = Datatypes.integer(st.get(section, "buffer_size", "10", here));
        if (bufferSize < 1) {
            throw new ConfigException("[" + section + "] section sets invalid buffer_size (" + bufferSize + ")");
        }
        String resultHandler = st.get(section, "result_handler", DEFAULT_RESULT_HANDLER, here);
        if (!resultHandler.replaceAll("\\s+", "").equals(DEFAULT_RESULT_HANDLER)) {
            // only supervisor's own handler exists outside Python
            throw new ConfigException(resultHandler + " cannot be resolved within [" + section + "]");
        }
        LinkedHashSet<String> events = new LinkedHashSet<>();
        String eventsValue = st.get(section, "events", "", here);
        if (!eventsValue.isEmpty()) {
            for (String e : eventsValue.split(",", -1)) {
                events.add(PyStr.strip(e).toUpperCase(Locale.ROOT));
            }
        }
        if (events.isEmpty()) {
            throw new ConfigException("[" + section + "] section requires an \"events\" line");
        }
        for (String event : events) {
            if (!EVENT_TYPES.contains(event)) {
                throw new ConfigException("Unknown event type " + event + " in [" + section + "] events");
            }
        }
        if (Datatypes.bool(st.get(section, "redirect_stderr", "false", here))) {
            throw new ConfigException("[" + section + "] section sets redirect_stderr=true but this is not "
                    + "allowed because it will interfere with the eventlistener protocol");
        }
        List<ProcessConfig> processes = processes(section, poolName);
        return new GroupConfig(poolName, GroupConfig.Kind.EVENT_LISTENER, priority, processes,
                new GroupConfig.EventListenerSettings(List.copyOf(events), bufferSize, resultHandler), null);
    }

    private GroupConfig fcgiGroup(String section, Map<String, Object> here) throws ConfigException {
        String programName = Datatypes.processOrGroupName(after(section));
        int priority = Datatypes.integer(st.get(section, "priority", "999", here));
        String procUser = st.get(section, "user", null, here);
        Integer procUid = procUser == null ? null : UserDb.uidOf(procUser);

        Integer backlog = null;
        String backlogValue = st.get(section, "socket_backlog", null, here);
        if (backlogValue != null) {
            backlog = Datatypes.integer(backlogValue);
            if (backlog < 1 || backlog > 65535) {
                throw new ConfigException("Invalid socket_backlog value " + backlog);
            }
        }
        int[] owner = null;
        String ownerValue = st.get(section, "socket_owner", null, here);
        if (ownerValue != null) {
            try {
                owner = ParseState.userGroup(ownerValue);
            } catch (ConfigException e) {
                throw new ConfigException("Invalid socket_owner value " + ownerValue);
            }
        }
        Integer mode = null;
        String modeValue = st.get(section, "socket_mode", null, here);
        if (modeValue != null) {
            try {
                mode = Datatypes.octal(modeValue);
            } catch (ConfigException e) {
                throw new ConfigException("Invalid socket_mode value " + modeValue);
            }
        }
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("program_name", programName);
        names.putAll(here);
        String socket = st.get(section, "socket", null, names);
        if (socket == null || socket.isEmpty()) {
            throw new ConfigException("[" + section + "] section requires a \"socket\" line");
        }
        String url;
        try {
            url = socketUrl(socket, procUid, owner, mode);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " in [" + section + "] socket");
        }
        String ownerText = null;
        if (url.startsWith("unix://")) {
            if (owner == null && procUid != null && procUid != currentUid()) {
                owner = new int[] {procUid, UserDb.gidForUid(procUid)};
            }
            ownerText = owner == null ? null : owner[0] + ":" + owner[1];
            if (mode == null) {
                mode = 0700;
            }
        }
        List<ProcessConfig> processes = processes(section, programName);
        return new GroupConfig(programName, GroupConfig.Kind.FCGI, priority, processes, null,
                new GroupConfig.FcgiSettings(url, backlog == null ? 0 : backlog, ownerText, mode));
    }

    private String socketUrl(String sock, Integer procUid, int[] owner, Integer mode) throws ConfigException {
        if (sock.startsWith("unix://")) {
            String path = sock.substring(7);
            if (!path.startsWith("/")) {
                throw new ConfigException("(" + PyStr.repr("Unix socket path %s is not an absolute path") + ", "
                        + PyStr.repr(path) + ")");
            }
            return "unix://" + st.normalize(path);
        }
        if (owner != null || mode != null) {
            throw new ConfigException("socket_owner and socket_mode params should only be used with a Unix "
                    + "domain socket");
        }
        Matcher m = TCP_SOCKET.matcher(sock);
        if (m.matches()) {
            long port = Datatypes.longInteger(m.group(2));
            if (port < 1) {
                throw new ConfigException(port + " is below lower bound (1)");
            }
            if (port > 65535) {
                throw new ConfigException(port + " is above upper bound (65535)");
            }
            return "tcp://" + m.group(1).toLowerCase(Locale.ROOT) + ":" + port;
        }
        throw new ConfigException("(" + PyStr.repr("Bad socket format %s") + ", " + PyStr.repr(sock) + ")");
    }

    private static long currentUid() {
        try {
            return ((Number) java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid"))
                    .longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The processes of one section, errors suffixed with the section and its file. */
    private List<ProcessConfig> processes(String section, String groupName) throws ConfigException {
        try {
            return new ProgramReader(st, section, groupName).read();
        } catch (ConfigException e) {
            String file = st.parser.fileOf(section);
            throw new ConfigException(e.getMessage() + " in section " + PyStr.repr(section) + " (file: "
                    + PyStr.repr(file == null ? st.configFile : file) + ")");
        }
    }
}
