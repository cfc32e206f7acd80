package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.testing.RawConnection;

/** Requests {@code HttpFrontFuzzTest} found mishandled, each now answered as medusa answers it. */
class HttpFuzzFindingsTest {
    @TempDir
    Path dir;

    /**
     * An HTTP/1.0 request may name no host; Jetty took the unix socket's path for one, could not
     * parse it, and answered 400 with a warning in the log.
     */
    @Test
    void anHttp10RequestWithoutHostOverAUnixSocketIsAnswered() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (Servers s = new Servers(Servers.unix(socket, null, null))) {
            s.logs.mainLog = Files.writeString(dir.resolve("supervisord.log"), "a line\n");
            try (RawConnection c = RawConnection.unix(socket)) {
                // the fuzzer's input
                RawConnection.Reply tail = c.send("GET /mainlogtail HTTP/1.0\r\n\r\n").readReply();
                assertEquals(200, tail.status());
            }
            String call = TestDispatcher.call("supervisor.getVersion");
            try (RawConnection c = RawConnection.unix(socket)) {
                RawConnection.Reply rpc = c.send("POST /RPC2 HTTP/1.0\r\nContent-Length: " + call.length() + "\r\n\r\n"
                        + call).readReply();
                assertEquals(200, rpc.status());
                assertArrayEquals(TestDispatcher.response("3.0"), rpc.body());
            }
            assertFalse(s.activityLog().contains("Bad Authority"), s.activityLog());
        }
    }
}
