"""scripts/fetch_images.py against a local image host: what is stored, refused, asked, reported.

Every check counts on the server's side what the fetcher requested.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kexue_archive.images.fetch import INDEX_NAME, FetchSettings, fetch_images
from kexue_archive.images.layout import image_key
from tests.conftest import ROOT, run_python
from tests.image_fixtures import JPEG_BYTES, ImageHost, Route, png_bytes

PNG = png_bytes()
LIMIT = 4096
TOO_BIG = b"\x89PNG\r\n\x1a\n" + bytes(LIMIT)


@pytest.fixture
def host() -> Iterator[ImageHost]:
    server = ImageHost(
        {
            "/usr/uploads/2019/03/a.png": Route(PNG),
            "/usr/uploads/b.jpg": Route(JPEG_BYTES, "image/jpeg"),
            "/big.png": Route(TOO_BIG),
            "/big-unannounced.png": Route(TOO_BIG, send_length=False),
            "/page.png": Route(b"<!doctype html><title>login</title>", "text/html; charset=utf-8"),
            "/liar.png": Route(b"<html>not an image</html>", "image/png"),
            "/drawing.svg": Route(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
            "/slow.png": Route(PNG, delay=1.5),
            "/resumable.png": Route(PNG, ranges=True),
        }
    )
    server.base = server.start()
    yield server
    server.stop()


def settings(**changes: object) -> FetchSettings:
    """The test host's settings: 127.0.0.1 allowed, no pause, a small limit, a short timeout."""
    return FetchSettings(
        **{"hosts": ("127.0.0.1",), "delay": 0.0, "max_bytes": LIMIT, "timeout": 0.5, **changes}
    )


def write_post(content: Path, name: str, *urls: str) -> None:
    content.mkdir(parents=True, exist_ok=True)
    lines = ["Title: t", "Date: 2019-03-01", ""]
    lines += [f"段落。\n\n![图{i}]({url})\n" for i, url in enumerate(urls)]
    (content / name).write_text("\n".join(lines), "utf-8")


def copy_of(content: Path, url: str) -> Path:
    return content / "images" / image_key(url)


def test_each_image_is_stored_at_the_shared_layout_path(tmp_path: Path, host: ImageHost) -> None:
    png, jpg = f"{host.base}/usr/uploads/2019/03/a.png", f"{host.base}/usr/uploads/b.jpg"
    write_post(tmp_path, "p.md", png, jpg)
    report = fetch_images(tmp_path, tmp_path / "images", settings())
    assert copy_of(tmp_path, png) == tmp_path / "images/127.0.0.1/usr/uploads/2019/03/a.png"
    assert copy_of(tmp_path, png).read_bytes() == PNG
    assert copy_of(tmp_path, jpg).read_bytes() == JPEG_BYTES
    assert [(d.format, d.bytes) for d in report.downloaded] == [("png", len(PNG)), ("jpeg", 84)]
    assert report.failed == []
    assert all(seen.user_agent.startswith("kexue-archive-fetch-images/") for seen in host.requests)
    assert not list((tmp_path / "images").rglob(".*.part"))


def test_second_run_requests_nothing_already_fetched(tmp_path: Path, host: ImageHost) -> None:
    write_post(tmp_path, "p.md", f"{host.base}/usr/uploads/2019/03/a.png", f"{host.base}/page.png")
    first = fetch_images(tmp_path, tmp_path / "images", settings())
    assert len(host.requests) == 2 and first.requests == 2
    second = fetch_images(tmp_path, tmp_path / "images", settings())
    assert len(host.requests) == 2  # nothing asked: the copy is there, the failure is recorded
    assert second.requests == 0
    assert second.cached == [f"{host.base}/usr/uploads/2019/03/a.png"]
    assert [(f.url, f.earlier) for f in second.failed] == [(f"{host.base}/page.png", True)]
    third = fetch_images(tmp_path, tmp_path / "images", settings(retry_failed=True))
    assert host.paths()[2:] == ["/page.png"] and third.requests == 1
    assert third.failed[0].earlier is False


