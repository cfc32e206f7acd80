/**
 * {@code GET /metrics}: the Prometheus text exposition (format 0.0.4) of what the daemon
 * publishes, read on the scraping connection's thread from published state (process snapshots,
 * /proc, counters kept by the mechanisms that own them), never through the supervisor loop.
 * Names and labels follow prometheus-node-exporter's supervisord collector.
 */
package supervisor.server.metrics;
