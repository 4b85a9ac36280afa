"""Crawls of a real site: a threaded HTTP server on 127.0.0.1 serving saved journal pages
(samples/ and shared/pages-dev/) and every kind of trouble a crawler meets.

The server logs each request (arrival time, Host header, path), so the tests check
politeness from the server's side of the wire.
"""
from __future__ import annotations

import html
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import PAGES_DEV, ROOT, shared_or_skip

from archive.crawl import DEFAULT_USER_AGENT, crawl
from archive.store import Archive

ROBOTS = """\
User-agent: otherbot
Disallow: /

User-agent: *
Disallow: /private/
Crawl-delay: {crawl_delay}
"""


@dataclass
class Route:
    body: bytes = b""
    ctype: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    sleep: float = 0.0
    fail_first: tuple[int, dict[str, str]] | None = None   # (status, headers) of the first answer
    no_length: bool = False
    drip: float = 0.0        # seconds between bytes: a server that trickles its answer


@dataclass
class Hit:
    at: float
    host: str
    path: str
    status: int
    user_agent: str


class Site:
    """The routes of the test site and the log of what was asked of it."""

    def __init__(self, routes: dict[str, Route]):
        self.routes = routes
        self.log: list[Hit] = []
        self.lock = threading.Lock()
        self.port = 0

    def paths(self, host: str | None = None) -> Counter:
        return Counter(h.path for h in self.log if host is None or h.host.startswith(host))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # else headers and body meet a 40 ms delayed ACK on keep-alive
    site: Site

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        arrived = time.monotonic()
        route = self.site.routes.get(self.path)
        with self.site.lock:
            seen = sum(1 for h in self.site.log if h.path == self.path)
            status = route.status if route else 404
            if route and route.fail_first and seen == 0:
                status = route.fail_first[0]
            self.site.log.append(Hit(arrived, self.headers.get("Host", ""), self.path, status,
                                     self.headers.get("User-Agent", "")))
        try:
            if route is None:
                self._send(404, b"<html><body>not here</body></html>", "text/html", {})
            elif route.fail_first and seen == 0:
                self._send(status, b"busy", "text/plain", route.fail_first[1])
            else:
                if route.sleep:
                    time.sleep(route.sleep)
                self._send(route.status, route.body, route.ctype, route.headers, route.no_length, route.drip)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str],
              no_length: bool = False, drip: float = 0.0) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k, v)
        if no_length:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        step = 1 if drip else 16384
        for i in range(0, len(body), step):
            self.wfile.write(body[i:i + step])
            if drip:
                self.wfile.flush()
                time.sleep(drip)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


def serve(site: Site):
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = QuietServer(("127.0.0.1", 0), handler)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server


def listing(title: str, hrefs: list[str]) -> bytes:
    items = "\n".join(f'<li><a href="{html.escape(h)}">文献 {i}</a></li>' for i, h in enumerate(hrefs, 1))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title}</h1><p>本栏目收录期刊论文，按发表时间排列。</p><ul>{items}</ul></body></html>"
            ).encode()


def gbk_page() -> bytes:
    """samples/seed.txt as an HTML page in GBK with no <meta charset>: only HTTP says GBK."""
    lines = (ROOT / "samples" / "seed.txt").read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:] if line.strip())
    page = f"<html><head><title>{lines[0]}</title></head><body><h1>{lines[0]}</h1>{body}</body></html>"
    assert "創" in page
    return page.encode("gbk")


# The site's own parts; the saved pages' links to their original sites' menus (/login/,
# /tool/ …) are left out of the crawl by ``include``.
SITE_PARTS = r"/(list|doc|text)/|/(gbk|blank|flaky|slow|big|big-declared)\.html|/busy\.txt|/pdf/|/private/" \
             r"|/missing|/redirect/|/loop/|/chain/"
DOCS_1 = ["v01_a_docshare.html", "v03_a_docshare_gbk.html", "v04_b_journaldb.html", "v06_c_doclib.html"]
DOCS_2 = ["v07_c_doclib_norelated.html", "v09_a_docshare_traps.html", "v10_b_abstract_only.html"]