def test_refusals_are_each_reported_with_the_post_line(tmp_path: Path, host: ImageHost) -> None:
    names = ["big.png", "big-unannounced.png", "page.png", "liar.png", "drawing.svg", "none.png"]
    write_post(tmp_path, "p.md", *(f"{host.base}/{name}" for name in names))
    report = fetch_images(tmp_path, tmp_path / "images", settings())
    errors = {f.url.rsplit("/", 1)[1]: (f.error, f.sources) for f in report.failed}
    assert errors["big.png"][0] == f"{len(TOO_BIG)} bytes, more than the limit of {LIMIT}"
    assert errors["big-unannounced.png"][0].endswith("stopped reading")
    assert errors["page.png"][0] == "Content-Type is text/html, not an image"
    assert errors["liar.png"][0] == "the bytes are not a PNG, JPEG, GIF or WebP image"
    assert errors["drawing.svg"][0].startswith("SVG refused")
    assert errors["none.png"][0] == "HTTP 404 Not Found"
    assert errors["page.png"][1] == ("p.md:14",)  # the third image: line 6 + 2 * 4
    assert sorted(errors) == sorted(names)
    assert not [p for p in (tmp_path / "images").rglob("*") if p.is_file() and p.suffix != ".json"]
    index = json.loads((tmp_path / "images" / INDEX_NAME).read_text("utf-8"))
    assert sorted(index["failed"]) == sorted(f"{host.base}/{name}" for name in names)


def test_a_slow_server_times_out_and_the_run_goes_on(tmp_path: Path, host: ImageHost) -> None:
    write_post(tmp_path, "p.md", f"{host.base}/slow.png", f"{host.base}/usr/uploads/b.jpg")
    report = fetch_images(tmp_path, tmp_path / "images", settings(timeout=0.3))
    assert [f.error for f in report.failed] == ["timed out (no answer within 0.3 s)"]
    assert [d.url for d in report.downloaded] == [f"{host.base}/usr/uploads/b.jpg"]


def test_an_interrupted_download_resumes_from_its_part(tmp_path: Path, host: ImageHost) -> None:
    url = f"{host.base}/resumable.png"
    write_post(tmp_path, "p.md", url)
    copy = copy_of(tmp_path, url)
    copy.parent.mkdir(parents=True)
    part = copy.with_name(".resumable.png.part")
    part.write_bytes(PNG[:20])
    report = fetch_images(tmp_path, tmp_path / "images", settings())
    assert [seen.range for seen in host.requests] == ["bytes=20-"]
    assert copy.read_bytes() == PNG and not part.exists()
    assert report.downloaded[0].resumed is True


def test_a_connection_cut_midway_leaves_a_part_the_retry_completes(
    tmp_path: Path, host: ImageHost
) -> None:
    host.routes["/cut.png"] = Route(PNG, ranges=True, cut_after=30)
    url = f"{host.base}/cut.png"
    write_post(tmp_path, "p.md", url)
    first = fetch_images(tmp_path, tmp_path / "images", settings())
    assert [f.error for f in first.failed] == [
        f"the connection closed after 30 of {len(PNG)} bytes (resumable)"
    ]
    copy = copy_of(tmp_path, url)
    assert not copy.exists() and copy.with_name(".cut.png.part").read_bytes() == PNG[:30]
    second = fetch_images(tmp_path, tmp_path / "images", settings(retry_failed=True))
    assert [seen.range for seen in host.requests] == [None, "bytes=30-"]
    assert copy.read_bytes() == PNG and second.downloaded[0].resumed is True
    assert json.loads((tmp_path / "images" / INDEX_NAME).read_text("utf-8")) == {"failed": {}}


def test_a_part_the_server_will_not_resume_is_fetched_whole(
    tmp_path: Path, host: ImageHost
) -> None:
    url = f"{host.base}/usr/uploads/2019/03/a.png"  # this route ignores Range: answers 200
    write_post(tmp_path, "p.md", url)
    copy = copy_of(tmp_path, url)
    copy.parent.mkdir(parents=True)
    copy.with_name(".a.png.part").write_bytes(b"stale bytes of another try")
    report = fetch_images(tmp_path, tmp_path / "images", settings())
    assert host.requests[0].range == "bytes=26-"
    assert copy.read_bytes() == PNG and report.downloaded[0].resumed is False


def test_an_address_whose_folder_is_a_file_fails_with_the_path(
    tmp_path: Path, host: ImageHost
) -> None:
    host.routes["/x.png"] = host.routes["/x.png/y.png"] = Route(PNG)
    write_post(tmp_path, "p.md", f"{host.base}/x.png", f"{host.base}/x.png/y.png")
    report = fetch_images(tmp_path, tmp_path / "images", settings())
    assert [d.path for d in report.downloaded] == ["127.0.0.1/x.png"]
    (failure,) = report.failed
    assert failure.error.startswith("cannot store it at ") and "x.png" in failure.error


