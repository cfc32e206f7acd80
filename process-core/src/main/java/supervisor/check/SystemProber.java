package supervisor.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probes with the operating system, each attempt on a virtual thread of its own so that the
 * supervisor loop never waits on a connect, a reply or a command. Every attempt ends by its
 * bound: the socket's connect and read timeouts, or a command killed (with its descendants)
 * when it has not exited in time. Commands run through the JDK's ProcessBuilder, not the
 * supervised spawn path: they are no managed process, and the JDK's own reaper collects them
 * (see {@link supervisor.posix.Orphans}).
 */
final class SystemProber implements Prober {
    static final SystemProber INSTANCE = new SystemProber();

    private SystemProber() {
    }

    @Override
    public CompletableFuture<Boolean> probe(Check check, long boundMillis) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        int bound = (int) Math.max(1, Math.min(Integer.MAX_VALUE, boundMillis));
        Thread attempt = Thread.ofVirtual().name("check " + check.text()).start(() -> {
            boolean passed;
            try {
                passed = switch (check) {
                    case Check.Tcp tcp -> connects(tcp.host(), tcp.port(), bound);
                    case Check.Http http -> answersOk(http, bound);
                    case Check.Exec exec -> exitsZero(exec.command(), bound);
                    case Check.Log log -> false;
                };
            } catch (IOException | RuntimeException e) {
                passed = false;
            } catch (InterruptedException e) {
                passed = false; // abandoned: the answer was cancelled
            }
            answer.complete(passed);
        });
        // a cancelled attempt stops waiting at once (an interrupt closes a virtual thread's socket)
        answer.whenComplete((r, e) -> {
            if (answer.isCancelled()) {
                attempt.interrupt();
            }
        });
        return answer;
    }

    private static boolean connects(String host, int port, int bound) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), bound);
            return true;
        }
    }

    /** One GET; a 2xx or 3xx status line passes (redirects are not followed, as httpok does not). */
    private static boolean answersOk(Check.Http http, int bound) throws IOException {
        long deadline = System.nanoTime() + bound * 1_000_000L;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(http.host(), http.port()), bound);
            s.setSoTimeout(bound);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + http.path() + " HTTP/1.0\r\nHost: " + http.host() + ":" + http.port()
                    + "\r\nUser-Agent: supervisor ready_check\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\n' && line.length() < 1024; ) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                return false;
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return false;
            }
            return status >= 200 && status < 400;
        }
    }

    private static boolean exitsZero(String command, int bound) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (p.waitFor(bound, TimeUnit.MILLISECONDS)) {
                return p.exitValue() == 0;
            }
            return false;
        } finally {
            if (p.isAlive()) {
                // a hung command, or one abandoned: it and whatever it started end now
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
