package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.HttpServerConfig;
import supervisor.testing.RawConnection;

/**
 * {@code GET /metrics} through the real HTTP stack, on both kinds of server: behind each
 * section's credentials like every other path, answered with the exposition's media type and
 * length; only GET; the rest of the paths unchanged.
 */
class MetricsEndpointTest {
    private static final String TEXT = "# HELP m a metric\n# TYPE m gauge\nm{name=\"\u00e9\"} 1\n";

    @TempDir
    Path dir;

    private static RawConnection.Reply get(RawConnection c, String path, String authorization) throws Exception {
        return c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n").readReply();
    }

    private static void assertScrape(RawConnection.Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", reply.header("Content-Type"));
        assertEquals(TEXT, reply.text());
        assertEquals(Integer.toString(reply.body().length), reply.header("Content-Length"));
    }

    @Test
    void behindEachServersCredentialsOnUnixAndInet() throws Exception {
        Path socket = dir.resolve("m.sock");
        HttpServerConfig inet = Servers.inet("inetuser", "inetpass");
        try (Servers s = new Servers(Servers.unix(socket, "unixuser", "unixpass"), inet)) {
            s.metricsText = TEXT;
            try (RawConnection c = RawConnection.unix(socket)) {
                assertEquals(401, get(c, "/metrics", null).status());
            }
            try (RawConnection c = RawConnection.tcp(s.port(inet))) {
                assertEquals(401, get(c, "/metrics", null).status());
            }
            try (RawConnection c = RawConnection.tcp(s.port(inet))) {
                assertEquals(401, get(c, "/metrics", RawConnection.basic("unixuser", "unixpass")).status());
            }
            try (RawConnection c = RawConnection.unix(socket)) {
                assertScrape(get(c, "/metrics", RawConnection.basic("unixuser", "unixpass")));
            }
            try (RawConnection c = RawConnection.tcp(s.port(inet))) {
                assertScrape(get(c, "/metrics", RawConnection.basic("inetuser", "inetpass")));
                // kept alive: a second scrape on the same connection reads the figures afresh
                s.metricsText = TEXT.replace("} 1", "} 2");
                assertEquals(TEXT.replace("} 1", "} 2"), get(c, "/metrics", RawConnection.basic("inetuser",
                        "inetpass")).text());
            }
        }
    }

    @Test
    void openWithoutCredentialsWhereTheServerHasNone() throws Exception {
        Path socket = dir.resolve("o.sock");
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(Servers.unix(socket, null, null), inet)) {
            s.metricsText = TEXT;
            try (RawConnection c = RawConnection.unix(socket)) {
                assertScrape(get(c, "/metrics", null));
            }
            try (RawConnection c = RawConnection.tcp(s.port(inet))) {
                assertScrape(get(c, "/metrics", null));
            }
        }
    }

    @Test
    void onlyGetAndOnlyThatPath() throws Exception {
        HttpServerConfig inet = Servers.inet(null, null);
        try (Servers s = new Servers(inet)) {
            s.metricsText = TEXT;
            try (RawConnection c = RawConnection.tcp(s.port(inet))) {
                assertEquals(400, c.send("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                        .readReply().status());
            }
            for (String other : new String[] {"/metrics/", "/metricsx", "/index.html"}) {
                try (RawConnection c = RawConnection.tcp(s.port(inet))) {
                    assertEquals(404, get(c, other, null).status(), other);
                }
            }
        }
    }
}
