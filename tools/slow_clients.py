"""Slow clients against `kroniek serve`: do other clients still get answers (issue 13, finding 5)?

Starts `kroniek serve` on a database, opens N connections that send a request line and part of the
headers and then nothing (slowloris), and while they are held times M ordinary requests from another
client; then checks which slow connections the server has closed.

    python tools/slow_clients.py --db kroniek.db --slow 100 --requests 20
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path


def get(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, default=18713)
    parser.add_argument("--slow", type=int, default=100)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--hold", type=float, default=12.0, help="seconds to hold the slow connections")
    args = parser.parse_args()
    kroniek = shutil.which("kroniek", path=str(Path(sys.executable).parent)) or "kroniek"
    serve = subprocess.Popen(
        [kroniek, "serve", "--db", args.db, "--port", str(args.port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(args.port, "/incidents.json")
                break
            except OSError:
                if time.monotonic() > deadline or serve.poll() is not None:
                    raise SystemExit(f"kroniek serve did not start (exit {serve.poll()})") from None
                time.sleep(0.2)
        slow = []
        for _ in range(args.slow):
            conn = socket.create_connection(("127.0.0.1", args.port), timeout=30)
            conn.sendall(b"GET /incidents.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(conn)
        opened = time.monotonic()
        answers = [get(args.port, "/incidents.json") for _ in range(args.requests)]
        times = [seconds for _, seconds in answers]
        statuses = sorted({status for status, _ in answers})
        print(
            f"{args.slow} slow connections held: {args.requests} requests, statuses {statuses}, "
            f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
        )
        time.sleep(max(0.0, args.hold - (time.monotonic() - opened)))
        closed = 0
        for conn in slow:
            conn.settimeout(0.5)
            with contextlib.suppress(TimeoutError):
                closed += conn.recv(1) == b""
            conn.close()
        print(f"after {args.hold:.0f} s: {closed} of {args.slow} slow connections closed by the server")
        return 0 if statuses == [200] and max(times) < 1.0 else 1
    finally:
        serve.terminate()
        serve.wait(10)


if __name__ == "__main__":
    sys.exit(main())
