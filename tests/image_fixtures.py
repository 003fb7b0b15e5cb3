"""Images for the image tests: a local image host, and a tiny site whose post shows two.

``ImageHost`` serves on 127.0.0.1 in a thread.  Each path answers one way (an image, a
page that calls itself an image, a 404, a slow answer...), ``Range`` is honoured where a
route says so, and ``requests`` lists every request with its ``Range`` header and time, so a
test can check what the fetcher asked for, from the server's side.

``write_image_site(folder)`` writes a content folder with one post showing two blog images:
the first has a local copy where ``scripts/fetch_images.py`` would have stored it, the second
has none; a part file and the fetch index lie beside the copy, as a real run leaves them.
"""

from __future__ import annotations

import http.server
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from kexue_archive.images.fetch import INDEX_NAME
from kexue_archive.images.layout import IMAGES_DIR, image_key


def png_bytes(width: int = 2, height: int = 2, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG of one colour (a browser can show it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


#: A JPEG's start (SOI, APP0 JFIF): enough for the signature check, not for display.
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64)


@dataclass
class Route:
    """How one path answers."""

    body: bytes = b""
    content_type: str = "image/png"
    status: int = 200
    send_length: bool = True
    ranges: bool = False
    delay: float = 0.0
    location: str = ""
    #: Announce the whole body but close the connection after this many bytes (only when
    #: the request asks for the whole file: the retry that resumes gets the rest).
    cut_after: int | None = None


@dataclass
class Seen:
    path: str
    range: str | None
    user_agent: str | None
    at: float


@dataclass
class ImageHost:
    """Routes by path; ``start()`` returns the base URL ``http://127.0.0.1:PORT``."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)

    def start(self) -> str:
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                host.requests.append(
                    Seen(
                        self.path,
                        self.headers.get("Range"),
                        self.headers.get("User-Agent"),
                        time.monotonic(),
                    )
                )
                route = host.routes.get(self.path, Route(b"not found", "text/plain", 404))
                if route.delay:
                    time.sleep(route.delay)
                body, status = route.body, route.status
                headers = {"Content-Type": route.content_type}
                wanted = self.headers.get("Range", "")
                if route.ranges and wanted.startswith("bytes=") and wanted.endswith("-"):
                    start = int(wanted[6:-1])
                    if start >= len(body):
                        status, body = 416, b""
                    else:
                        status = 206
                        end = len(route.body) - 1
                        headers["Content-Range"] = f"bytes {start}-{end}/{len(route.body)}"
                        body = body[start:]
                if route.location:
                    headers["Location"] = route.location
                if route.send_length:
                    headers["Content-Length"] = str(len(body))
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if route.cut_after is not None and not wanted:
                        body = body[: route.cut_after]
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout, size limit): that is the test

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        return [seen.path for seen in self.requests]


#: The post of the image site and its two images: one with a local copy, one without.
IMAGE_POST_SLUG = "7001"
LOCAL_IMAGE_URL = "https://kexue.fm/usr/uploads/2019/03/3541623049.png"
MISSING_IMAGE_URL = "https://kexue.fm/usr/uploads/2019/03/missing.png"
LOCAL_IMAGE = png_bytes(40, 20, (30, 90, 200))
IMAGE_POST = f"""Title: 带图的文章
Date: 2019-03-01
Slug: {IMAGE_POST_SLUG}
Date_status: exact
Original: https://kexue.fm/archives/{IMAGE_POST_SLUG}

第一张图有本地副本：

![图1：<b>损失</b>曲线 & 训练步数]({LOCAL_IMAGE_URL})

第二张图没有：

[![图2：尚未下载的示意图]({MISSING_IMAGE_URL})]({MISSING_IMAGE_URL} "点击查看原图")

正文中还有一个公式 $x^2$。
"""


def write_image_site(folder: Path) -> Path:
    """The image site's content folder under ``folder``; returns it."""
    content = folder / "content"
    content.mkdir(parents=True)
    (content / f"{IMAGE_POST_SLUG}.md").write_text(IMAGE_POST, "utf-8")
    copy = content / IMAGES_DIR / image_key(LOCAL_IMAGE_URL)
    copy.parent.mkdir(parents=True)
    copy.write_bytes(LOCAL_IMAGE)
    copy.with_name(".half-done.png.part").write_bytes(LOCAL_IMAGE[:10])
    (content / IMAGES_DIR / INDEX_NAME).write_text(
        f'{{"failed": {{"{MISSING_IMAGE_URL}": "HTTP 404 Not Found"}}}}\n', "utf-8"
    )
    return content
