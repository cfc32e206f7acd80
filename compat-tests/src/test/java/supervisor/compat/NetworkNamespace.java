package supervisor.compat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import supervisor.testing.Command;

/**
 * A network namespace that looks like a host of its own: a veth pair links it to the host
 * namespace over a /30 ({@code 10.213.N.1} on the host side, {@code 10.213.N.2} inside, lo up),
 * so a daemon started in it with {@link #exec()} is reached at {@link #address()} from the host,
 * as a fleet's machines are. Needs root.
 *
 * <p>Names carry the pid of the JVM that made them ({@code sdfleet<pid>-<N>}): {@link #cleanLeftovers}
 * removes those of a run that was killed before its {@link #close()}, and nothing of a run still going.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final String PREFIX = "sdfleet";
    private static final Pattern OURS = Pattern.compile(PREFIX + "(\\d+)-(\\d+)");
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String hostVeth;
    private final int subnet;

    private NetworkNamespace(String name, String hostVeth, int subnet) {
        this.name = name;
        this.hostVeth = hostVeth;
        this.subnet = subnet;
    }

    /** Namespace number {@code n} (1 to 255) of this JVM, on 10.213.n.0/30. */
    public static NetworkNamespace create(int n) {
        long pid = ProcessHandle.current().pid();
        NetworkNamespace ns = new NetworkNamespace(name(pid, n), veth(pid, n), n);
        // a second link on the same subnet would take some of the traffic: refuse rather than misroute
        String inUse = Command.of("ip", "-o", "addr", "show", "to", ns.hostAddress() + "/30").timeout(IP_TIMEOUT)
                .output().strip();
        if (!inUse.isEmpty()) {
            throw new AssertionError(ns.hostAddress() + "/30 is in use (another run going on?): " + inUse);
        }
        ip("netns", "add", ns.name);
        try {
            // the peer is made inside the namespace: no name clash with the host's interfaces
            ip("link", "add", ns.hostVeth, "type", "veth", "peer", "name", "sf" + n, "netns", ns.name);
            ip("addr", "add", ns.hostAddress() + "/30", "dev", ns.hostVeth);
            ip("link", "set", ns.hostVeth, "up");
            ip("-n", ns.name, "addr", "add", ns.address() + "/30", "dev", "sf" + n);
            ip("-n", ns.name, "link", "set", "sf" + n, "up");
            ip("-n", ns.name, "link", "set", "lo", "up");
        } catch (RuntimeException | AssertionError e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** Removes the namespaces (and whatever still runs in them) of runs whose JVM is gone. */
    public static void cleanLeftovers() {
        for (String line : Command.of("ip", "netns", "list").timeout(IP_TIMEOUT).output().lines().toList()) {
            Matcher m = OURS.matcher(line.split(" ")[0]);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                new NetworkNamespace(m.group(), veth(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2))),
                        Integer.parseInt(m.group(2))).close();
            }
        }
    }

    private static String name(long pid, int n) {
        return PREFIX + pid + "-" + n;
    }

    /** At most 15 characters (IFNAMSIZ), whatever the pid. */
    private static String veth(long pid, int n) {
        return "sf" + pid + "h" + n;
    }

    public String name() {
        return name;
    }

    /** The address inside, where its servers listen. */
    public String address() {
        return "10.213." + subnet + ".2";
    }

    /** The host namespace's end of the link. */
    public String hostAddress() {
        return "10.213." + subnet + ".1";
    }

    /** The prefix that runs a command inside (it execs the command: the pid stays the one started). */
    public List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    /**
     * Kills what still runs inside (only what a test started there can be there), then removes
     * the veth pair and the namespace. Deleting the veth is synchronous, unlike the kernel's
     * teardown of a deleted namespace, so the addresses are free again when this returns.
     */
    @Override
    public void close() {
        Command.Result pids = Command.of("ip", "netns", "pids", name).timeout(IP_TIMEOUT).run();
        for (String pid : pids.out().lines().toList()) {
            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
        Command.of("ip", "link", "del", hostVeth).timeout(IP_TIMEOUT).run(); // gone already if never made
        Command.Result del = Command.of("ip", "netns", "del", name).timeout(IP_TIMEOUT).run();
        if (del.exitCode() != 0 && pids.exitCode() == 0) { // it existed, and stays
            throw new AssertionError("cannot remove network namespace " + name + ": " + del);
        }
    }

    private static void ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        Command.of(argv).timeout(IP_TIMEOUT).run().assertSuccess();
    }

    @Override
    public String toString() {
        return name + " (" + address() + ")";
    }
}
