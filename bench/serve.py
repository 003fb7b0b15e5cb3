"""A quiet, threaded static file server on 127.0.0.1, as a reader's browser sees the site.

Browser figures need HTTP (module workers and ``fetch`` do not work from
``file://``), and a threaded server so parallel shard requests do not queue
behind each other and inflate the latency being measured.  It speaks
HTTP/1.1 with keep-alive, as every static host does (GitHub Pages, S3 and
nginx also speak HTTP/2): Python's default HTTP/1.0 opens a new connection
per file, which measures the bench's server rather than the site.  Nagle's
algorithm is off, as on any tuned host (nginx ``tcp_nodelay on``, its default):
with keep-alive, Python writes the headers and the body separately, and the
body then waits ~40 ms for the browser's delayed ACK.
"""

from __future__ import annotations

import functools
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar


class _QuietHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: object) -> None:
        """Silence the per-request log line: it would drown the bench output."""


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port from a child process; yields the base URL (no slash).

    A process of its own, not a thread of the bench: in the bench's process the
    server would share the interpreter lock with Playwright's client, which is
    busy exactly while the page fetches, and its waits would count as search time.
    """
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.serve", str(root)],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if not line.startswith("http://"):
            raise RuntimeError(f"bench server did not start (said {line!r})")
        yield line
    finally:
        child.terminate()
        child.wait(timeout=10)


def main(root: str) -> None:
    """Serve ``root`` until terminated; the first line of stdout is the base URL."""
    handler = functools.partial(_QuietHandler, directory=root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
