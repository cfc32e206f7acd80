#!/usr/bin/python3
"""child.py MODE ARGS...: the programs, event listeners and clients the benchmark runs.

Everything on a hot path uses os.read/os.write on raw file descriptors and takes its time
stamps with time.monotonic_ns() (CLOCK_MONOTONIC, one clock for every process on the host), so
that the few microseconds of Python per step are the same whichever daemon is measured and
small against what is measured. Results go to files named on the command line and are written
once, after the timed part.

Modes (see scripts/bench/run for how each is used):
  loop-emitter FIFO WARMUP COUNT OUT   write one stdout line, wait for the listener's byte on FIFO,
                                       repeat; OUT gets "count seconds cpu_seconds" of the COUNT
                                       timed lines
  loop-listener FIFO OUT               event listener: per PROCESS_LOG event, a byte to FIFO, then
                                       OK; at the line END, OUT gets "sent_ns got_ns" per line and
                                       OUT.cpu its CPU seconds over the timed lines
  flood-writer LINES STAMP             write STAMP (start ns), then LINES lines to stdout at once
  flood-listener OUT                   event listener counting the lines PROCESS_LOG events carry;
                                       OUT gets "lines events first_ns last_ns" when idle
  stop-listener FIFO                   event listener: per event, "got_ns eventname" to FIFO
  tail-writer FIFO COUNT SEED          wait for a byte on FIFO, then COUNT lines "MARK i ns" at
                                       seeded random intervals of 20-250 ms
  rpc-clients SOCK NAME,... T0 T1      getProcessInfo(NAME) over one kept-alive unix-socket
                                       connection per NAME until T1 (monotonic s); prints the calls
                                       that completed between T0 and T1, and its CPU seconds then
"""
import os
import random
import select
import socket
import sys
import time

now = time.monotonic_ns


class EventReader:
    """The listener side of supervisor's event protocol, on fd 0 and fd 1."""

    def __init__(self):
        self.buf = b""

    def ready(self):
        os.write(1, b"READY\n")

    def ok(self):
        # as supervisor.childutils.listener.ok() then .ready(): two writes
        os.write(1, b"RESULT 2\nOK")
        os.write(1, b"READY\n")

    def wait(self, timeout=None):
        """True once a whole event is buffered (False on timeout)."""
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                n = int(self.buf[self.buf.rindex(b"len:", 0, i) + 4:i])
                if len(self.buf) >= i + 1 + n:
                    return True
            if timeout is not None and not select.select([0], [], [], timeout)[0]:
                return False
            data = os.read(0, 1 << 17)
            if not data:
                sys.exit(0)  # the daemon went away
            self.buf += data

    def take(self):
        """(header, payload) of the buffered event."""
        i = self.buf.find(b"\n")
        n = int(self.buf[self.buf.rindex(b"len:", 0, i) + 4:i])
        header, payload = self.buf[:i], self.buf[i + 1:i + 1 + n]
        self.buf = self.buf[i + 1 + n:]
        return header, payload


