"""Writes LINES numbered lines of 64 bytes to stdout as fast as it can, then its own count of the
bytes written and their SHA-256 to SIDE_FILE (written whole, then renamed into place), so that a
test can tell every byte of its log apart from a lost, repeated or reordered one.

usage: flood.py LINES SIDE_FILE

Line i is i in 16 digits, a space, 46 'x' and a newline; 16,777,216 lines are 1 GiB. Blocks of
16,384 lines go out with os.write, resumed after a short write, so nothing is buffered in Python.
"""
import hashlib
import os
import sys

lines, side = int(sys.argv[1]), sys.argv[2]
tail = b' ' + b'x' * 46 + b'\n'
digest, written, per = hashlib.sha256(), 0, 16384
for start in range(0, lines, per):
    block = memoryview(b''.join([b'%016d' % i + tail for i in range(start, min(start + per, lines))]))
    digest.update(block)
    while block:
        n = os.write(1, block)
        written += n
        block = block[n:]
with open(side + '.tmp', 'w') as f:
    f.write('%d %s\n' % (written, digest.hexdigest()))
os.replace(side + '.tmp', side)
