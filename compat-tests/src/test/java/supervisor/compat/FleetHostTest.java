package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.Command;
import supervisor.testing.Poll;
import supervisor.testing.Sockets;

/**
 * A fleet: four of our daemons, each in a network namespace of its own (a host, as far as the
 * network goes), managed and watched from the host namespace with the tools people run against
 * supervisord fleets: an Ansible playbook with {@code community.general.supervisorctl} (which
 * runs the stock supervisorctl against {@code server_url}), a Prometheus server scraping every
 * daemon's {@code /metrics}, and prometheus-node-exporter's supervisord collector. OURS alone:
 * what is checked is that the real tools work against it. Needs root (network namespaces); the
 * tools missing fail the test on CI and skip it elsewhere.
 */
class FleetHostTest {

    private static final int HOSTS = 4;
    private static final String USER = "fleet";
    private static final String PASSWORD = "fl33t-s3cret";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** Everything started, closed in reverse order whatever happens: daemons before their namespaces. */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final List<Host> hosts = new ArrayList<>();
    private Path ansiblePlaybook;
    private Path prometheus;
    private Path nodeExporter;

    /** One daemon in its namespace; {@code name} is its Ansible inventory name and Prometheus {@code host} label. */
    private record Host(String name, NetworkNamespace ns, Supervisord daemon, Session session) {
        String url() {
            return Endpoint.inet(daemon.conf()).url();
        }

        String target() {
            return ns.address() + ":" + daemon.conf().port();
        }

        /** getAllProcessInfo through the namespace's address, as the tools reach it; by group:name. */
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> processes() {
            Map<String, Map<String, Object>> all = new TreeMap<>();
            for (Object o : session.rpcUnrecorded(Endpoint.inet(daemon.conf()), "supervisor.getAllProcessInfo").array()) {
                Map<String, Object> info = (Map<String, Object>) o;
                all.put(info.get("group") + ":" + info.get("name"), info);
            }
            return all;
        }
    }

    @BeforeEach
    void fleet() {
        Implementation.OURS.assumeAvailable();
        Path ip = RequiredTools.require("ip", "iproute2");
        ansiblePlaybook = RequiredTools.require("ansible-playbook", "ansible");
        prometheus = RequiredTools.require("prometheus", "prometheus");
        nodeExporter = RequiredTools.require("prometheus-node-exporter", "prometheus-node-exporter");
        if (!"root".equals(System.getProperty("user.name"))) {
            RequiredTools.unavailable("network namespaces need root (" + ip + " netns add)");
        }
        NetworkNamespace.cleanLeftovers();
        Path starts = dir.resolve("starts");
        for (int n = 1; n <= HOSTS; n++) {
            NetworkNamespace ns = NetworkNamespace.create(n);
            opened.push(ns);
            String name = "host" + n;
            SupervisorConf conf = SupervisorConf.in(dir).inetHost(ns.address()).auth(USER, PASSWORD);
            // web notes each start in a file all hosts share: the order of the lines is the order of the starts
            conf.program("web", "sh -c 'echo " + name + " >> " + starts + "; exec sleep 100000'", "startsecs=1");
            conf.program("w1", "sleep 100000");
            conf.program("w2", "sleep 100000");
            conf.section("group:workers", "programs=w1,w2");
            conf.program("idle", "sleep 100000", "autostart=false");
            Supervisord daemon = Supervisord.start(Implementation.OURS, conf, ns.exec(), Map.of());
            opened.push(daemon);
            hosts.add(new Host(name, ns, daemon, new Session(daemon, HostRunner.INSTANCE)));
        }
        for (Host h : hosts) {
            h.daemon().awaitState("web", "RUNNING", DEADLINE);
        }
    }

