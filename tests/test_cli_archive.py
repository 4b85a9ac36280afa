"""The archive commands as a user runs them: real processes over a real home folder."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from conftest import ROOT
from web.app import create_app
from web.server import running

SAMPLES = ROOT / "samples"


def wenyuan(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                          capture_output=True, timeout=300, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    h = tmp_path_factory.mktemp("home")
    r = wenyuan(h, "import", str(SAMPLES), "--json")
    assert r.returncode == 0, r.stderr.decode()
    summary = json.loads(r.stdout)
    assert summary["imported"] == len(list(SAMPLES.iterdir())) and not summary["rejected"]
    return h


def test_import_then_search_finds_the_page_with_nothing_in_between(home):
    r = wenyuan(home, "search", "反诈", "--json")
    assert r.returncode == 0, r.stderr.decode()
    result = json.loads(r.stdout)
    assert result["total"] >= 1
    hit = result["hits"][0]
    assert hit["title"] == "浙江绍兴:立足新形势 探索打防新模式" and hit["source"] == "中国防伪报道"
    assert set(result) >= {"total", "page", "per_page", "took_ms", "hits", "facets"}
    assert result["facets"]["kind"]["article"] >= 1


def test_search_text_output_marks_matches(home):
    r = wenyuan(home, "search", "反诈")
    out = r.stdout.decode()
    assert r.returncode == 0 and "«反诈»" in out and "中国防伪报道" in out


def test_related_snippets_are_searchable_and_point_to_their_page(home):
    r = wenyuan(home, "search", '"上海黄金交易所"', "--kind", "related", "--json")
    result = json.loads(r.stdout)
    assert result["total"] == 1
    hit = result["hits"][0]
    assert hit["kind"] == "related" and hit["pages"]


def test_the_query_may_be_several_arguments_and_may_start_with_a_minus(home):
    one = json.loads(wenyuan(home, "search", "反诈 诈骗", "--json").stdout)
    several = json.loads(wenyuan(home, "search", "反诈", "诈骗", "--json").stdout)
    assert several["query"] == "反诈 诈骗" and several["total"] == one["total"]
    for args in (["--", "-石家庄 反诈"], ["-石家庄 反诈"], ["-石家庄", "反诈"]):
        r = wenyuan(home, "search", "--json", *args)
        assert r.returncode == 0, r.stderr.decode()
        assert json.loads(r.stdout)["query"] == "-石家庄 反诈"


def test_bad_query_is_one_line_and_exit_2(home):
    r = wenyuan(home, "search", "title:")
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "Traceback" not in r.stderr.decode()


def test_show_raw_is_byte_identical(home):
    r = wenyuan(home, "show", "1", "--json")
    page = json.loads(r.stdout)
    origin = Path(page["origin"]["paths"][0])
    raw = wenyuan(home, "show", "1", "--raw")
    assert raw.returncode == 0 and raw.stdout == origin.read_bytes()


def test_show_unknown_id_is_a_clear_error(home):
    r = wenyuan(home, "show", "99999")
    assert r.returncode == 1 and b"no page with id 99999" in r.stderr and b"Traceback" not in r.stderr


def test_stats_and_export(home, tmp_path):
    stats = json.loads(wenyuan(home, "stats", "--json").stdout)
    assert stats["pages"] == stats["records"] == len(list(SAMPLES.iterdir()))
    assert stats["snippets"] > 0 and stats["encodings"]
    out = tmp_path / "all.jsonl"
    assert wenyuan(home, "export", "-o", str(out)).returncode == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == stats["pages"]
    assert all(set(r) >= {"id", "record", "related", "origin"} for r in rows)


def test_reindex_reparse_rebuilds_and_search_still_works(home):
    r = wenyuan(home, "reindex", "--reparse")
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(wenyuan(home, "search", "反诈", "--json").stdout)["total"] >= 1


def test_one_damaged_blob_is_reported_and_reparse_goes_on_with_the_rest(tmp_path):
    import sqlite3

    home = tmp_path / "home"
    assert wenyuan(home, "import", str(SAMPLES)).returncode == 0
    con = sqlite3.connect(home / "catalog.sqlite")
    (sha,) = con.execute("SELECT sha256 FROM pages ORDER BY id LIMIT 1").fetchone()
    before = con.execute("SELECT record FROM pages ORDER BY id LIMIT 1").fetchone()[0]
    con.close()
    blob = next((home / "blobs").rglob(f"{sha}*"))
    blob.write_bytes(b"not zlib at all")
    r = wenyuan(home, "reindex", "--reparse")
    err = r.stderr.decode()
    assert r.returncode == 0, err
    assert "skipped" in err and "damaged" in err and str(home) not in err   # no server path shown
    assert "index rebuilt" in r.stdout.decode()
    con = sqlite3.connect(home / "catalog.sqlite")
    assert con.execute("SELECT record FROM pages ORDER BY id LIMIT 1").fetchone()[0] == before   # kept
    con.close()


def test_reindex_removes_what_a_killed_rebuild_left(tmp_path):
    home = tmp_path / "home"
    assert wenyuan(home, "import", str(SAMPLES)).returncode == 0
    left = home / "index" / "gen-000099.tmp"
    left.mkdir()
    (left / "_MAIN_1.seg").write_bytes(b"\0" * 4096)
    r = wenyuan(home, "reindex")
    assert r.returncode == 0, r.stderr.decode()
    assert not left.exists()
    assert json.loads(wenyuan(home, "search", "反诈", "--json").stdout)["total"] >= 1


@pytest.mark.parametrize("state", ["missing", "empty folder"])
def test_commands_without_an_archive_say_so(tmp_path, state):
    home = tmp_path / "none"
    if state == "empty folder":
        home.mkdir()
    for args in (["stats"], ["search", "反诈"], ["show", "1"], ["export"], ["reindex"], ["crawl", "--failed"]):
        r = wenyuan(home, *args)
        err = r.stderr.decode()
        assert r.returncode == 1 and "no archive" in err and "wenyuan import DIR" in err, (args, err)
        assert "reindex" not in err   # never: there is nothing to rebuild from
    assert (list(home.iterdir()) == []) if state == "empty folder" else not home.exists()


def test_import_with_rejections_exits_1_and_lists_them(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_bytes((SAMPLES / "seed.txt").read_bytes())
    (src / "notes.md").write_text("# just notes\n", encoding="utf-8")
    (src / "blank.html").write_bytes(b"")
    r = wenyuan(tmp_path / "h", "import", str(src))
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "notes.md" in err and "blank.html" in err and "Traceback" not in err
    assert b"1 new page," in r.stdout


def test_every_command_has_help_with_an_example():
    for cmd in ("parse", "import", "search", "show", "stats", "export", "reindex", "crawl"):
        r = subprocess.run([sys.executable, "-m", "cli", cmd, "--help"], cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0 and "Example" in r.stdout, cmd


# ---- the first hour: ids, global options, pages, output (issue 14) ----

def _in_a_terminal(home: Path, *args: str, env: dict | None = None,
                   stream: str = "stdout") -> tuple[int, bytes, bytes]:
    """Run a command with ``stream`` (stdout or stderr) on a real pseudo-terminal and the
    other piped; its exit status, what the terminal showed, and what the pipe got."""
    import os
    import pty

    primary, secondary = pty.openpty()
    try:
        pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: secondary}
        proc = subprocess.Popen([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                                stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})}, **pipes)
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:   # EIO: the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        out, err = proc.communicate(timeout=300)
        return proc.returncode, shown, out if stream == "stderr" else err
    finally:
        os.close(primary)


def test_ids_that_search_prints_open_with_show(home):
    result = json.loads(wenyuan(home, "search", "预警", "--json", "--limit", "50").stdout)
    page_hit = next(h for h in result["hits"] if h["kind"] == "article")
    snippet_hit = next(h for h in json.loads(wenyuan(home, "search", '"上海黄金交易所"', "--kind", "related",
                                                     "--json").stdout)["hits"])
    for doc_id in (page_hit["id"], page_hit["id"][1:]):          # p1 and the bare 1
        r = wenyuan(home, "show", doc_id, "--json")
        assert r.returncode == 0, r.stderr.decode()
        assert json.loads(r.stdout)["doc_id"] == page_hit["id"]
    snippet = wenyuan(home, "show", snippet_hit["id"], "--json")
    assert snippet.returncode == 0, snippet.stderr.decode()
    doc = json.loads(snippet.stdout)
    assert doc["kind"] == "related" and "上海黄金交易所" in doc["text"]
    assert [p["doc_id"] for p in doc["pages"]] == snippet_hit["pages"]
    text = wenyuan(home, "show", snippet_hit["id"]).stdout.decode()
    assert "上海黄金交易所" in text and "shown on 1 page:" in text and snippet_hit["pages"][0] in text
    bad = wenyuan(home, "show", "x1")
    assert bad.returncode == 2 and b"p12 (or 12)" in bad.stderr
    raw_snippet = wenyuan(home, "show", snippet_hit["id"], "--raw")
    assert raw_snippet.returncode == 1 and b"only pages have original bytes" in raw_snippet.stderr


def test_global_options_are_taken_after_the_subcommand_too(home):
    expected = json.loads(wenyuan(home, "search", "反诈", "--json").stdout)["total"]
    for args in (["search", "反诈", "--home", str(home), "--json"],
                 ["search", "反诈", f"--home={home}", "--json"],
                 ["--json", "--home", str(home), "search", "反诈"]):
        r = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, timeout=120,
                           stdin=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin", "HOME": str(home)})
        assert r.returncode == 0, (args, r.stderr.decode())
        result = json.loads(r.stdout)
        assert result["query"] == "反诈" and result["total"] == expected, args
    # After --, everything is the query's.
    r = wenyuan(home, "search", "--json", "--", "反诈", "--home")
    assert json.loads(r.stdout)["query"] == "反诈 --home"


def test_pages_past_the_end_say_so_and_limits_name_the_cli_flags(home):
    # Page 999 of ten is where the old header printed "9981–9980 shown".
    r = wenyuan(home, "search", "反诈", "--page", "999")
    out = r.stdout.decode()
    assert r.returncode == 0 and "no more results: page 999 is past the last page (1)" in out
    assert not re.search(r"\d+–\d+", out), out
    assert out.startswith("1 hit") and "1 hits" not in out
    from indexer.backend import MAX_PAGE, MAX_PER_PAGE   # the one table the CLI and the API share

    for flag, value in (("--page", MAX_PAGE + 1), ("--limit", MAX_PER_PAGE + 1)):
        bad = wenyuan(home, "search", "反诈", flag, str(value))
        assert bad.returncode == 2 and flag.encode() in bad.stderr and b"per_page" not in bad.stderr
    # Up to the maximum is allowed, and the CLI gives what the API gives at the same limits.
    most = json.loads(wenyuan(home, "search", "的 OR 研究", "--json", "--limit", str(MAX_PER_PAGE)).stdout)
    assert len(most["hits"]) == min(MAX_PER_PAGE, most["total"]) and most["per_page"] == MAX_PER_PAGE
    last = wenyuan(home, "search", "反诈", "--page", str(MAX_PAGE), "--json")
    assert last.returncode == 0 and json.loads(last.stdout)["hits"] == []
    app = create_app(home)
    with running(app) as url:
        api = httpx.get(url + "/api/search", params={"q": "的 OR 研究", "per_page": MAX_PER_PAGE}, timeout=60).json()
        assert [h["id"] for h in api["hits"]] == [h["id"] for h in most["hits"]]
        for name, value in (("page", MAX_PAGE + 1), ("per_page", MAX_PER_PAGE + 1)):
            assert httpx.get(url + "/api/search", params={"q": "反诈", name: value}, timeout=60).status_code == 400


def test_search_all_streams_every_hit_as_json_lines(home):
    total = json.loads(wenyuan(home, "search", "研究 OR 分析 OR 发展", "--json").stdout)["total"]
    assert total > 10                         # more than one page of hits
    r = wenyuan(home, "search", "研究 OR 分析 OR 发展", "--all")
    lines = r.stdout.decode().splitlines()
    assert r.returncode == 0 and len(lines) == total
    hits = [json.loads(line) for line in lines]
    assert len({h["id"] for h in hits}) == total and all("snippet" in h for h in hits)
    paged = json.loads(wenyuan(home, "search", "研究 OR 分析 OR 发展", "--json", "--limit", "5").stdout)
    assert [h["id"] for h in hits[:5]] == [h["id"] for h in paged["hits"]]


def test_show_raw_refuses_a_terminal_and_writes_a_file_or_a_pipe(home, tmp_path):
    status, out, _ = _in_a_terminal(home, "show", "1", "--raw")
    assert status == 2 and b"\x00" not in out
    target = tmp_path / "page.bin"
    r = wenyuan(home, "show", "1", "--raw", "-o", str(target))
    assert r.returncode == 0 and target.read_bytes() == wenyuan(home, "show", "1", "--raw").stdout
    both = wenyuan(home, "show", "1", "--raw", "--json")
    assert both.returncode == 2 and b"cannot be used together" in both.stderr


def test_no_color_turns_colour_off_on_a_terminal(home):
    _, coloured, _ = _in_a_terminal(home, "search", "反诈")
    _, plain, _ = _in_a_terminal(home, "search", "反诈", env={"NO_COLOR": "1"})
    assert b"\x1b[" in coloured
    assert b"\x1b[" not in plain and "反诈".encode() in plain


def _damage(index: Path, how: str) -> None:
    gen = next(p for p in index.iterdir() if p.name.startswith("gen-"))
    if how == "garbage pointer":
        (index / "CURRENT").write_bytes(b"\xff\xfe\x00garbage")
    elif how == "pointer outside":
        (index / "CURRENT").write_text("../..\n")
    elif how == "missing generation":
        shutil.rmtree(gen)
    elif how == "no index folder":
        shutil.rmtree(index)
    elif how == "index is a file":
        shutil.rmtree(index)
        index.write_bytes(b"not a folder")
    elif how in ("truncated postings", "truncated toc", "truncated terms"):
        ext = {"truncated postings": ".pst", "truncated toc": ".toc", "truncated terms": ".trm"}[how]
        victim = max((p for p in gen.iterdir() if p.name.endswith(ext)), key=lambda p: p.stat().st_size)
        with victim.open("r+b") as f:
            f.truncate(10)


@pytest.mark.parametrize("how", ["garbage pointer", "pointer outside", "missing generation", "truncated postings",
                                 "truncated toc", "truncated terms", "no index folder", "index is a file"])
def test_a_damaged_index_is_one_line_and_reindex_repairs_it(home, tmp_path, how):
    damaged = tmp_path / "home"
    shutil.copytree(home, damaged)
    _damage(damaged / "index", how)
    for q in ("反诈", "预警 OR 研究"):
        r = wenyuan(damaged, "search", q)
        err = r.stderr.decode()
        assert r.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err, (how, err)
        assert "wenyuan reindex" in err, (how, err)
    app = create_app(damaged)
    with running(app) as url:
        answer = httpx.get(url + "/api/search", params={"q": "反诈"}, timeout=30)
        assert httpx.get(url + "/healthz", timeout=30).status_code == 200
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "index_unavailable", how
    assert str(tmp_path) not in answer.text and "reindex" in answer.text
    fixed = wenyuan(damaged, "reindex")
    assert fixed.returncode == 0, (how, fixed.stderr.decode())
    assert json.loads(wenyuan(damaged, "search", "反诈", "--json").stdout)["total"] >= 1


def test_crawl_of_an_unreachable_host_fails_fast_in_one_line_and_lists_its_failures(tmp_path):
    import socket

    with socket.socket() as s:          # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = tmp_path / "home"
    r = subprocess.run([sys.executable, "-m", "cli", "--home", str(home), "crawl", f"http://127.0.0.1:{port}/"],
                       cwd=ROOT, capture_output=True, timeout=90, stdin=subprocess.DEVNULL)
    err = r.stderr.decode()
    assert r.returncode == 1, err
    lines = [x for x in err.splitlines() if "cannot reach" in x]
    assert len(lines) == 1, err                                   # one line for the one host
    assert lines[0].startswith(f"wenyuan: cannot reach 127.0.0.1:{port}: connection refused") and \
        "tried 3 times" in lines[0]
    listed = wenyuan(home, "crawl", "--failed", "--json")
    failed = json.loads(listed.stdout)["failed"]
    assert [f["url"] for f in failed] == [f"http://127.0.0.1:{port}/"]
    assert "cannot reach" in failed[0]["reason"]


def test_reindex_reports_pages_and_shows_progress_on_a_terminal(home, tmp_path):
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    stats = json.loads(wenyuan(copy, "stats", "--json").stdout)
    r = wenyuan(copy, "reindex")
    assert r.returncode == 0
    assert r.stdout.decode().strip() == (f"index rebuilt: {stats['records']} pages and "
                                         f"{stats['snippets']} other-literature snippets")
    pages, snippets = f"{stats['records']}/{stats['records']}", f"{stats['snippets']}/{stats['snippets']}"
    for args in (["reindex"], ["reindex", "--reparse"]):
        code, err, out = _in_a_terminal(copy, *args, stream="stderr")
        bars = err.decode().replace("\r", "\n").splitlines()
        assert code == 0, bars
        indexing = [b for b in bars if b.startswith("indexing [")]
        assert pages in indexing[-1] and "pages/s" in indexing[-1], bars
        cited = [b for b in bars if b.startswith("indexing snippets [")]
        assert snippets in cited[-1] and "snippets/s" in cited[-1], bars
        assert "document" not in err.decode(), bars
        assert any(b.startswith("re-parsing [") and "pages/s" in b for b in bars) == ("--reparse" in args), bars
        assert b"index rebuilt:" in out


def test_import_counts_each_outcome_alike_in_text_and_json_and_stats_points_to_the_rejects(tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    for n in range(12):   # twelve sources: more than stats shows by default
        (pages / f"p{n}.txt").write_text(f"第{n}篇作文教学调查\n来源:语文学刊第{n}辑 | 被引量:1次\n"
                                         f"本文以某市三所中学为例，分析了作文教学中存在的主要问题，第{n}篇。\n",
                                         encoding="utf-8")
    (pages / "empty.html").write_bytes(b"")                       # rejected: not a page
    home = tmp_path / "home"
    text = wenyuan(home, "import", str(pages))
    assert text.returncode == 1                                   # something was rejected
    line = text.stdout.decode().strip().splitlines()[-1]
    assert "12 new pages, 0 new versions, 0 duplicates, 0 not-article pages" in line and "1 rejected" in line
    again = json.loads(wenyuan(home, "import", str(pages), "--json").stdout)
    assert (again["new_pages"], again["duplicates"], len(again["rejected"])) == (0, 12, 1)
    stats = wenyuan(home, "stats").stdout.decode()
    rejected = next(x for x in stats.splitlines() if x.startswith("rejected"))
    report = Path(rejected.rsplit(": ", 1)[1])
    assert report.is_file() and "empty.html" in report.read_text(encoding="utf-8")
    assert "the top 10; stats --all" in stats and stats.count("语文学刊") == 10
    assert wenyuan(home, "stats", "--all").stdout.decode().count("语文学刊") == 12


def test_a_partial_match_says_so_and_a_latin_word_no_page_holds_finds_nothing(home):
    none = json.loads(wenyuan(home, "search", "qwertyuiop", "--json").stdout)
    assert none["total"] == 0 and none["partial"] is False
    text = wenyuan(home, "search", "qwertyuiop").stdout.decode()
    assert text.startswith("0 hits")
    part = wenyuan(home, "search", "宣传部")
    out = part.stdout.decode()
    result = json.loads(wenyuan(home, "search", "宣传部", "--json").stdout)
    assert result["partial"] is True and result["total"] > 0
    assert "no page contains '宣传部' whole; showing pages that share parts of it" in out
    # A Latin word a page holds is found whole, whatever its case: Java as JAVA or java.
    found = [json.loads(wenyuan(home, "search", q, "--json").stdout) for q in ("Java", "JAVA", "java")]
    assert [r["total"] for r in found] == [1, 1, 1] and len({r["hits"][0]["id"] for r in found}) == 1
    assert "Java" in found[0]["hits"][0]["title"] and not found[1]["partial"]


def test_search_output_formats_and_fields(home):
    import csv
    import io

    full = json.loads(wenyuan(home, "search", "研究 OR 分析", "--format", "json").stdout)
    assert full == {**json.loads(wenyuan(home, "search", "研究 OR 分析", "--json").stdout), "took_ms": full["took_ms"]}
    rows = list(csv.DictReader(io.StringIO(wenyuan(home, "search", "研究 OR 分析", "--format", "csv").stdout.decode())))
    assert [r["id"] for r in rows] == [h["id"] for h in full["hits"]]
    assert rows[0]["title"] == full["hits"][0]["title"]
    lines = wenyuan(home, "search", "研究 OR 分析", "--format", "jsonl", "--fields", "id,score").stdout.decode()
    assert [json.loads(x) for x in lines.splitlines()] == [{"id": h["id"], "score": h["score"]} for h in full["hits"]]
    everything = wenyuan(home, "search", "研究 OR 分析", "--all", "--format", "csv", "--fields", "id").stdout.decode()
    assert len(everything.splitlines()) == 1 + full["total"]
    bad = wenyuan(home, "search", "研究", "--fields", "id,nope")
    assert bad.returncode == 2 and b"--fields" in bad.stderr and b"nope" in bad.stderr
    clash = wenyuan(home, "search", "研究", "--json", "--format", "csv")
    assert clash.returncode == 2
    # table is the default; whatever the format, a pipe gets no colour codes.
    table = wenyuan(home, "search", "研究 OR 分析", "--format", "table").stdout.decode()
    plain = wenyuan(home, "search", "研究 OR 分析").stdout.decode()
    assert re.sub(r"\(\d+ ms\)", "", table) == re.sub(r"\(\d+ ms\)", "", plain)
    assert "\x1b[" not in table and all(h["title"] in table for h in full["hits"])


def test_export_takes_a_query_and_formats_and_keeps_an_existing_file(home, tmp_path):
    import csv
    import io

    target = tmp_path / "out.csv"
    r = wenyuan(home, "export", "--query", "反诈", "--format", "csv", "-o", str(target))
    assert r.returncode == 0, r.stderr.decode()
    hits = json.loads(wenyuan(home, "search", "反诈", "--kind", "article", "--json").stdout)["hits"]
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["doc_id"] for r in rows] == [h["id"] for h in hits] and rows[0]["source"] == "中国防伪报道"
    again = wenyuan(home, "export", "-o", str(target))
    assert again.returncode == 2 and b"--force" in again.stderr
    assert list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))) == rows      # untouched
    forced = wenyuan(home, "export", "--format", "json", "-o", str(target), "--force")
    assert forced.returncode == 0
    pages = json.loads(target.read_text(encoding="utf-8"))
    assert len(pages) == json.loads(wenyuan(home, "stats", "--json").stdout)["pages"]


def test_import_reads_a_page_from_standard_input_and_nothing_to_import_creates_no_archive(tmp_path):
    home = tmp_path / "home"
    for args, stdin in ((["-"], b""), ([str(tmp_path / "missing")], None)):
        r = subprocess.run([sys.executable, "-m", "cli", "--home", str(home), "import", *args], cwd=ROOT,
                           capture_output=True, timeout=120, input=stdin if stdin is not None else b"")
        assert r.returncode == 1 and b"nothing to import" in r.stderr and r.stderr.count(b"\n") == 1
        assert not home.exists()
    page = (SAMPLES / "seed.txt").read_bytes()
    r = subprocess.run([sys.executable, "-m", "cli", "--home", str(home), "import", "-", "--json"], cwd=ROOT,
                       capture_output=True, timeout=120, input=page)
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["new_pages"] == 1
    shown = json.loads(wenyuan(home, "show", "p1", "--json").stdout)
    assert shown["origin"]["paths"] == ["-"] and wenyuan(home, "show", "1", "--raw").stdout == page


def test_hits_are_wrapped_to_the_terminal_with_a_hanging_indent(home):
    import re
    import unicodedata

    _, out, _ = _in_a_terminal(home, "search", "研究 OR 分析", env={"COLUMNS": "50", "NO_COLOR": "1"})
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", x) for x in out.decode().replace("\r", "").splitlines()]

    def columns(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    hit_lines = lines[1:]
    assert max(columns(x) for x in hit_lines) <= 50
    snippet_lines = [x for x in hit_lines if x.startswith("    ")]
    assert len(snippet_lines) > 10 and all(not x[4:5].isspace() for x in snippet_lines)
    piped = wenyuan(home, "search", "研究 OR 分析").stdout.decode()        # not a terminal: not wrapped
    assert max(columns(x) for x in piped.splitlines()) > 50


def test_an_archive_inside_the_imported_folder_is_not_imported_into_itself(tmp_path):
    folder = tmp_path / "saved"
    shutil.copytree(SAMPLES, folder)
    home = folder / ".wenyuan"          # the README's --home .wenyuan, run from the folder itself
    first = json.loads(wenyuan(home, "import", str(folder), "--json").stdout)
    again = wenyuan(home, "import", str(folder), "--json")
    assert again.returncode == 0, again.stderr.decode()
    summary = json.loads(again.stdout)
    assert summary["rejected"] == [] and summary["duplicates"] == first["new_pages"] > 0
    itself = wenyuan(home, "import", str(home))
    assert itself.returncode == 1 and "the archive itself" in itself.stderr.decode()


# The real command with one injected parser bug: a page holding CRASH makes parse_page raise,
# as a parser bug would. (--jobs 1 parses in this process, where the patch lives.)
_WITH_A_PARSER_BUG = """
import runpy, sys
import archive.importer as importer, archive.reparse as reparse
real = importer.parse_page
def buggy(data, **kw):
    if b"CRASH" in data:
        raise RuntimeError("an injected parser bug")
    return real(data, **kw)
