#!/usr/bin/python3
"""emit.py N [STAMP]: writes exactly N bytes of a fixed pseudo-random stream to stdout
(having first written its CLOCK_MONOTONIC time in ns to the file STAMP, when given).

The stream is 1 MiB of seeded random bytes repeated, each copy preceded by its
16-digit index, so that a lost, doubled or reordered chunk changes the checksum.
The benchmark imports blocks() to know the expected sha256 without a copy on disk.
"""
import os
import random
import sys
import time

BLOCK = random.Random(20240425).randbytes(1 << 20)


def blocks(total):
    """Yields the stream's chunks, total bytes in all."""
    written, index = 0, 0
    while written < total:
        chunk = (b"%016d" % index + BLOCK)[: total - written]
        yield chunk
        written += len(chunk)
        index += 1


def main():
    out = sys.stdout.buffer
    if len(sys.argv) > 2:
        with open(sys.argv[2] + ".tmp", "w") as f:
            f.write(f"{time.monotonic_ns()}\n")
        os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    for chunk in blocks(int(sys.argv[1])):
        out.write(chunk)
    out.flush()


if __name__ == "__main__":
    main()
