/**
 * supervisord's HTTP servers on Jetty: a connector per {@code [unix_http_server]} and
 * {@code [inet_http_server]} section, each with its own basic authentication, medusa's error
 * pages and headers, request bodies collected within limits every request shares (a largest
 * size, a budget of bytes in flight, deadlines), {@code POST /RPC2} answered asynchronously,
 * the {@code /logtail} and {@code /mainlogtail} streams, and {@code GET /metrics} (its text from a
 * {@link supervisor.server.http.MetricsSource}); connections kept within a cap derived
 * from the open files limit (the silent ones idle longest closed to make room, and any that sends
 * no request in time); stopping them closes every connection they accepted, answered or not.
 * Knows the XML-RPC dispatcher and the activity log, not the supervisor: log files are found through a {@link supervisor.server.http.LogTailSource}.
 */
package supervisor.server.http;
