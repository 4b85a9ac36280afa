"""`wenyuan parse` as a user runs it: a real process, exit codes, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import PAGES_DEV, ROOT, SHARED, shared_or_skip

KEYS = ["title", "source", "citations", "uploader", "authors", "keywords", "abstract", "body",
        "related", "encoding", "year", "issue"]   # year and issue: optional in the record format


def wenyuan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_parse_json_prints_exactly_the_record_keys():
    seed = shared_or_skip(PAGES_DEV / "seed.txt")
    r = wenyuan("parse", "--json", str(seed))
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert list(rec) == KEYS
    assert rec["title"] == "浙江绍兴:立足新形势 探索打防新模式"
    assert all(set(item) == {"text", "url"} for item in rec["related"])


def test_parse_summary_is_readable():
    r = wenyuan("parse", str(ROOT / "samples" / "seed.txt"))
    assert r.returncode == 0, r.stderr
    assert "浙江绍兴" in r.stdout and "中国防伪报道" in r.stdout and "其他文献" in r.stdout


def test_not_a_page_exits_nonzero_with_one_line_naming_the_file(tmp_path):
    png = tmp_path / "figure.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    r = wenyuan("parse", "--json", str(png))
    assert r.returncode == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(png) in lines[0] and "PNG" in lines[0]
    assert "Traceback" not in r.stderr


def test_missing_file_is_one_line(tmp_path):
    r = wenyuan("parse", str(tmp_path / "missing.html"))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_help_explains_with_an_example():
    r = wenyuan("parse", "--help")
    assert r.returncode == 0 and "Examples" in r.stdout and "--json" in r.stdout


# ---- several inputs, standard input, a URL (issue 14 #16) ----

def _parse(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", "parse", *args], cwd=ROOT, capture_output=True,
                          timeout=120, input=stdin if stdin is not None else b"")


def test_parse_takes_several_paths_and_standard_input(tmp_path):
    seed = ROOT / "samples" / "seed.txt"
    one = json.loads(_parse("--json", str(seed)).stdout)
    both = _parse("--json", str(seed), str(tmp_path / "missing.html"))
    assert both.returncode == 1
    lines = [json.loads(x) for x in both.stdout.decode().splitlines()]
    assert lines[0] == {"input": str(seed), "record": one}
    assert lines[1]["input"].endswith("missing.html") and "cannot read" in lines[1]["error"]
    piped = _parse("--json", "-", stdin=seed.read_bytes())
    assert piped.returncode == 0 and json.loads(piped.stdout) == one
    text = _parse(str(seed), str(seed)).stdout.decode()
    assert text.count(f"==> {seed} <==") == 2


def test_parse_fetches_a_url_politely(tmp_path):
    import http.server
    import threading

    seed = (ROOT / "samples" / "seed.txt").read_bytes()
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nDisallow: /private/\n", "text/plain"
            elif self.path == "/moved":
                self.send_response(301)
                self.send_header("Location", "/p/1.txt")
                self.end_headers()
                return
            elif self.path == "/p/1.txt":
                body, ctype = seed, "text/plain; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        got = _parse("--json", f"{base}/moved")
        assert got.returncode == 0, got.stderr.decode()
        local = json.loads(_parse("--json", str(ROOT / "samples" / "seed.txt")).stdout)
        assert json.loads(got.stdout)["title"] == local["title"]
        assert seen[0] == "/robots.txt" and "/p/1.txt" in seen
        refused = _parse(f"{base}/private/x.html")
        assert refused.returncode == 1 and b"robots.txt does not allow" in refused.stderr
        assert "/private/x.html" not in seen
        missing = _parse(f"{base}/gone.html")
        assert missing.returncode == 1 and missing.stderr.decode().count(f"{base}/gone.html") == 1
    finally:
        server.shutdown()
        server.server_close()


def test_the_summary_counts_paragraphs_in_the_singular_and_the_plural(tmp_path):
    page = tmp_path / "page.txt"
    one = "　　这是唯一的一段正文，它讲述了一个简单的事实，并且足够长，可以被当作文章的正文来看待。"
    page.write_text(f"一段正文的测试页面标题\n\n来源 :测试学报 | 被引量 : 1次 | 上传用户:tester\n{one}\n",
                    encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "cli", "parse", str(page)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "正文 (1 paragraph, " in r.stdout
    page.write_text(page.read_text(encoding="utf-8") + one.replace("唯一的", "第二") + "\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "cli", "parse", str(page)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert "正文 (2 paragraphs, " in r.stdout


YEAR_PAGES = {
    # a dated label; the 2009 of the body is running text, not the year
    "dated.txt": ("城市污水处理厂提标改造工程实践\n发布时间：2016-05-12\n来源 :给水排水 | 被引量 : 3次\n"
                  "摘要: 本文介绍某污水处理厂提标改造的工艺选择与运行效果，出水达到一级A标准。\n"
                  "  改造后出水稳定达标。2009年该厂曾扩建一次。\n", 2016, None),
    # year, volume and issue beside the source
    "volume.txt": ("高校图书馆阅读推广研究\n来源 :图书馆论坛 2013, 39(1) | 被引量 : 2次\n"
                   "摘要: 本文调查了十所高校图书馆的阅读推广活动，分析其形式与成效。\n"
                   "  阅读推广是图书馆的重要工作。\n", 2013, "39(1)"),
    # an issue line
    "issue.txt": ("中学作文教学现状调查\n来源 :语文学刊 | 被引量 : 1次\n2015年第07期\n"
                  "摘要: 本文以三所中学为例，分析了作文教学中存在的主要问题。\n"
                  "  作文教学需要改进。\n", 2015, "第07期"),
    # a year only in running text: unknown
    "none.txt": ("农村留守儿童心理健康调查\n来源 :教育探索 | 被引量 : 0次\n"
                 "摘要: 2012年起，本文跟踪调查了两个县的留守儿童。\n"
                 "  调查发现孤独感较为普遍。\n", None, None),
}


def test_parse_json_gives_the_year_and_issue_from_the_meta_lines_only(tmp_path):
    for name, (text, year, issue) in YEAR_PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        r = wenyuan("parse", "--json", str(tmp_path / name))
        assert r.returncode == 0, r.stderr
        rec = json.loads(r.stdout)
        assert (rec["year"], rec["issue"]) == (year, issue), name


def test_the_readmes_document_year_and_issue_as_optional_record_keys():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parse_section = readme.split("### `wenyuan parse`", 1)[1].split("###", 1)[0]
    assert "year, issue`" in parse_section and "`year` (an integer)" in parse_section
    spec = shared_or_skip(SHARED / "pages-dev" / "README.md").read_text(encoding="utf-8")
    for key in ("year", "issue"):
        line = next(x for x in spec.splitlines() if x.strip().startswith(f'"{key}"'))
        assert "optional" in line, line


_RELATED_PAGE = ("{saved}<html><head><meta charset='utf-8'><title>中学作文教学现状调查</title>{base}</head><body>"
                 "<h1>中学作文教学现状调查</h1><p>来源 :语文学刊 | 被引量 : 3次</p>"
                 "<p>本文以某市三所中学为例，分析了作文教学中存在的主要问题，并提出了改进建议，供同行参考。</p>"
                 "<h3>相关文献</h3><ul>"
                 "<li><a href='/doc/csl-test-0452.html'>农村留守儿童心理健康调查研究进展与对策分析…</a></li>"
                 "<li><a href='p/77.html'>高校图书馆阅读推广研究现状与发展趋势的分析…</a></li>"
                 "<li><a href='javascript:void(0)'>基于核心素养的初中语文阅读教学策略研究…</a></li></ul></body></html>")


def test_related_links_are_resolved_against_the_pages_own_url_and_its_base(tmp_path):
    saved = "<!-- saved from url=(0040)https://www.example.org/paper/p/123.html -->\n"
    cases = {
        "saved.html": (_RELATED_PAGE.format(saved=saved, base=""),
                       ["https://www.example.org/doc/csl-test-0452.html", "https://www.example.org/paper/p/p/77.html"]),
        "based.html": (_RELATED_PAGE.format(saved=saved, base="<base href='https://mirror.example.net/lib/'>"),
                       ["https://mirror.example.net/doc/csl-test-0452.html", "https://mirror.example.net/lib/p/77.html"]),
        "nowhere.html": (_RELATED_PAGE.format(saved="", base=""), ["/doc/csl-test-0452.html", "p/77.html"]),
    }
    for name, (html, expected) in cases.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
        r = wenyuan("parse", "--json", str(tmp_path / name))
        assert r.returncode == 0, r.stderr
        urls = [item["url"] for item in json.loads(r.stdout)["related"]]
        assert urls == expected + ["javascript:void(0)"], name   # not a web link: as shown
    # Imported, the archive's record carries the resolved links; the raw bytes stay as saved.
    home = tmp_path / "home"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "saved.html").write_text(cases["saved.html"][0], encoding="utf-8")
    assert wenyuan("--home", str(home), "import", str(folder)).returncode == 0
    shown = json.loads(wenyuan("--home", str(home), "show", "p1", "--json").stdout)
    assert [r.get("url") for r in shown["record"]["related"]][:2] == cases["saved.html"][1]
    raw = subprocess.run([sys.executable, "-m", "cli", "--home", str(home), "show", "p1", "--raw"], cwd=ROOT,
                         capture_output=True, timeout=60).stdout
    assert raw == (folder / "saved.html").read_bytes()
