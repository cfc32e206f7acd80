package supervisor.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import supervisor.testing.Json;
import supervisor.testing.Poll;
import supervisor.testing.Sockets;

/**
 * A real Prometheus server (Debian's /usr/bin/prometheus) on a loopback port of its own, with its
 * storage in {@code dir}, running the given configuration; {@link #query} asks its HTTP API what
 * it has scraped, as a dashboard or an alert rule would.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final BackgroundProcess process;
    private final URI base;

    private PrometheusServer(BackgroundProcess process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** One sample of an instant vector: its labels and its value. */
    public record Sample(Map<String, String> labels, double value) {
    }

    /** Writes {@code config} as prometheus.yml in {@code dir}, starts Prometheus and returns once it is ready. */
    public static PrometheusServer start(Path executable, Path dir, String config, Duration deadline) {
        int port = Sockets.freePort();
        try {
            Files.writeString(dir.resolve("prometheus.yml"), config);
            Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BackgroundProcess p = BackgroundProcess.start(dir.resolve("prometheus.log"), List.of(executable.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port));
        PrometheusServer server = new PrometheusServer(p, URI.create("http://127.0.0.1:" + port));
        try {
            Poll.until(deadline, "Prometheus to be ready on port " + port, () -> {
                try {
                    return server.get("/-/ready").statusCode() == 200;
                } catch (UncheckedIOException notListeningYet) {
                    return false;
                }
            });
        } catch (RuntimeException | AssertionError e) {
            p.close();
            throw e;
        }
        return server;
    }

    /** The instant vector {@code promql} evaluates to now ({@code /api/v1/query}). */
    @SuppressWarnings("unchecked")
    public List<Sample> query(String promql) {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new AssertionError("Prometheus answered " + r.statusCode() + " to " + promql + ": " + r.body());
        }
        Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) Json.parse(r.body())).get("data");
        return ((List<Object>) data.get("result")).stream().map(o -> {
            Map<String, Object> s = (Map<String, Object>) o;
            List<Object> value = (List<Object>) s.get("value"); // [time, "value as text"]
            return new Sample((Map<String, String>) (Map<String, ?>) s.get("metric"),
                    Double.parseDouble((String) value.get(1)));
        }).toList();
    }

    /** Its own log, for a failure message. */
    public String output() {
        return process.output();
    }

    private HttpResponse<String> get(String pathAndQuery) {
        process.assertAlive();
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus on " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