def test_only_allowed_hosts_are_asked(tmp_path: Path, host: ImageHost) -> None:
    other = "https://images.example.org/x.png"
    write_post(tmp_path, "p.md", other, f"{host.base}/usr/uploads/b.jpg", "data:image/png;base64,")
    report = fetch_images(tmp_path, tmp_path / "images", FetchSettings(delay=0, timeout=0.5))
    assert host.requests == [] and report.requests == 0  # the default list: the blog's hosts
    assert [(s.url, s.reason) for s in report.skipped] == [
        ("data:image/png;base64,", "not an http(s) address"),
        (f"{host.base}/usr/uploads/b.jpg", "host not allowed (--any-host)"),
        (other, "host not allowed (--any-host)"),
    ]
    widened = fetch_images(tmp_path, tmp_path / "images", settings(any_host=True, timeout=0.1))
    assert host.paths() == ["/usr/uploads/b.jpg"]
    assert [d.url for d in widened.downloaded] == [f"{host.base}/usr/uploads/b.jpg"]


def test_a_redirect_off_the_allowed_hosts_is_not_followed(tmp_path: Path, host: ImageHost) -> None:
    port = host.base.rsplit(":", 1)[1]
    host.routes["/moved.png"] = Route(status=302, location=f"http://localhost:{port}/a.png")
    host.routes["/a.png"] = Route(PNG)
    write_post(tmp_path, "p.md", f"{host.base}/moved.png")
    report = fetch_images(tmp_path, tmp_path / "images", settings())
    assert host.paths() == ["/moved.png"]
    assert (
        report.failed[0].error
        == f"redirected to http://localhost:{port}/a.png, which is not allowed"
    )


def test_requests_are_one_at_a_time_with_the_delay_between(tmp_path: Path, host: ImageHost) -> None:
    for name in ("x", "y", "z"):
        host.routes[f"/{name}.png"] = Route(PNG)
    write_post(tmp_path, "p.md", *(f"{host.base}/{name}.png" for name in "xyz"))
    fetch_images(tmp_path, tmp_path / "images", settings(delay=0.25))
    times = [seen.at for seen in host.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.25 for earlier, later in itertools.pairwise(times))


def test_images_in_code_are_not_fetched(tmp_path: Path, host: ImageHost) -> None:
    text = (
        f"```markdown\n![a]({host.base}/usr/uploads/2019/03/a.png)\n```\n\n"
        f'`![b]({host.base}/page.png)` and ![c](<{host.base}/usr/uploads/b.jpg> "title")\n'
    )
    (tmp_path / "p.md").write_text(text, "utf-8")
    report = fetch_images(tmp_path, tmp_path / "images", settings())
    assert host.paths() == ["/usr/uploads/b.jpg"] and report.failed == []


def test_script_reports_failures_on_stderr_and_in_json(tmp_path: Path, host: ImageHost) -> None:
    write_post(tmp_path, "post.md", f"{host.base}/usr/uploads/b.jpg", f"{host.base}/none.png")
    report_file = tmp_path / "build" / "images.json"
    cmd = [sys.executable, str(ROOT / "scripts" / "fetch_images.py"), "--content", str(tmp_path)]
    cmd += ["--any-host", "--delay", "0", "--timeout", "2", "--report", str(report_file)]
    proc = run_python(cmd)
    assert proc.returncode == 1
    assert f"FAILED {host.base}/none.png (post.md:10): HTTP 404 Not Found" in proc.stderr
    assert "1 downloaded, 0 already there, 1 failed, 0 skipped; 2 requests" in proc.stderr
    report = json.loads(report_file.read_text("utf-8"))
    assert [f["url"] for f in report["failed"]] == [f"{host.base}/none.png"]
    assert report["downloaded"][0]["path"] == "127.0.0.1/usr/uploads/b.jpg"
    again = run_python([*cmd[:-2], "--retry-failed"])
    assert again.returncode == 1 and host.paths().count("/none.png") == 2
    assert host.paths().count("/usr/uploads/b.jpg") == 1


def test_script_usage_errors_exit_2(tmp_path: Path) -> None:
    script = str(ROOT / "scripts" / "fetch_images.py")
    missing = run_python([sys.executable, script, "--content", str(tmp_path / "nope")])
    assert missing.returncode == 2 and "is not a folder" in missing.stderr
    negative = run_python([sys.executable, script, "--delay", "-1"])
    assert negative.returncode == 2 and "at least 0" in negative.stderr
