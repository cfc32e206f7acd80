# Receives datagrams on a unix socket (a stand-in for /dev/log or systemd's NOTIFY_SOCKET) and
# appends each to a file as one JSON line: {"usec": CLOCK_MONOTONIC at receipt, "text": ...}.
#   datagram_sink.py SOCKET_PATH OUTPUT_FILE       (runs until killed)
import json
import os
import socket
import sys
import time

path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path + '.new')
os.chmod(path + '.new', 0o666)
os.rename(path + '.new', path)  # the socket appears once it is bound
with open(out, 'a', encoding='utf-8') as f:
    while True:
        data = s.recv(1 << 16)
        f.write(json.dumps({'usec': time.monotonic_ns() // 1000, 'text': data.decode('utf-8', 'replace')}) + '\n')
        f.flush()