importer.parse_page = reparse.parse_page = buggy
sys.argv = ["wenyuan", *sys.argv[1:]]
runpy.run_module("cli", run_name="__main__")
"""

_ARTICLE = ("<!-- saved from url=(0031)https://example.org/doc/7.html -->\n<html><head><meta charset='utf-8'>"
            "<title>中学作文教学现状调查</title></head><body><h1>中学作文教学现状调查</h1>"
            "<p>来源 :语文学刊 | 被引量 : {n}次 | 上传用户:tester</p>"
            "<p>本文以某市三所中学为例，分析了作文教学中存在的主要问题，并提出了改进建议。</p></body></html>")
_LIST = ("<html><head><meta charset='utf-8'><title>检索结果</title></head><body><div>共找到 7 条结果</div><table>"
         "<tr><th>序号</th><th>题名</th><th>作者</th><th>来源</th><th>发表时间</th></tr>"
         + "".join(f"<tr><td>{i}</td><td><a href='/d{i}'>小学作文教学研究之{i}</a></td><td>王{i}</td>"
                   f"<td>语文学刊</td><td>2010</td></tr>" for i in range(1, 8)) + "</table></body></html>")


def _import_counts(home: Path, folder: Path, as_json: bool) -> dict:
    args = ["import", str(folder), "--jobs", "1"] + (["--json"] if as_json else [])
    r = subprocess.run([sys.executable, "-c", _WITH_A_PARSER_BUG, "--home", str(home), *args], cwd=ROOT,
                       capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert "Traceback" not in r.stderr, r.stderr
    if as_json:
        s = json.loads(r.stdout)
        return {"new pages": s["new_pages"], "new versions": s["new_versions"], "duplicates": s["duplicates"],
                "not-article pages": s["not_articles"], "kept unparsed": s["failed"],
                "rejected": len(s["rejected"])}
    line = r.stdout.strip().splitlines()[-1]
    counts = {}
    for key, singular in (("new pages", "new page"), ("new versions", "new version"),
                          ("duplicates", "duplicate"), ("not-article pages", "not-article page"),
                          ("kept unparsed", "kept unparsed"), ("rejected", "rejected")):
        m = re.search(rf"(\d+) (?:{key}|{singular})\b", line)
        assert m, (key, line)
        n = int(m.group(1))
        assert (m.group(0).endswith(key)) == (n != 1 or key == singular), line   # 1 new page, 2 new pages
        counts[key] = n
    return counts


def test_import_counts_new_pages_versions_duplicates_not_articles_unparsed_and_rejects_alike_as_text_and_json(
        tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    (one / "a.html").write_text(_ARTICLE.format(n=3), encoding="utf-8")
    (one / "b.txt").write_text("农村留守儿童心理健康调查\n来源 :教育探索 | 被引量 : 0次\n"
                               "本文跟踪调查了两个县的留守儿童，发现孤独感较为普遍，并提出了干预建议。\n",
                               encoding="utf-8")
    (one / "list.html").write_text(_LIST, encoding="utf-8")
    (one / "crash.txt").write_text("CRASH 高校图书馆阅读推广研究\n来源 :图书馆论坛\n本文调查了十所高校图书馆。\n",
                                   encoding="utf-8")
    (one / "empty.html").write_bytes(b"")
    (two / "a.html").write_text(_ARTICLE.format(n=4), encoding="utf-8")   # the same URL, changed: a new version
    shutil.copy(one / "b.txt", two / "b.txt")                             # the same bytes: a duplicate
    for as_json in (False, True):
        home = tmp_path / f"home-{as_json}"
        first = _import_counts(home, one, as_json)
        assert first == {"new pages": 4, "new versions": 0, "duplicates": 0, "not-article pages": 1,
                         "kept unparsed": 1, "rejected": 1}, (as_json, first)
        second = _import_counts(home, two, as_json)
        assert second == {"new pages": 0, "new versions": 1, "duplicates": 1, "not-article pages": 0,
                          "kept unparsed": 0, "rejected": 0}, (as_json, second)
    # The page the parser failed on is archived raw, byte for byte, and counted as unparsed.
    stats = json.loads(wenyuan(tmp_path / "home-True", "stats", "--json").stdout)
    assert stats["failed"] == 1 and stats["not_articles"] == 1
    # Its traceback is in that import's report, for the bug report; the terminal had one line.
    first_report = min((tmp_path / "home-True" / "reports").iterdir())
    report = first_report.read_text(encoding="utf-8")
    assert "crash.txt\tparser error: RuntimeError: an injected parser bug" in report
    assert "    Traceback (most recent call last):" in report and "in buggy" in report
    assert "empty.html" in report and "crash.txt" not in report.split("# kept unparsed")[0]


def test_search_snippets_cut_mid_text_show_ellipses_and_never_open_on_punctuation(home, tmp_path):
    import unicodedata

    def opens_on_punctuation(snippet: str) -> bool:
        first = snippet.removeprefix("…")[:1]
        return bool(first) and (first.isspace() or unicodedata.category(first).startswith(("P", "Z")))

    page = tmp_path / "in" / "long.txt"
    page.parent.mkdir()
    page.write_text("社区防范电信网络诈骗的调查\n来源:公安研究 | 被引量:2次\n"
                    + "开头的句子。" + "前文的叙述" * 30 + "，、：反诈宣传活动在全市展开" + "后文的叙述" * 60 + "\n",
                    encoding="utf-8")
    mine = tmp_path / "home"
    assert wenyuan(mine, "import", str(page.parent)).returncode == 0
    hit = json.loads(wenyuan(mine, "search", "反诈宣传", "--json").stdout)["hits"][0]
    assert hit["snippet"].startswith("…反诈宣传") and hit["snippet"].endswith("…"), hit["snippet"]
    shown = wenyuan(mine, "search", "反诈宣传").stdout.decode()
    line = next(x for x in shown.splitlines() if x.startswith("    …"))
    assert line.startswith("    …«反诈宣传»活动在全市展开后文") and line.endswith("…"), shown
    # Every snippet the samples give, for queries that match all over them.
    for q in ("研究 OR 分析 OR 发展", "的", "社会 OR 方法"):
        hits = [json.loads(x) for x in wenyuan(home, "search", q, "--all").stdout.decode().splitlines()]
        assert hits, q
        assert not [h["snippet"] for h in hits if opens_on_punctuation(h["snippet"])], q


def test_a_parser_bug_in_a_reparse_keeps_the_old_record_and_reports_the_traceback(tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "a.txt").write_text("高校图书馆阅读推广研究\n来源 :图书馆论坛\n本文调查了十所高校图书馆。CRASH\n",
                                 encoding="utf-8")
    home = tmp_path / "home"
    assert wenyuan(home, "import", str(pages)).returncode == 0          # today's parser: fine
    r = subprocess.run([sys.executable, "-c", _WITH_A_PARSER_BUG, "--home", str(home), "reindex", "--reparse"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "page 1 skipped: parser error: RuntimeError: an injected parser bug; its record is kept" in r.stderr
    assert "1 page could not be parsed" in r.stderr and "index rebuilt: 1 page" in r.stdout
    report = next((home / "reports").glob("reparse-*.txt")).read_text(encoding="utf-8")
    assert "page 1\n    Traceback (most recent call last):" in report and "in buggy" in report
    hit = json.loads(wenyuan(home, "search", "阅读推广", "--json").stdout)["hits"][0]
    assert hit["title"] == "高校图书馆阅读推广研究"
