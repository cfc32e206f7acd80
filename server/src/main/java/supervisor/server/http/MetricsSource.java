package supervisor.server.http;

/** What {@code GET /metrics} answers: the daemon's figures in the Prometheus text format. */
@FunctionalInterface
public interface MetricsSource {
    /** The whole exposition, read now; called on the scraping connection's thread. */
    String scrape();
}
