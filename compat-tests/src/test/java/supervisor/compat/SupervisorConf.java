package supervisor.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import supervisor.testing.Sockets;

/**
 * A supervisord.conf in its own folder: unix socket, inet port (found free now), log, pid file
 * and child logs all live in that folder, so a run touches nothing else and leaves a folder to
 * inspect. Sections are built with {@link #program} / {@link #section} and written by {@link #write}.
 */
public final class SupervisorConf {

    private final Path dir;
    private final int port;
    private String inetHost = "127.0.0.1";
    private String username;
    private String password;
    private int openFiles;
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    /** Keys of [supervisord] that replace or add to the defaults {@link #write} gives it. */
    private final Map<String, String> supervisord = new LinkedHashMap<>();

    private SupervisorConf(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A fresh folder under {@code base} (short, so the socket path stays well below the 108-byte limit). */
    public static SupervisorConf in(Path base) {
        try {
            return new SupervisorConf(Files.createTempDirectory(base, "s"), Sockets.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The address {@code [inet_http_server]} listens on instead of 127.0.0.1, e.g. one of a
     * network namespace the daemon runs in, where the port is free whatever the host uses.
     */
    public SupervisorConf inetHost(String host) {
        this.inetHost = host;
        return this;
    }

    /** Basic auth on both the unix and the inet server. */
    public SupervisorConf auth(String username, String password) {
        this.username = username;
        this.password = password;
        return this;
    }

    /**
     * Starts the daemon with this open files limit (soft and hard, as {@code prlimit --nofile}
     * sets it), not the one the tests run with: what a scenario about file descriptors needs to
     * be the same everywhere. Not part of the file.
     */
    public SupervisorConf openFiles(int limit) {
        this.openFiles = limit;
        return this;
    }

    /** The open files limit the daemon starts with; 0 for the one the tests run with. */
    public int openFiles() {
        return openFiles;
    }

    /**
     * A {@code [program:name]} with fast defaults (startsecs=0, stopwaitsecs=2, no auto restart);
     * {@code options} are "key=value" strings that override or add to them.
     */
    public SupervisorConf program(String name, String command, String... options) {
        return section("program:" + name, with(new String[] {"command=" + command, "startsecs=0", "stopwaitsecs=2",
                "autorestart=false"}, options));
    }

    /** Any section, e.g. {@code section("group:grp", "programs=a,b")}; later keys override earlier ones. */
    public SupervisorConf section(String name, String... options) {
        // [supervisord] is written once, from its defaults and these keys
        Map<String, String> s = name.equals("supervisord") ? supervisord
                : sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
        for (String option : options) {
            int eq = option.indexOf('=');
            s.put(option.substring(0, eq).strip(), option.substring(eq + 1).strip());
        }
        return this;
    }

    /** Keys of {@code [supervisord]}, e.g. {@code supervisord("logfile=syslog")}; they override the defaults. */
    public SupervisorConf supervisord(String... options) {
        return section("supervisord", options);
    }

    /** Drops a section, e.g. to change the file under a running daemon before {@code reread}. */
    public SupervisorConf remove(String name) {
        sections.remove(name);
        return this;
    }

    private static String[] with(String[] defaults, String[] options) {
        String[] all = new String[defaults.length + options.length];
        System.arraycopy(defaults, 0, all, 0, defaults.length);
        System.arraycopy(options, 0, all, defaults.length, options.length);
        return all;
    }

    public Path write() {
        StringBuilder b = new StringBuilder();
        Map<String, String> daemon = new LinkedHashMap<>();
        daemon.put("nodaemon", "true");
        daemon.put("logfile", dir.resolve("supervisord.log").toString());
        daemon.put("pidfile", dir.resolve("supervisord.pid").toString());
        daemon.put("childlogdir", dir.toString());
        daemon.put("loglevel", "debug");
        daemon.putAll(supervisord);
        b.append("[supervisord]\n");
        daemon.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        b.append('\n');
        b.append("[unix_http_server]\nfile=").append(socket()).append("\nchmod=0777\n").append(credentials()).append('\n');
        b.append("[inet_http_server]\nport=").append(inetHost).append(':').append(port).append('\n').append(credentials()).append('\n');
        b.append("[rpcinterface:supervisor]\n")
                .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n");
        // No credentials here: each test passes -u/-p itself, so "no password" can be tried too.
        b.append("[supervisorctl]\nserverurl=").append(unixUrl()).append("\n\n");
        sections.forEach((name, options) -> {
            if (name.equals("supervisord")) {
                return; // written first, above
            }
            b.append('[').append(name).append("]\n");
            options.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            b.append('\n');
        });
        try {
            Files.writeString(file(), b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file();
    }

    private String credentials() {
        return username == null ? "" : "username=" + username + "\npassword=" + password + "\n";
    }

    public Path dir() {
        return dir;
    }

    public Path file() {
        return dir.resolve("supervisord.conf");
    }

    public Path socket() {
        return dir.resolve("supervisor.sock");
    }

    public Path pidfile() {
        return dir.resolve("supervisord.pid");
    }

    public int port() {
        return port;
    }

    public String unixUrl() {
        return "unix://" + socket();
    }

    public String inetUrl() {
        return "http://" + inetHost + ":" + port;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }
}