def write_atomic(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def loop_emitter(fifo, warmup, count, out):
    sig = os.open(fifo, os.O_RDONLY)
    t0 = c0 = 0
    for i in range(warmup + count):
        if i == warmup:
            t0, c0 = now(), time.process_time()
        os.write(1, b"%s %d %d\n" % (b"W" if i < warmup else b"L", i, now()))
        if not os.read(sig, 1):
            sys.exit("loop-emitter: the listener went away")
    seconds, cpu = (now() - t0) / 1e9, time.process_time() - c0
    write_atomic(out, f"{count} {seconds} {cpu}\n")
    os.write(1, b"END\n")
    time.sleep(3600)


def loop_listener(fifo, out):
    sig = os.open(fifo, os.O_RDWR)
    ev = EventReader()
    got = []
    c0 = None
    ev.ready()
    while True:
        ev.wait()
        t = now()
        os.write(sig, b"x")
        _, payload = ev.take()
        got.append((t, payload))
        ev.ok()
        if c0 is None and b"\nL " in payload:
            c0 = time.process_time()
        if payload.endswith(b"END\n"):
            write_atomic(out + ".cpu", f"{time.process_time() - (c0 or 0)}\n")
            c0 = None
            lines = []
            for t, p in got:
                for line in p[p.index(b"\n") + 1:].splitlines():
                    if line.startswith(b"L "):
                        lines.append(f"{int(line.split()[2])} {t}")
            write_atomic(out, "\n".join(lines) + "\n")
            got = []


def flood_writer(lines, stamp):
    data = b"".join(b"%07d flood line, the quick brown fox\n" % i for i in range(lines))
    write_atomic(stamp, f"{now()}\n")
    view, done = memoryview(data), 0
    while done < len(data):
        done += os.write(1, view[done:])


def flood_listener(out):
    """Rewrites OUT when idle for 0.3 s and at most every 0.5 s while events flow, so that
    an OUT unchanged for a second or more means no event came in that time."""
    ev = EventReader()
    lines = events = first = last = 0
    written, next_write = None, 0
    ev.ready()
    while True:
        if not ev.wait(timeout=0.3):
            if written != events:
                write_atomic(out, f"{lines} {events} {first} {last}\n")
                written = events
            continue
        last = now()
        first = first or last
        _, payload = ev.take()
        lines += payload.count(b"\n") - 1  # the first line is the payload's own header
        events += 1
        ev.ok()
        if last >= next_write:
            write_atomic(out, f"{lines} {events} {first} {last}\n")
            written, next_write = events, last + 500_000_000


def stop_listener(fifo):
    sig = os.open(fifo, os.O_RDWR)
    ev = EventReader()
    ev.ready()
    while True:
        ev.wait()
        t = now()
        header, _ = ev.take()
        name = header[header.index(b"eventname:") + 10:].split()[0]
        os.write(sig, b"%d %s\n" % (t, name))
        ev.ok()


def tail_writer(fifo, count, seed):
    os.write(1, b"tail-writer ready\n")
    go = os.open(fifo, os.O_RDONLY)
    if not os.read(go, 1):
        sys.exit("tail-writer: no go")
    rnd = random.Random(seed)
    for i in range(count):
        time.sleep(rnd.uniform(0.020, 0.250))
        os.write(1, b"MARK %d %d\n" % (i, now()))
    os.write(1, b"DONE\n")
    time.sleep(3600)


def rpc_clients(path, names, t0, t1):
    """One kept-alive connection per name, each sending getProcessInfo(name) again as soon as
    its answer is in (never two requests in flight on one connection), all driven by one epoll
    loop: several answers ready at once cost one wake-up, so the clients' CPU stays small
    beside the daemon's even at tens of thousands of calls a second."""
    ep = select.epoll()
    conns = {}
    for name in names:
        body = (b"<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getProcessInfo</methodName>\n"
                b"<params>\n<param>\n<value><string>%s</string></value>\n</param>\n</params>\n</methodCall>\n"
                % name.encode())
        req = (b"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\n"
               b"User-Agent: Python-xmlrpc/3\r\nContent-Type: text/xml\r\nAccept: text/xml\r\n"
               b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.setblocking(False)
        conns[s.fileno()] = [s, req, b"", name.encode(), True]
        ep.register(s.fileno(), select.EPOLLIN)
    for c in conns.values():
        c[0].send(c[1])
    counted, c0 = 0, None
    mono = time.monotonic
    while conns:
        events = ep.poll(5.0)
        t = mono()
        if not events:
            sys.exit("rpc-clients: no answer for 5 s")
        if t >= t0 and c0 is None:
            c0 = time.process_time()
        for fd, _ in events:
            c = conns[fd]
            data = c[0].recv(1 << 16)
            if not data:
                sys.exit("rpc-clients: connection closed by the server")
            buf = c[2] + data
            i = buf.find(b"\r\n\r\n")
            if i < 0:
                c[2] = buf
                continue
            head = buf[:i].lower()
            j = head.find(b"content-length:")
            k = head.find(b"\r\n", j)
            n = int(head[j + 15:k if k > 0 else len(head)])
            if len(buf) < i + 4 + n:
                c[2] = buf
                continue
            if len(buf) > i + 4 + n:
                sys.exit("rpc-clients: more than one answer to one request")
            c[2] = b""
            if c[4]:
                if not buf.startswith(b"HTTP/1.1 200") or b"<fault>" in buf or c[3] not in buf:
                    sys.exit(f"rpc-clients: bad answer {buf[:300]!r}")
                c[4] = False
            if t >= t1:
                ep.unregister(fd)
                c[0].close()
                del conns[fd]
                continue
            if t >= t0:
                counted += 1
            if c[0].send(c[1]) != len(c[1]):
                sys.exit("rpc-clients: request not sent whole")
    print(counted, time.process_time() - (c0 or 0), flush=True)


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "loop-emitter":
        loop_emitter(args[0], int(args[1]), int(args[2]), args[3])
    elif mode == "loop-listener":
        loop_listener(args[0], args[1])
    elif mode == "flood-writer":
        flood_writer(int(args[0]), args[1])
    elif mode == "flood-listener":
        flood_listener(args[0])
    elif mode == "stop-listener":
        stop_listener(args[0])
    elif mode == "tail-writer":
        tail_writer(args[0], int(args[1]), int(args[2]))
    elif mode == "rpc-clients":
        rpc_clients(args[0], args[1].split(","), float(args[2]), float(args[3]))
    else:
        sys.exit(f"child.py: unknown mode {mode}")


if __name__ == "__main__":
    main()