def build_site(tricky: bool = True, crawl_delay: float = 0.1) -> Site:
    dev = shared_or_skip(PAGES_DEV)
    r: dict[str, Route] = {"/robots.txt": Route(ROBOTS.format(crawl_delay=crawl_delay).encode(),
                                                "text/plain")}
    for name in DOCS_1 + DOCS_2:
        ctype = "text/html" if "gbk" in name else "text/html; charset=utf-8"
        r[f"/doc/{name}"] = Route((dev / name).read_bytes(), ctype)
    r["/doc/copy-of-v01.html"] = Route((dev / DOCS_1[0]).read_bytes())          # same bytes: a duplicate
    r["/text/v02.txt"] = Route((dev / "v02_a_docshare.txt").read_bytes(), "text/plain; charset=utf-8")
    r["/text/seed.txt"] = Route((ROOT / "samples" / "seed.txt").read_bytes(), "text/plain; charset=utf-8")
    r["/gbk.html"] = Route(gbk_page(), "text/html; charset=GBK")
    r["/list/1"] = Route(listing("期刊目录 第一页", [f"/doc/{n}" for n in DOCS_1] + ["/text/v02.txt"]))
    r["/list/2"] = Route(listing("期刊目录 第二页", [f"/doc/{n}" for n in DOCS_2]
                                 + ["/text/seed.txt", "/doc/copy-of-v01.html", f"/doc/{DOCS_1[0]}"]))
    r["/blank.html"] = Route(b"<html><head></head><body>   </body></html>")
    r["/pdf/paper.pdf"] = Route(b"%PDF-1.4\n" + b"0" * 5000, "application/pdf")
    r["/private/secret.html"] = Route(listing("秘密", []))
    r["/redirect/1"] = Route(status=302, headers={"Location": "/redirect/2"})
    r["/redirect/2"] = Route(status=301, headers={"Location": f"/doc/{DOCS_1[2]}"})
    r["/loop/a"] = Route(status=302, headers={"Location": "/loop/b"})
    r["/loop/b"] = Route(status=302, headers={"Location": "/loop/a"})
    for i in range(10):
        r[f"/chain/{i}"] = Route(status=307, headers={"Location": f"/chain/{i + 1}"})
    seed_links = ["/list/1", "/list/1#top", "/./list/2", "/gbk.html", "/blank.html", "/pdf/paper.pdf",
                  "/private/secret.html", "/missing.html", "/redirect/1", "/loop/a", "/chain/0",
                  "http://localhost:{port}/doc/elsewhere.html"]
    if tricky:
        dev11 = (dev / "v11_b_entities_fullwidth.html").read_bytes()
        r["/flaky.html"] = Route(dev11, fail_first=(500, {}))
        r["/busy.txt"] = Route((dev / "v08_c_doclib.txt").read_bytes(), "text/plain; charset=utf-8",
                               fail_first=(429, {"Retry-After": "1"}))
        r["/slow.html"] = Route(listing("慢", []), sleep=1.0)
        r["/big.html"] = Route(b"<html><body><p>" + "大".encode() * 100_000 + b"</p></body></html>",
                               no_length=True)
        r["/big-declared.html"] = Route(b"<html>" + b" " * 200_000 + b"</html>")
        seed_links += ["/flaky.html", "/busy.txt", "/slow.html", "/big.html", "/big-declared.html"]
    site = Site(r)
    site.seed_links = seed_links   # type: ignore[attr-defined]
    return site


@pytest.fixture()
def make_site():
    servers = []

    def make(**kw) -> Site:
        s = build_site(**kw)
        servers.append(serve(s))
        s.routes["/"] = Route(listing("首页", [h.format(port=s.port) for h in s.seed_links]))  # type: ignore[attr-defined]
        return s

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def site(make_site) -> Site:
    return make_site()


def gaps(hits: list[Hit]) -> list[float]:
    return [b.at - a.at for a, b in pairwise(hits)]


