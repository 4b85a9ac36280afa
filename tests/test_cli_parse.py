"""`wenyuan parse` as a user runs it: a real process, exit codes, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import PAGES_DEV, ROOT, shared_or_skip

KEYS = ["title", "source", "citations", "uploader", "authors", "keywords", "abstract", "body",
        "related", "encoding"]


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