    @AfterEach
    void removeFleet() throws Exception {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception | AssertionError e) {
                if (first == null) {
                    first = new Exception("tearing the fleet down failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void ansibleRestartsPrometheusScrapesAndNodeExporterReads() throws IOException {
        PrometheusServer prom = startPrometheus();
        opened.push(prom);
        // a first sample of every daemon, before anything was restarted
        Map<String, Double> before = Poll.until(DEADLINE, "Prometheus to scrape web's restarts on every host",
                () -> byHost(prom.query("supervisord_process_restarts_total{name=\"web\"}")),
                m -> m.size() == HOSTS, prom::output);
        assertEquals(0.0, before.values().stream().mapToDouble(Double::doubleValue).sum(), before::toString);
        Map<String, Map<String, Map<String, Object>>> was = processesByHost();

        // --- Ansible: a rolling restart of web, the workers group stopped on two hosts and started again on one
        Command.Result play = ansible("fleet.yml",
                play("rolling restart of web", "fleet", 1, "web", "restarted", PASSWORD)
                        + play("stop the workers group on two hosts", "host1:host2", 0, "workers:", "stopped", PASSWORD)
                        + play("start it again on one of them", "host1", 0, "workers:", "started", PASSWORD));
        assertEquals(0, play.exitCode(), play::toString);
        Map<String, Map<String, Map<String, Object>>> now = processesByHost();
        long previousStart = 0;
        for (Host h : hosts) {
            Map<String, Object> web = now.get(h.name()).get("web:web");
            assertEquals("RUNNING", web.get("statename"), h.name());
            assertNotEquals(was.get(h.name()).get("web:web").get("pid"), web.get("pid"), h.name() + ": web restarted");
            // serial: 1 restarts a host only once the one before is RUNNING again, startsecs=1 (at least a
            // second) after its spawn: the start times, in whole seconds, increase from host to host
            long start = (Long) web.get("start");
            assertTrue(start > previousStart, () -> h.name() + "'s web started at " + start + ", the host before at "
                    + now);
            previousStart = start;
        }
        // every host started web once with its daemon (in any order), then once more each, in the inventory's order
        List<String> starts = Files.readAllLines(dir.resolve("starts"));
        assertEquals(List.of("host1", "host2", "host3", "host4"), starts.subList(HOSTS, starts.size()), starts::toString);
        assertWorkers(was, now, "host1", "RUNNING", true);
        assertWorkers(was, now, "host2", "STOPPED", true);
        assertWorkers(was, now, "host3", "RUNNING", false);
        assertWorkers(was, now, "host4", "RUNNING", false);

        // --- a wrong password fails the playbook, with what supervisorctl made of the server's 401
        Command.Result refused = ansible("wrong-password.yml",
                play("restart with a wrong password", "host1", 0, "web", "restarted", "not-" + PASSWORD));
        assertEquals(2, refused.exitCode(), refused::toString); // 2: a host failed
        assertTrue(refused.out().contains("Server requires authentication"), refused::toString);
        assertTrue(refused.out().contains("401 Unauthorized"), refused::toString);
        assertEquals(now.get("host1").get("web:web").get("pid"), hosts.getFirst().processes().get("web:web").get("pid"),
                "the refused restart left web alone");

        // --- Prometheus: every host up, every process's state as XML-RPC reports it, web's restart counted
        Poll.until(DEADLINE, "Prometheus to see every host up",
                () -> byHost(prom.query("up{job=\"supervisord\"}")),
                m -> m.size() == HOSTS && m.values().stream().allMatch(v -> v == 1.0), prom::output);
        Map<String, Double> states = new TreeMap<>();
        processesByHost().forEach((host, processes) -> processes.forEach((namespec, info) ->
                states.put(host + "/" + namespec, ((Long) info.get("state")).doubleValue())));
        Poll.until(DEADLINE, "Prometheus's supervisord_process_state to be what getAllProcessInfo answers",
                () -> byProcess(prom.query("supervisord_process_state")), states::equals, prom::output);
        Map<String, Double> restarts = Poll.until(DEADLINE, "Prometheus to see web restarted once on every host",
                () -> byHost(prom.query("supervisord_process_restarts_total{name=\"web\"}")),
                m -> m.size() == HOSTS && m.values().stream().allMatch(v -> v == 1.0), prom::output);
        // and it has both samples, 0 then 1: the increase is in its history, not only in the last scrape
        assertEquals(restarts, byHost(prom.query("changes(supervisord_process_restarts_total{name=\"web\"}[10m])")));

        // --- prometheus-node-exporter's supervisord collector on host1, as it is run today
        assertNodeExporterReads(hosts.getFirst(), now.get("host1"));
    }

    /** The workers group on {@code host}: its state, and whether its pids changed since {@code was}. */
    private static void assertWorkers(Map<String, Map<String, Map<String, Object>>> was,
                                      Map<String, Map<String, Map<String, Object>>> now, String host, String state,
                                      boolean changed) {
        for (String p : List.of("workers:w1", "workers:w2")) {
            Map<String, Object> info = now.get(host).get(p);
            assertEquals(state, info.get("statename"), host + " " + p);
            assertEquals(changed, !was.get(host).get(p).get("pid").equals(info.get("pid")), host + " " + p + " " + info);
        }
    }

    private Map<String, Map<String, Map<String, Object>>> processesByHost() {
        Map<String, Map<String, Map<String, Object>>> all = new LinkedHashMap<>();
        for (Host h : hosts) {
            all.put(h.name(), h.processes());
        }
        return all;
    }

    /** A sample per Prometheus {@code host} label (one series per host expected). */
    private static Map<String, Double> byHost(List<PrometheusServer.Sample> samples) {
        Map<String, Double> m = new TreeMap<>();
        samples.forEach(s -> m.put(s.labels().get("host"), s.value()));
        return m;
    }

    /** A sample per "host/group:name". */
    private static Map<String, Double> byProcess(List<PrometheusServer.Sample> samples) {
        Map<String, Double> m = new TreeMap<>();
        samples.forEach(s -> m.put(s.labels().get("host") + "/" + s.labels().get("group") + ":" + s.labels().get("name"),
                s.value()));
        return m;
    }

    // ---------------------------------------------------------------------------------------------
    // Prometheus

    /** One job for the fleet, basic auth with the daemons' credentials, a {@code host} label per target. */
    private PrometheusServer startPrometheus() throws IOException {
        StringBuilder targets = new StringBuilder();
        for (Host h : hosts) {
            targets.append("      - targets: [\"").append(h.target()).append("\"]\n")
                    .append("        labels: {host: ").append(h.name()).append("}\n");
        }
        String config = """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: supervisord
                    basic_auth:
                      username: %s
                      password: %s
                    static_configs:
                %s""".formatted(USER, PASSWORD, targets);
        Path home = Files.createDirectories(dir.resolve("prometheus"));
        return PrometheusServer.start(prometheus, home, config, DEADLINE);
    }

    // ---------------------------------------------------------------------------------------------
    // Ansible

    /**
     * One play of one community.general.supervisorctl task. The module runs the stock
     * supervisorctl with {@code -s server_url -u -p}; a group is named with a trailing colon.
     * {@code serial} 0: all hosts at once (Ansible's default).
     */
    private static String play(String title, String hosts, int serial, String name, String state, String password) {
        return """
                - name: %s
                  hosts: %s
                  serial: %d
                  gather_facts: false
                  tasks:
                    - community.general.supervisorctl:
                        name: "%s"
                        state: %s
                        server_url: "{{ server_url }}"
                        username: %s
                        password: %s
                """.formatted(title, hosts, serial, name, state, USER, password);
    }

    /** Runs {@code playbook} on the fleet's inventory (local connections: nothing needs ssh). */
    private Command.Result ansible(String name, String playbook) throws IOException {
        Path home = Files.createDirectories(dir.resolve("ansible"));
        StringBuilder inventory = new StringBuilder("[fleet]\n");
        for (Host h : hosts) {
            inventory.append(h.name()).append(" server_url=").append(h.url()).append('\n');
        }
        inventory.append("\n[fleet:vars]\nansible_connection=local\nansible_python_interpreter=/usr/bin/python3\n");
        Files.writeString(home.resolve("inventory"), inventory);
        Files.writeString(home.resolve(name), playbook);
        return Command.of(ansiblePlaybook.toString(), "-i", home.resolve("inventory").toString(),
                        home.resolve(name).toString())
                .directory(home)
                // its state and temp files in the test's folder, no colours in the output we read
                .env("HOME", home.toString()).env("ANSIBLE_LOCAL_TEMP", home.resolve("tmp").toString())
                .env("ANSIBLE_NOCOLOR", "1").env("ANSIBLE_RETRY_FILES_ENABLED", "0")
                .env("ANSIBLE_HOST_KEY_CHECKING", "0")
                .timeout(Duration.ofSeconds(120)).run();
    }

    // ---------------------------------------------------------------------------------------------
    // prometheus-node-exporter

    /**
     * node-exporter with only its supervisord collector, the credentials in the URL as its
     * documentation has them; its node_supervisord_up and node_supervisord_state for each of the
     * host's processes must be what getAllProcessInfo answers.
     */
    private void assertNodeExporterReads(Host host, Map<String, Map<String, Object>> processes) {
        int port = Sockets.freePort();
        String rpc = "http://" + USER + ":" + PASSWORD + "@" + host.target() + "/RPC2";
        BackgroundProcess exporter = BackgroundProcess.start(dir.resolve("node-exporter.log"),
                List.of(nodeExporter.toString(), "--collector.disable-defaults", "--web.disable-exporter-metrics",
                        "--collector.supervisord", "--collector.supervisord.url=" + rpc,
                        "--web.listen-address=127.0.0.1:" + port));
        opened.push(exporter);
        Map<String, String> expected = new TreeMap<>();
        processes.forEach((namespec, info) -> {
            String labels = "{group=\"" + info.get("group") + "\",name=\"" + info.get("name") + "\"}";
            expected.put("node_supervisord_up" + labels, "RUNNING".equals(info.get("statename")) ? "1" : "0");
            expected.put("node_supervisord_state" + labels, info.get("state").toString());
        });
        Map<String, String> seen = Poll.until(DEADLINE, "node-exporter's supervisord collector to read host1",
                () -> {
                    exporter.assertAlive();
                    return supervisordSamples(scrape(URI.create("http://127.0.0.1:" + port + "/metrics")));
                },
                m -> m.keySet().containsAll(expected.keySet()), exporter::output);
        Map<String, String> compared = new TreeMap<>(seen);
        compared.keySet().retainAll(expected.keySet());
        assertEquals(expected, compared, seen::toString);
        assertEquals("1", seen.get("node_scrape_collector_success{collector=\"supervisord\"}"), seen::toString);
    }

    /** The body of a GET, or "" while nothing listens yet. */
    private static String scrape(URI uri) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sample lines of the node_supervisord_* families and the collector's success, by "name{labels}". */
    private static Map<String, String> supervisordSamples(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("node_supervisord_") || line.startsWith("node_scrape_collector_success")) {
                m.put(line.substring(0, line.lastIndexOf(' ')), line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return m;
    }
}