def test_crawl_of_the_site_stores_exactly_what_it_should_and_keeps_its_distance(site: Site, tmp_path: Path):
    seen: list[tuple[str, str]] = []
    with Archive.open(tmp_path / "home") as archive, archive.writer_lock():
        summary = crawl(archive, [site.url("/")], depth=2, delay=0.05, timeout=(1.0, 0.3),
                        max_bytes=100_000, retries=1, backoff=0.05, include=SITE_PARTS,
                        progress=lambda url, outcome, s: seen.append((url, outcome)))
        pages = {p.url: p for p in archive.iter_pages()}
        rejected = {r[0]: r[1] for r in archive.db.execute("SELECT origin, reason FROM rejected")}

    expected = {"/", "/list/1", "/list/2", "/gbk.html", "/redirect/1", "/flaky.html", "/busy.txt",
                "/text/v02.txt", "/text/seed.txt"} | {
                f"/doc/{n}" for n in DOCS_1 + DOCS_2 if n != DOCS_1[2]}   # v04 is stored as /redirect/1
    assert set(pages) == {site.url(p) for p in expected}
    assert summary.stored == len(expected) and summary.duplicates == 1
    # The same bytes under another URL: one page, two origins.
    assert set(pages[site.url(f"/doc/{DOCS_1[0]}")].origins) == {
        site.url(f"/doc/{DOCS_1[0]}"), site.url("/doc/copy-of-v01.html")}
    assert summary.errors == {"timeout": 1, "http_4xx": 1, "too_large": 2, "not_html": 1,
                              "redirect_loop": 1, "too_many_redirects": 1, "not_a_page": 1}
    assert summary.skipped_robots == 1 and summary.retries == 3      # flaky, busy, slow once each
    assert summary.finished and summary.queued == 0
    assert rejected == {site.url("/blank.html"): "no page content found (no title and no text)"}

    # The GBK page says GBK only in its HTTP header; the record is right.
    gbk = pages[site.url("/gbk.html")]
    assert gbk.record and "創" in gbk.record.body and gbk.encoding in ("gbk", "gb18030")
    assert gbk.headers and gbk.headers["content-type"] == "text/html; charset=GBK"
    redirected = pages[site.url("/redirect/1")]
    assert redirected.final_url == site.url(f"/doc/{DOCS_1[2]}") and redirected.http_status == 200
    assert redirected.origins == [site.url("/redirect/1")]
    assert pages[site.url("/busy.txt")].form == "text"

    log = site.paths()
    assert log["/robots.txt"] == 1
    assert "/private/secret.html" not in log                  # robots.txt said no
    assert not site.paths("localhost")                        # another host: not followed
    assert "/tool/" not in log and "/login/" not in log       # not included
    assert log[f"/doc/{DOCS_1[2]}"] == 1 and log["/doc/" + DOCS_1[0]] == 1 and log["/list/1"] == 1
    assert log["/flaky.html"] == 2 and log["/busy.txt"] == 2 and log["/slow.html"] == 2
    assert {h.user_agent for h in site.log} == {DEFAULT_USER_AGENT}

    # Politeness as the server saw it: Crawl-delay 0.1 s (> delay 0.05 s) between requests,
    # and a full second after the 429 that asked for it.
    hits = sorted(site.log, key=lambda h: h.at)
    assert min(gaps(hits)) >= 0.1
    busy = [i for i, h in enumerate(hits) if h.path == "/busy.txt"]
    assert hits[busy[0] + 1].at - hits[busy[0]].at >= 1.0
    assert (site.url("/busy.txt"), "retry") in seen and (site.url("/"), "new") in seen


def test_gbk_page_with_charset_only_in_http_header_keeps_創(site: Site, tmp_path: Path):
    with Archive.open(tmp_path / "home") as archive:
        summary = crawl(archive, [site.url("/gbk.html")], depth=0, delay=0.0)
        (page,) = list(archive.iter_pages())
    assert summary.stored == 1 and page.record is not None
    assert "創建活动" in page.record.body and page.record.title.startswith("浙江绍兴")


# ---------------------------------------------------------------------- kill -9 and resume

CHILD = """
import sys
from archive.store import Archive
from archive.crawl import crawl
home, seed, delay, include, resume = sys.argv[1:]
with Archive.open(home) as archive, archive.writer_lock():
    crawl(archive, [seed] if seed else [], depth=2, delay=float(delay), include=include, resume=resume == "1")
"""


