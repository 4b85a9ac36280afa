"""The HTTP API through a real server (uvicorn on an ephemeral loopback port) and in-process.

The archive is built by the real import (``python -m cli import``) from samples/ plus two
hostile pages: one whose title, source, body and related items contain markup as text,
and one whose raw HTML carries a real script.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import ROOT
from web.app import create_app
from web.server import running

SAMPLES = ROOT / "samples"

# Markup as text in every field a page shows: it must come back as text and never run.
XSS_TEXT_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>跨站脚本防护研究&lt;script&gt;window.__xss=1;document.title='pwned'&lt;/script&gt; - 论文 - 学海文库</title>
</head><body><div class="top"><a href="/">首页</a> | <a href="/login">登录</a></div>
<h1>跨站脚本防护研究&lt;script&gt;window.__xss=1;document.title='pwned'&lt;/script&gt;</h1>
<div class="meta">来源 :<a>网络安全学报&lt;img src=x onerror=window.__xss=2&gt;</a>
 | 被引量 : 3次 | 上传用户:tester</div>
<div class="text"><p>　　本文讨论跨站脚本攻击的防护。页面中出现的
&lt;img src=x onerror="window.__xss=2;document.title='pwned'"&gt;只是文字，不应执行。</p>
<p>　　第二段正文&lt;script&gt;window.__xss=1&lt;/script&gt;同样只是文字，跨站脚本的防护依赖转义。</p></div>
<div class="other"><div>其他文献</div><ul>
<li><a href="/p-1.html">跨站脚本漏洞检测&lt;img src=x onerror=window.__xss=3&gt;方法综述</a></li>
<li><a href="/p-2.html">基于内容安全策略的网页防护&lt;script&gt;window.__xss=4&lt;/script&gt;</a></li>
</ul></div><div class="foot">Copyright © 2012-2023 学海文库</div></body></html>
"""
# A real script in the raw bytes: served only as a sandboxed download.
XSS_RAW_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>原始页面脚本隔离研究 - 论文 - 学海文库</title>
<script>window.__xss=5;document.title='pwned'</script></head><body><h1>原始页面脚本隔离研究</h1>
<div class="meta">来源 :<a>网络安全学报</a> | 被引量 : 1次 | 上传用户:tester</div>
<div class="text"><p>　　原始页面里有真正的脚本，它只能作为下载提供，不能在本站的源下运行。
<img src="x" onerror="window.__xss=6"></p></div>
<div class="other"><div>其他文献</div><ul>
<li><a href="/p-3.html">沙箱与下载：不可信页面的安全提供方式</a></li></ul></div>
</body></html>
"""
XSS_TITLE = "跨站脚本防护研究<script>window.__xss=1;document.title='pwned'</script>"


def wenyuan(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                          capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)


def shared_home(tmp_path_factory) -> Path:
    """samples/ + the two hostile pages, imported once per test session (shared by test_web*.py)."""
    home = tmp_path_factory.getbasetemp() / "web-home"
    if (home / "index" / "CURRENT").exists():
        return home
    pages = tmp_path_factory.getbasetemp() / "web-pages"
    shutil.copytree(SAMPLES, pages, dirs_exist_ok=True)
    (pages / "xss_text.html").write_text(XSS_TEXT_PAGE, encoding="utf-8")
    (pages / "xss_raw.html").write_text(XSS_RAW_PAGE, encoding="utf-8")
    r = wenyuan(home, "import", str(pages), "--json")
    assert r.returncode == 0, r.stderr.decode()
    return home


def page_id_titled(home: Path, fragment: str) -> str:
    with create_app(home).state.library.archive() as arc:
        for page in arc.iter_pages():
            if page.record and fragment in page.record.title:
                return f"p{page.id}"
    raise AssertionError(f"no page titled like {fragment!r}")


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return shared_home(tmp_path_factory)


@pytest.fixture(scope="module")
def base(home) -> str:
    with running(create_app(home)) as url:
        yield url


@pytest.fixture(scope="module")
def empty_base(tmp_path_factory) -> str:
    with running(create_app(tmp_path_factory.mktemp("empty-home"))) as url:
        yield url


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=30) as c:
        yield c


# ------------------------------------------------------------------ every endpoint, one shape

SEARCH_KEYS = {"query", "total", "page", "per_page", "took_ms", "timed_out", "hits", "facets"}
PAGE_KEYS = {"id", "doc_id", "kind", "record", "related", "origin", "status", "error", "is_latest"}
LONG_Q = "反" * 1001

# (archive, method, path, status, error code or the keys of a success)
CASES = [
    ("full", "GET", "/healthz", 200, {"status", "archive", "index"}),
    ("full", "GET", "/api/stats", 200, {"pages", "records", "snippets", "sources", "encodings"}),
    ("full", "GET", "/api/search?q=反诈", 200, SEARCH_KEYS),
    ("full", "GET", "/api/search?q=预警&kind=related&sort=citations&page=1&per_page=5", 200, SEARCH_KEYS),
    ("full", "GET", "/api/documents/p1", 200, PAGE_KEYS),
    ("full", "GET", "/api/documents/s1", 200, {"id", "doc_id", "kind", "text", "pages"}),
    ("full", "GET", "/api/documents/p1/raw", 200, None),
    ("full", "GET", "/openapi.json", 200, {"openapi", "info", "paths", "components"}),
    ("full", "GET", "/api/search", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&page=0", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&page=-1", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&page=1001", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&page=two", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&per_page=0", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&per_page=101", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&per_page=99999999999999999999", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&sort=newest", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&kind=book", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&year=2013", 200, SEARCH_KEYS),
    ("full", "GET", "/api/search?q=反诈&year=2010-2015&sort=year", 200, SEARCH_KEYS),
    ("full", "GET", "/api/search?q=反诈&year=last", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&year=13", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=反诈&year=0999", 400, "bad_parameter"),
    ("full", "GET", f"/api/search?q=反诈&source={'刊' * 201}", 400, "bad_parameter"),
    ("full", "GET", f"/api/search?q={LONG_Q}", 400, "bad_parameter"),
    ("full", "GET", "/api/search?q=title:", 400, "bad_query"),
    ("full", "GET", "/api/search?q=%22", 400, "bad_query"),
    ("full", "GET", "/api/search?q=%22反诈", 200, SEARCH_KEYS),
    ("full", "GET", "/api/documents/x1", 400, "bad_id"),
    ("full", "GET", "/api/documents/p", 400, "bad_id"),
    ("full", "GET", "/api/documents/p1x", 400, "bad_id"),
    ("full", "GET", "/api/documents/p%C2%B2", 400, "bad_id"),             # p² (a Unicode digit)
    ("full", "GET", "/api/documents/p9999999999999999999999", 400, "bad_id"),
    ("full", "GET", "/api/documents/p999999", 404, "not_found"),
    ("full", "GET", "/api/documents/s999999", 404, "not_found"),
    ("full", "GET", "/api/documents/zz/raw", 400, "bad_id"),
    ("full", "GET", "/api/documents/p999999/raw", 404, "not_found"),
    ("full", "GET", "/api/documents/s1/raw", 404, "not_found"),
    ("full", "GET", "/no/such/route", 404, "not_found"),
    ("full", "GET", "/static/no-such-file.js", 404, "not_found"),
    ("full", "POST", "/api/search?q=反诈", 405, "method_not_allowed"),
    ("full", "DELETE", "/api/documents/p1", 405, "method_not_allowed"),
    ("full", "PUT", "/api/documents/p1/raw", 405, "method_not_allowed"),
    ("full", "POST", "/api/stats", 405, "method_not_allowed"),
    ("full", "PATCH", "/healthz", 405, "method_not_allowed"),
    ("empty", "GET", "/healthz", 200, {"status", "archive", "index"}),
    ("empty", "GET", "/api/search?q=反诈", 503, "archive_unavailable"),
    ("empty", "GET", "/api/stats", 503, "archive_unavailable"),
    ("empty", "GET", "/api/documents/p1", 503, "archive_unavailable"),
    ("empty", "GET", "/api/documents/p1/raw", 503, "archive_unavailable"),
]


@pytest.mark.parametrize("archive,method,path,status,expect", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2][:60]}-{c[3]}" for c in CASES])
def test_every_endpoint_answers_with_its_shape(base, empty_base, archive, method, path, status, expect):
    r = httpx.request(method, (base if archive == "full" else empty_base) + path, timeout=30)
    assert r.status_code == status, r.text
    # With no archive at all, the advice is to import pages, never to rebuild an index.
    assert archive == "full" or "reindex" not in r.text
    assert r.headers["x-content-type-options"] == "nosniff"
    if status >= 400:
        assert r.headers["content-type"] == "application/json"
        body = r.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
        assert body["error"]["code"] == expect and body["error"]["message"]
        assert "Traceback" not in r.text
        if status == 405:
            assert "GET" in r.headers["allow"]
        if status == 503:
            assert r.headers["retry-after"]
    elif isinstance(expect, set):
        assert r.headers["content-type"] == "application/json"
        assert expect <= set(r.json())


# ------------------------------------------------------------------ same JSON as the CLI


def test_search_json_is_exactly_what_the_cli_prints(home, client):
    for args, params in [(["反诈"], {"q": "反诈"}), (["反诈", "--all-copies"], {"q": "反诈", "copies": "all"}),
                         (["预警", "--kind", "related", "--sort", "citations", "--limit", "3"],
                          {"q": "预警", "kind": "related", "sort": "citations", "per_page": 3})]:
        cli = json.loads(wenyuan(home, "search", *args, "--json").stdout)
        api = client.get("/api/search", params=params).json()
        cli.pop("took_ms"), api.pop("took_ms")
        assert api == cli


def test_document_json_is_exactly_show_json_with_document_ids(home, client):
    shown = json.loads(wenyuan(home, "show", "1", "--json").stdout)
    doc = client.get("/api/documents/p1").json()
    assert doc == shown
    assert doc["doc_id"] == "p1" and doc["kind"] == "article"
    assert all(item["doc_id"] == f"s{item['snippet_id']}" for item in doc["related"])


def test_related_items_link_to_snippet_documents_that_list_their_pages(client):
    doc = client.get("/api/documents/p1").json()
    assert doc["related"]
    item = doc["related"][0]
    snippet = client.get(f"/api/documents/{item['doc_id']}").json()
    assert snippet["kind"] == "related" and snippet["text"] == item["text"]
    assert "p1" in [p["doc_id"] for p in snippet["pages"]]
    assert all(p["title"] for p in snippet["pages"])


def test_search_hits_carry_ids_the_document_endpoint_opens(client):
    result = client.get("/api/search", params={"q": "上海", "per_page": 20}).json()
    assert {h["kind"] for h in result["hits"]} == {"article", "related"}
    for hit in result["hits"]:
        assert client.get(f"/api/documents/{hit['id']}").status_code == 200


def test_raw_is_the_original_bytes_as_a_sandboxed_download(home, client):
    shown = json.loads(wenyuan(home, "show", "1", "--json").stdout)
    r = client.get("/api/documents/p1/raw")
    assert r.content == Path(shown["origin"]["paths"][0]).read_bytes()
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["content-security-policy"].startswith("sandbox")
    assert r.headers["x-content-type-options"] == "nosniff"


# ------------------------------------------------------------------ hostile pages


def test_markup_in_archived_text_comes_back_as_text(home, client):
    result = client.get("/api/search", params={"q": "跨站脚本"}).json()
    hit = next(h for h in result["hits"] if h["kind"] == "article")
    assert hit["title"] == XSS_TITLE
    doc = client.get(f"/api/documents/{hit['id']}").json()
    assert doc["record"]["title"] == XSS_TITLE
    assert "<img src=x onerror=" in doc["record"]["body"] and "<script>" in doc["record"]["body"]
    assert [r["text"] for r in doc["related"]] == ["跨站脚本漏洞检测<img src=x onerror=window.__xss=3>方法综述",
                                                   "基于内容安全策略的网页防护<script>window.__xss=4</script>"]
    assert client.get(f"/api/documents/{doc['related'][1]['doc_id']}").json()["text"].endswith("</script>")


def test_a_real_script_in_raw_html_is_only_a_download(home, client):
    pid = page_id_titled(home, "原始页面脚本隔离研究")
    r = client.get(f"/api/documents/{pid}/raw")
    assert b"<script>window.__xss=5" in r.content
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["content-disposition"] == f'attachment; filename="{pid}.html"'
    assert r.headers["content-security-policy"] == "sandbox; default-src 'none'"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_the_original_shown_inline_is_served_sandboxed_with_no_scripts(home, client):
    pid = page_id_titled(home, "原始页面脚本隔离研究")
    r = client.get(f"/api/documents/{pid}/view")
    assert r.status_code == 200 and b"<script>window.__xss=5" in r.content   # the bytes as saved …
    csp = r.headers["content-security-policy"]
    assert csp.split(";")[0].strip() == "sandbox"                              # … in a sandbox …
    assert "script-src" not in csp or "'none'" in csp.split("script-src")[1].split(";")[0]
    assert "allow-scripts" not in csp                                          # … where nothing runs
    assert r.headers["content-disposition"] == "inline" and r.headers["x-content-type-options"] == "nosniff"


def test_the_page_forbids_inline_script_and_foreign_sources(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe" not in csp
    assert "<script src=\"/static/app.js\"" in r.text
    assert not re.search(r"<script>|\son\w+=|https?://", r.text)   # nothing inline, no CDN
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js


# ------------------------------------------------------------------ in-process, failures


def test_the_app_answers_in_process_too(home):
    async def go():
        transport = httpx.ASGITransport(app=create_app(home))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
            return await c.get("/api/search", params={"q": "反诈"}), await c.get("/api/documents/p999999")

    found, missing = asyncio.run(go())
    assert found.status_code == 200 and found.json()["hits"][0]["id"] == "p1"
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_an_unexpected_error_is_logged_and_answered_generically(home, caplog):
    app = create_app(home)

    def broken(q, **options):
        raise RuntimeError("secret detail")

    app.state.library.search = broken
    with running(app) as url:
        r = httpx.get(url + "/api/search", params={"q": "反诈"})
    assert r.status_code == 500
    assert r.json() == {"error": {"code": "internal_error",
                                  "message": "internal error: the server log has the details"}}
    assert "secret detail" not in r.text
    assert any(rec.name == "web.app" and rec.exc_info and "secret detail" in str(rec.exc_info[1])
               for rec in caplog.records)


def test_a_search_stops_when_its_client_hangs_up(home):
    from archive.errors import SearchCancelled

    app = create_app(home)
    library = app.state.library
    real_search = library.search
    seen: dict = {}
    arrived = threading.Event()

    def search_that_outlasts_its_client(q, cancelled=None, **options):
        # The real search, entered only once the client has gone (or after 20 s): it
        # must see the event set and stop.
        seen["event"] = cancelled
        arrived.set()
        cancelled.wait(20)
        try:
            return real_search(q, cancelled=cancelled, **options)
        except SearchCancelled as e:
            seen["stopped"] = e
            raise

    library.search = search_that_outlasts_its_client
    with running(app) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"GET /api/search?q=%E5%8F%8D%E8%AF%88 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert arrived.wait(10)
        deadline = time.monotonic() + 20
        while "stopped" not in seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen["event"].is_set()
        assert isinstance(seen.get("stopped"), SearchCancelled)
        library.search = real_search
        assert httpx.get(url + "/api/search", params={"q": "反诈"}).json()["total"] > 0   # others still served


def test_wenyuan_serve_starts_on_loopback_and_stops_on_sigterm(home):
    proc = subprocess.Popen([sys.executable, "-m", "cli", "--home", str(home), "serve", "--port", "0"], cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in proc.stderr:
            m = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line)
            if m:
                url = m.group(1)
                break
        assert url, "no 'running on' line"
        assert httpx.get(url + "/healthz").json() == {"status": "ok", "archive": True, "index": True}
        assert httpx.get(url + "/api/search", params={"q": "反诈"}).json()["total"] >= 1
    finally:
        proc.terminate()
        rest = proc.communicate(timeout=20)[1]
    # uvicorn shuts down gracefully, then re-raises the signal so the exit status tells it.
    assert proc.returncode in (0, -signal.SIGTERM) and "Finished server process" in rest


# ------------------------------------------------------------------ who may ask


def test_a_foreign_host_header_is_refused_dns_rebinding(base):
    r = httpx.get(base + "/api/search", params={"q": "反诈"}, headers={"host": "evil.example"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_host"
    assert httpx.get(base + "/api/search", params={"q": "反诈"}, headers={"host": "localhost:8000"}).status_code == 200


def test_allowed_hosts_add_names(home):
    with running(create_app(home, allowed_hosts=["archive.lan"])) as url:
        assert httpx.get(url + "/api/stats", headers={"host": "archive.lan:8080"}).status_code == 200
        assert httpx.get(url + "/api/stats", headers={"host": "other.lan"}).status_code == 400


def test_a_token_is_required_on_the_api_and_the_page(home):
    with running(create_app(home, token="s3cret")) as url:
        assert httpx.get(url + "/api/search", params={"q": "反诈"}).status_code == 401
        assert httpx.get(url + "/").status_code == 401
        assert httpx.get(url + "/api/search", params={"q": "反诈"},
                         headers={"authorization": "Bearer wrong"}).status_code == 401
        assert httpx.get(url + "/api/search", params={"q": "反诈"},
                         headers={"authorization": "Bearer s3cret"}).status_code == 200
        assert httpx.get(url + "/healthz").status_code == 200   # monitoring needs no token
        with httpx.Client(base_url=url) as browser:   # ?token= once, then the cookie
            assert browser.get("/", params={"token": "s3cret"}).status_code == 200
            assert browser.get("/api/stats").status_code == 200


def test_serve_on_a_busy_port_says_so_in_one_line(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "cli", "--home", str(tmp_path), "serve", "--port", str(port)],
                           cwd=ROOT, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    err = r.stderr.decode().strip().splitlines()
    assert r.returncode == 2 and err == [f"wenyuan: port {port} is in use; try --port 0 (any free port)"]


def test_serve_on_all_interfaces_warns(tmp_path):
    p = subprocess.Popen([sys.executable, "-m", "cli", "--home", str(tmp_path), "serve", "--host", "0.0.0.0",
                          "--port", "0"], cwd=ROOT, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        line = p.stderr.readline().decode()
    finally:
        p.terminate()
        p.wait(30)
        p.stderr.close()
    assert "warning" in line and "anyone" in line and "--token" in line


def test_serve_open_opens_the_page_in_the_browser(home, tmp_path):
    # $BROWSER chooses the browser (Python's webbrowser): here a script that notes the URL.
    seen = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {seen}\n')
    browser.chmod(0o755)
    p = subprocess.Popen([sys.executable, "-m", "cli", "--home", str(home), "serve", "--port", "0", "--open"],
                         cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env={**os.environ, "BROWSER": str(browser)})
    try:
        deadline = time.monotonic() + 60
        while not seen.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        url = seen.read_text().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        assert httpx.get(url, timeout=30).status_code == 200      # the page it opened is being served
    finally:
        p.terminate()
        p.wait(30)


def test_a_document_asked_with_a_query_says_where_it_matches(client):
    doc = client.get("/api/documents/p1", params={"q": "反诈"}).json()
    body = doc["record"]["body"]
    assert doc["matches"]["body"] and all(body[s:e] == "反诈" for s, e in doc["matches"]["body"])
    assert set(doc["matches"]) == {"title", "abstract", "body"}
    assert "matches" not in client.get("/api/documents/p1").json()
    bad = client.get("/api/documents/p1", params={"q": "title:"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_query"


def test_every_error_code_the_api_answers_has_chinese_text_on_the_page():
    import web.app
    import web.errors

    documented = set(re.findall(r"^\s+\d{3} ([a-z_]+)\s", web.errors.__doc__, re.M))
    answered = set(re.findall(r'envelope\("([a-z_]+)"', Path(web.app.__file__).read_text(encoding="utf-8")))
    script = (ROOT / "web" / "static" / "app.js").read_text(encoding="utf-8")
    table = script[script.index("const ERROR_TEXT = {"):]
    table = table[:table.index("};")]
    chinese = dict(re.findall(r'^\s+([a-z_]+): "([^"]+)"', table, re.M))
    assert len(documented) >= 10 and {"bad_host", "unauthorized", "internal_error"} <= answered
    missing = (documented | answered) - set(chinese)
    assert not missing, missing
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in chinese.values())
