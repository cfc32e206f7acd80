package supervisor.posix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread that watches every child: its stdout/stderr pipes and its pidfd in one epoll set,
 * so that a thousand children cost one thread, not two thousand.
 *
 * <p>Order guarantee: when a child's pidfd becomes readable the child is reaped
 * ({@code waitid(P_PIDFD)}, never {@code waitpid(-1)}, which would steal the JDK's own children),
 * whatever its pipes still hold is delivered, the pipes and pidfd are closed, and only then is its
 * {@link ExitHandler} called. Output therefore always precedes the exit and none is lost.
 *
 * <p>Threading: {@link #register}, {@link #writeStdin}, {@link #closeStdin} and {@link #close} may
 * be called from any thread. Sinks and exit handlers run on the I/O thread and must return
 * quickly (hand off to your own thread).
 */
public final class IoLoop implements AutoCloseable {
    /** supervisord reads at most this much per readiness event. */
    static final int READ_SIZE = 128 * 1024;
    private static final int MAX_EVENTS = 256;
    private static final int STDIN_CHUNK = 64 * 1024;
    /** A grandchild may keep a dead child's pipe busy forever: the final drain stops after this many reads. */
    private static final int MAX_DRAIN_READS = 64;
    private static final int PIDFD = 0, STDOUT = 1, STDERR = 2, STDIN = 3;
    /** epoll data of the wake-up eventfd; children's tokens are {@code id << 2 | kind} with id >= 1. */
    private static final long WAKE_TOKEN = 0;

    private final int epfd;
    private final int wakefd;
    private final Thread thread;
    private final FailureReport failures;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Watch> byId = new ConcurrentHashMap<>();
    private final Map<Child, Watch> byChild = new ConcurrentHashMap<>();
    /** Bytes queued for all children's stdin that their pipes have not taken yet. */
    private final AtomicLong queuedStdin = new AtomicLong();
    private volatile boolean closing;

    public IoLoop() {
        this("supervisor-io", FailureReport.STDERR);
    }

    /** @param failures where failures of the loop, a sink or an exit handler are reported */
    public IoLoop(String threadName, FailureReport failures) {
        this.failures = failures;
        epfd = Libc.epollCreate1(Libc.EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw new IllegalStateException("epoll_create1: " + Posix.errnoName(Libc.errno()));
        }
        wakefd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wakefd < 0) {
            int errno = Libc.errno();
            Libc.close(epfd);
            throw new IllegalStateException("eventfd: " + Posix.errnoName(errno));
        }
        ctl(Libc.EPOLL_CTL_ADD, wakefd, Libc.EPOLLIN, WAKE_TOKEN);
        thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::run);
        thread.start();
    }

    /** Per-child state. Pipe and pidfd fields belong to the I/O thread; stdin fields to the monitor. */
    private static final class Watch {
        final long id;
        final Child child;
        final OutputSink stdout, stderr;
        final ExitHandler onExit;
        int stdoutFd, stderrFd;
        // guarded by this
        int stdinFd;
        /**
         * What the pipe has not taken yet, oldest first, the first array from {@code headOff}: the
         * arrays callers handed over, never copied into a growing buffer, so that a backlog costs
         * what it holds and nothing is kept once it is written.
         */
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        int headOff;
        long queued;
        boolean awaitingWritable;

        Watch(long id, Child child, OutputSink stdout, OutputSink stderr, ExitHandler onExit) {
            this.id = id;
            this.child = child;
            this.stdout = stdout;
            this.stderr = stderr;
            this.onExit = onExit;
            this.stdoutFd = child.stdoutFd();
            this.stderrFd = child.stderrFd();
            this.stdinFd = child.stdinFd();
        }
    }

    /**
     * Starts watching a freshly spawned child; its fds belong to this loop from now on. A null
     * {@code stderr} sink discards stderr (there is none with redirectStderr).
     */
    public void register(Child child, OutputSink stdout, OutputSink stderr, ExitHandler onExit) {
        if (closing) {
            throw new IllegalStateException("I/O loop is closed");
        }
        Watch w = new Watch(nextId.getAndIncrement(), child, stdout, stderr, onExit);
        if (byChild.putIfAbsent(child, w) != null) {
            throw new IllegalStateException("already registered: pid " + child.pid());
        }
        byId.put(w.id, w);
        // Pipes before the pidfd: once the pidfd is in, the I/O thread may finish the child at any time.
        ctl(Libc.EPOLL_CTL_ADD, child.stdoutFd(), Libc.EPOLLIN, token(w, STDOUT));
        if (child.stderrFd() >= 0) {
            ctl(Libc.EPOLL_CTL_ADD, child.stderrFd(), Libc.EPOLLIN, token(w, STDERR));
        }
        ctl(Libc.EPOLL_CTL_ADD, child.pidfd(), Libc.EPOLLIN, token(w, PIDFD));
    }

    /** How many children are being watched. */
    public int size() {
        return byChild.size();
    }

    /**
     * Queues data for the child's stdin and writes what the pipe takes now; the rest is written
     * when the pipe drains. Returns false, dropping anything queued, when stdin is closed, the child
     * has exited, or the child closed its end (EPIPE): supervisord's NO_FILE fault. The array is
     * the loop's from then on: the caller must not change it.
     */
    public boolean writeStdin(Child child, byte[] data) {
        Watch w = byChild.get(child);
        if (w == null) {
            return false;
        }
        synchronized (w) {
            if (w.stdinFd < 0) {
                return false;
            }
            if (data.length > 0) {
                w.pending.add(data);
                w.queued += data.length;
                queuedStdin.addAndGet(data.length);
            }
            if (!flushStdin(w)) {
                return false;
            }
            if (w.queued > 0 && !w.awaitingWritable) {
                ctl(Libc.EPOLL_CTL_ADD, w.stdinFd, Libc.EPOLLOUT, token(w, STDIN));
                w.awaitingWritable = true;
            }
            return true;
        }
    }

    /** Bytes queued for every child's stdin that its pipe has not taken yet. */
    public long queuedStdin() {
        return queuedStdin.get();
    }

    /** Bytes queued for this child's stdin that its pipe has not taken yet (0 for a child not watched). */
    public long queuedStdin(Child child) {
        Watch w = byChild.get(child);
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            return w.queued;
        }
    }

    /** Closes the child's stdin (it sees EOF); queued data is dropped. */
    public void closeStdin(Child child) {
        Watch w = byChild.get(child);
        if (w != null) {
            synchronized (w) {
                closeStdinLocked(w);
            }
        }
    }

    /** Stops the I/O thread and closes the fds of children still registered (they keep running). */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        wake();
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void wake() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            Libc.write(wakefd, one, 8);
        }
    }

    // --- the I/O thread -----------------------------------------------------------------------------

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
            MemorySegment nativeBuf = arena.allocate(READ_SIZE, 8);
            MemorySegment siginfo = arena.allocate(Libc.SIGINFO_SIZE, 8);
            byte[] heapBuf = new byte[READ_SIZE];
            while (!closing) {
                int n = Libc.epollWait(epfd, events, MAX_EVENTS, -1);
                if (n < 0) {
                    int errno = Libc.errno();
                    if (errno == Libc.EINTR) {
                        continue;
                    }
                    failures.failed("epoll_wait", new IllegalStateException(Posix.errnoName(errno)));
                    break;
                }
                for (int i = 0; i < n; i++) {
                    long base = i * Libc.EPOLL_EVENT_SIZE;
                    long token = events.get(JAVA_LONG_UNALIGNED, base + Libc.EPOLL_DATA_OFFSET);
                    if (token == WAKE_TOKEN) {
                        Libc.read(wakefd, nativeBuf, 8);
                        continue;
                    }
                    Watch w = byId.get(token >>> 2);
                    if (w == null) {
                        continue; // finished earlier in this batch
                    }
                    try {
                        switch ((int) (token & 3)) {
                            case PIDFD -> onPidfdReadable(w, siginfo, nativeBuf, heapBuf);
                            case STDOUT, STDERR -> onReadable(w, (int) (token & 3), nativeBuf, heapBuf);
                            default -> onWritable(w);
                        }
                    } catch (RuntimeException e) {
                        failures.failed("I/O for pid " + w.child.pid(), e);
                    }
                }
            }
        } catch (Throwable t) {
            failures.failed("the I/O loop", t);
        } finally {
            closing = true;
            for (Watch w : byChild.values()) {
                Spawner.closeQuietly(w.stdoutFd, w.stderrFd, w.child.pidfd());
                synchronized (w) {
                    closeStdinLocked(w);
                }
            }
            byChild.clear();
            byId.clear();
            Spawner.closeQuietly(wakefd, epfd);
        }
    }

    private void onReadable(Watch w, int kind, MemorySegment nativeBuf, byte[] heapBuf) {
        int fd = kind == STDOUT ? w.stdoutFd : w.stderrFd;
        if (fd >= 0 && readOnce(w, kind, fd, nativeBuf, heapBuf) == 0) {
            // EOF (or a read error): the child closed this stream before exiting; stop watching it.
            Libc.close(fd);
            if (kind == STDOUT) {
                w.stdoutFd = -1;
            } else {
                w.stderrFd = -1;
            }
        }
    }

    /** Reads one chunk and delivers it: 1 = data, -1 = nothing now (EAGAIN), 0 = EOF or error. */
    private int readOnce(Watch w, int kind, int fd, MemorySegment nativeBuf, byte[] heapBuf) {
        long n = Libc.read(fd, nativeBuf, READ_SIZE);
        if (n > 0) {
            MemorySegment.copy(nativeBuf, JAVA_BYTE, 0, heapBuf, 0, (int) n);
            OutputSink sink = kind == STDOUT ? w.stdout : w.stderr;
            if (sink != null) {
                try {
                    sink.output(heapBuf, 0, (int) n);
                } catch (Throwable t) {
                    failures.failed("output sink of pid " + w.child.pid(), t);
                }
            }
            return 1;
        }
        if (n < 0) {
            int errno = Libc.errno();
            if (errno == Libc.EAGAIN || errno == Libc.EINTR) {
                return -1;
            }
        }
        return 0;
    }

    private void onPidfdReadable(Watch w, MemorySegment siginfo, MemorySegment nativeBuf, byte[] heapBuf) {
        siginfo.fill((byte) 0);
        WaitStatus status;
        if (Libc.waitid(Libc.P_PIDFD, w.child.pidfd(), siginfo, Libc.WEXITED | Libc.WNOHANG) == 0) {
            if (siginfo.get(JAVA_INT, Libc.SI_PID) == 0) {
                return; // not waitable yet
            }
            status = new WaitStatus(siginfo.get(JAVA_INT, Libc.SI_CODE), siginfo.get(JAVA_INT, Libc.SI_STATUS));
        } else {
            int errno = Libc.errno();
            if (errno == Libc.EINTR) {
                return;
            }
            // ECHILD: someone else reaped it; the status is lost, as in supervisord's "unknown termination".
            status = new WaitStatus(0, 0);
        }
        PidHistory.reaped(w.child.pid());
        for (int kind : new int[] {STDOUT, STDERR}) {
            int fd = kind == STDOUT ? w.stdoutFd : w.stderrFd;
            for (int reads = 0; fd >= 0 && reads < MAX_DRAIN_READS; reads++) {
                if (readOnce(w, kind, fd, nativeBuf, heapBuf) != 1) {
                    break;
                }
            }
        }
        Spawner.closeQuietly(w.stdoutFd, w.stderrFd, w.child.pidfd());
        w.stdoutFd = w.stderrFd = -1;
        synchronized (w) {
            closeStdinLocked(w);
        }
        byChild.remove(w.child);
        byId.remove(w.id);
        try {
            w.onExit.exited(status);
        } catch (Throwable t) {
            failures.failed("exit handler of pid " + w.child.pid(), t);
        }
    }

    private void onWritable(Watch w) {
        synchronized (w) {
            if (w.stdinFd < 0 || !flushStdin(w)) {
                return;
            }
            if (w.queued == 0 && w.awaitingWritable) {
                ctl(Libc.EPOLL_CTL_DEL, w.stdinFd, 0, 0);
                w.awaitingWritable = false;
            }
        }
    }

    /** Writes queued stdin until done or EAGAIN; false (stdin closed, queue dropped) on EPIPE or error. */
    private boolean flushStdin(Watch w) {
        if (w.queued == 0) {
            return true;
        }
        try (Arena arena = Arena.ofConfined()) {
            // A pipe takes at most its capacity per write: stage one chunk at a time, not the whole queue.
            MemorySegment chunk = arena.allocate(Math.min(STDIN_CHUNK, w.queued));
            while (w.queued > 0) {
                byte[] head = w.pending.getFirst();
                int len = (int) Math.min(chunk.byteSize(), head.length - w.headOff);
                MemorySegment.copy(head, w.headOff, chunk, JAVA_BYTE, 0, len);
                long n = Libc.write(w.stdinFd, chunk, len);
                if (n >= 0) {
                    w.headOff += (int) n;
                    w.queued -= n;
                    queuedStdin.addAndGet(-n);
                    if (w.headOff == head.length) {
                        w.pending.removeFirst();
                        w.headOff = 0;
                    }
                    continue;
                }
                int errno = Libc.errno();
                if (errno == Libc.EINTR) {
                    continue;
                }
                if (errno == Libc.EAGAIN) {
                    return true;
                }
                closeStdinLocked(w);
                return false;
            }
            return true;
        }
    }

    private void closeStdinLocked(Watch w) {
        if (w.stdinFd >= 0) {
            Libc.close(w.stdinFd); // also leaves the epoll set
            w.stdinFd = -1;
        }
        queuedStdin.addAndGet(-w.queued);
        w.pending.clear();
        w.headOff = 0;
        w.queued = 0;
        w.awaitingWritable = false;
    }

    private static long token(Watch w, int kind) {
        return w.id << 2 | kind;
    }

    private void ctl(int op, int fd, int events, long token) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ev = arena.allocate(16, 8);
            ev.set(JAVA_INT_UNALIGNED, 0, events);
            ev.set(JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, token);
            if (Libc.epollCtl(epfd, op, fd, ev) != 0) {
                throw new IllegalStateException("epoll_ctl(" + op + ", fd " + fd + "): " + Posix.errnoName(Libc.errno()));
            }
        }
    }
}