def crawl_in_child_and_kill(home: Path, seed: str, delay: float, after_pages: int, resume: bool = False) -> None:
    """Crawl in a child process and SIGKILL it once the catalog holds ``after_pages`` pages."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", CHILD, str(home), seed, str(delay), SITE_PARTS, "1" if resume else "0"]
    child = subprocess.Popen(args, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and child.poll() is None:
            if stored_count(home) >= after_pages:
                os.kill(child.pid, signal.SIGKILL)
                break
            time.sleep(0.005)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL, err.decode(errors="replace")


def stored_count(home: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0   # not created yet


def snapshot(home: Path) -> tuple[set, set, dict]:
    with Archive.open(home, create=False) as archive:
        pages = {(p.sha256, p.url, p.final_url, tuple(sorted(p.origins))) for p in archive.iter_pages()}
        rejected = {r[0] for r in archive.db.execute("SELECT origin FROM rejected")}
        states = {r[0]: r[1] for r in archive.db.execute("SELECT url, state FROM crawl_urls")}
    return pages, rejected, states


def reference_crawl(site: Site, home: Path) -> tuple[tuple[set, set, dict], Counter]:
    site.log.clear()
    with Archive.open(home) as archive:
        summary = crawl(archive, [site.url("/")], depth=2, delay=0.0, include=SITE_PARTS)
    assert summary.finished
    log = site.paths()
    site.log.clear()
    return snapshot(home), log


def test_crawl_killed_between_pages_resumes_to_the_same_archive_fetching_nothing_twice(make_site,
                                                                                      tmp_path: Path):
    site = make_site(tricky=False, crawl_delay=0)
    want, want_log = reference_crawl(site, tmp_path / "reference")
    assert set(want_log.values()) == {1}

    home = tmp_path / "home"
    # delay 0.3 s: the kill lands while the crawler waits its turn after a committed page.
    crawl_in_child_and_kill(home, site.url("/"), 0.3, after_pages=4)
    pages, _, states = snapshot(home)
    assert 4 <= len(pages) < len(want[0]) and "queued" in states.values()
    with Archive.open(home) as archive, archive.writer_lock():
        summary = crawl(archive, [], resume=True, delay=0.0)
    assert summary.resumed and summary.finished
    assert snapshot(home) == want
    assert site.paths() == want_log          # every URL (and robots.txt) fetched exactly once


def test_crawl_killed_at_any_instant_loses_nothing(make_site, tmp_path: Path):
    site = make_site(tricky=False, crawl_delay=0)
    want, want_log = reference_crawl(site, tmp_path / "reference")
    home = tmp_path / "home"
    # A short delay and a fast poll: the kills land mid-request, mid-commit, mid-sleep …
    crawl_in_child_and_kill(home, site.url("/"), 0.02, after_pages=3)
    crawl_in_child_and_kill(home, "", 0.02, after_pages=8, resume=True)
    with Archive.open(home) as archive, archive.writer_lock():
        summary = crawl(archive, [], resume=True, delay=0.0)
    assert summary.resumed and summary.finished
    assert snapshot(home) == want
    log = site.paths()
    assert set(log) == set(want_log)
    assert sum(log.values()) - sum(want_log.values()) <= 2    # at most the URL in flight at each kill


def test_crawled_pages_are_searchable(site: Site, tmp_path: Path):
    sync_mod = pytest.importorskip("indexer.sync")
    index_mod = pytest.importorskip("indexer.whoosh.index")
    sync = sync_mod.IndexSync()
    with Archive.open(tmp_path / "home") as archive, archive.writer_lock():
        try:
            crawl(archive, [site.url("/gbk.html"), site.url(f"/doc/{DOCS_1[0]}")], depth=0, delay=0.0,
                  sync_index=sync)
        finally:
            sync.close()
        assert archive.db.execute("SELECT COUNT(*) FROM pages WHERE indexed = 0").fetchone()[0] == 0
        with index_mod.SearchIndex.open(archive.index_dir) as index:
            hits = index.search("反诈宣传")["hits"]
    assert site.url("/gbk.html") in {h["url"] for h in hits if h["kind"] != "related"}


def test_a_trickling_server_is_cut_off_at_the_fetch_deadline_and_not_retried(tmp_path):
    from archive.crawl.errors import TooSlow
    from archive.crawl.fetch import HttpFetcher

    site = Site({"/robots.txt": Route(b"User-agent: *\n", "text/plain"),
                 "/drip.html": Route(listing("慢慢来", []), drip=0.05)})   # ~20 s for the whole page
    server = serve(site)
    try:
        fetcher = HttpFetcher(timeout=(0.5, 0.5))   # each byte within the read timeout; 1.5 s in all
        started = time.monotonic()
        with pytest.raises(TooSlow):
            fetcher.get(site.url("/drip.html"))
        assert time.monotonic() - started < 5
        fetcher.close()
        with Archive.open(tmp_path / "home") as archive:
            summary = crawl(archive, [site.url("/drip.html")], delay=0.0, timeout=(0.5, 0.5), retries=3)
        # Asked twice: once by the fetcher above, once by the crawl, which does not retry.
        assert summary.errors == {"too_slow": 1} and site.paths()["/drip.html"] == 2
    finally:
        server.shutdown()
        server.server_close()
        time.sleep(0.2)   # the trickling handler notices the closed connection and ends
