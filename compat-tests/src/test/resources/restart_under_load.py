"""Restarts a supervisord again and again while clients call supervisor.getState without pause,
and reports whether any call went unanswered: accepted, and then neither answered nor closed.

usage: restart_under_load.py UNIX_URL INET_URL PID LOGFILE RESTARTS DEADLINE_SECONDS

Clients (two threads of each kind): over the unix socket with supervisor's own SupervisorTransport
(what supervisorctl uses) and over inet with plain xmlrpc.client, each either keeping its
connection alive from call to call or opening a new one per call. Every socket gets
DEADLINE_SECONDS as its timeout: a call that times out hung. An answer (a result or a fault)
and a refused, reset or closed connection are both what a client may meet during a restart.

Restarts alternate between SIGHUP and supervisor.restart() (supervisorctl reload). The next one
is asked for once the daemon's log shows the last one done ("supervisord started with pid"),
a short random while into the new life, so that every restart is taken and each meets clients
in the middle of their calls.

Prints one JSON object: {"restarts": n, "answered": {kind: n}, "refused": {kind: n},
"hung": [[kind, seconds into the run], ...]}.
"""
import http.client
import json
import os
import random
import signal
import socket
import sys
import threading
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

UNIX_URL, INET_URL, PID, LOGFILE = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
RESTARTS, DEADLINE = int(sys.argv[5]), float(sys.argv[6])
STARTED = 'supervisord started with pid'

# every socket the clients make, unix and inet, waits at most this long for each reply
socket.setdefaulttimeout(DEADLINE)


def proxy(kind):
    if kind.startswith('unix'):
        return xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, UNIX_URL))
    return xmlrpc.client.ServerProxy(INET_URL + '/RPC2')


begin = time.monotonic()
stop = threading.Event()
lock = threading.Lock()
answered, refused, hung = {}, {}, []


def count(table, kind):
    with lock:
        table[kind] = table.get(kind, 0) + 1


def client(kind):
    keep_alive = kind.endswith('kept-alive')
    server = proxy(kind)
    while not stop.is_set():
        if not keep_alive:
            server = proxy(kind)
        started = time.monotonic()
        try:
            server.supervisor.getState()
            count(answered, kind)
        except xmlrpc.client.Fault:
            count(answered, kind)
        except socket.timeout:
            with lock:
                hung.append([kind, round(started - begin, 1)])
            server = proxy(kind)
        except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError):
            # refused, reset, closed, or the socket file not there yet: the daemon is restarting
            count(refused, kind)
            server = proxy(kind)
            time.sleep(0.005)


def lives():
    with open(LOGFILE, errors='replace') as f:
        return sum(1 for line in f if STARTED in line)


def await_lives(n):
    deadline = time.monotonic() + 60
    while lives() < n:
        if time.monotonic() > deadline:
            raise SystemExit('the daemon did not come back from restart %d' % (n - 1))
        time.sleep(0.02)


def restart(k):
    if k % 2 == 0:
        os.kill(PID, signal.SIGHUP)
        return
    try:
        proxy('unix').supervisor.restart()
    except Exception:
        # not answered this time: the signal asks for the same
        os.kill(PID, signal.SIGHUP)


kinds = ['unix kept-alive', 'unix new connection', 'inet kept-alive', 'inet new connection']
threads = [threading.Thread(target=client, args=(kind,), daemon=True) for kind in kinds for _ in range(2)]
for t in threads:
    t.start()
first = lives()
for k in range(RESTARTS):
    time.sleep(random.uniform(0.05, 0.3))
    restart(k)
    await_lives(first + k + 1)
time.sleep(0.3)
stop.set()
for t in threads:
    t.join(DEADLINE + 5)
print(json.dumps({'restarts': lives() - first, 'answered': answered, 'refused': refused, 'hung': hung}))
