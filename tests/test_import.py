"""Bulk import into a real archive (SQLite file + blobs in tmp_path)."""
from __future__ import annotations

import gzip
import io
import shutil
import sqlite3
import tarfile
import zipfile
from pathlib import Path

import pytest

from archive.importer import import_paths
from archive.store import Archive
from conftest import PAGES_DEV, shared_or_skip

GOOD = ["seed.txt", "v01_a_docshare.html", "v03_a_docshare_gbk.html", "v05_b_journaldb.txt",
        "v06_c_doclib.html", "v11_b_entities_fullwidth.html"]


def warc_record(url: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK") -> bytes:
    http = (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(url)):032d}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    dev = shared_or_skip(PAGES_DEV)
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for name in GOOD[:4]:
        shutil.copy(dev / name, root / name)
    shutil.copy(dev / "seed.txt", root / "sub" / "seed-copy.txt")          # a duplicate
    with zipfile.ZipFile(root / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.write(dev / GOOD[4], f"pages/{GOOD[4]}")
        z.writestr("../escape.html", (dev / GOOD[5]).read_bytes())        # path escape
        z.writestr("notes/readme.png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    with zipfile.ZipFile(root / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.html", b"<html>" + b" " * (15 * 1024 * 1024))      # 15 MB of spaces in ~15 KB
    gbk = (dev / "v03_a_docshare_gbk.html").read_bytes()
    warc = warc_record("https://example.org/a/11.html", (dev / GOOD[5]).read_bytes()) + \
        warc_record("https://example.org/gbk.html", gbk.replace(b'charset="gbk"', b""), "text/html; charset=gbk") + \
        warc_record("https://example.org/missing", b"not found", status="404 Not Found")
    (root / "crawl.warc.gz").write_bytes(gzip.compress(warc))
    (root / "empty.html").write_bytes(b"")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with (root / "huge.html").open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    return root


def test_import_tree_stores_every_good_page_and_reports_every_bad_one(tmp_path, tree):
    arc = Archive.open(tmp_path / "home")
    s = import_paths(arc, [tree], jobs=2)
    assert s.imported == 7        # 4 files + 1 zip member + 2 WARC responses
    assert s.duplicates == 1      # sub/seed-copy.txt
    rejected = dict(s.rejected)
    reasons = " | ".join(f"{k}: {v}" for k, v in rejected.items())
    assert any(k.endswith("bundle.zip!../escape.html") and "unsafe" in v for k, v in rejected.items()), reasons
    assert any(k.endswith("bundle.zip!notes/readme.png") for k in rejected), reasons
    assert any(k.endswith("bomb.zip!bomb.html") and "bomb" in v for k, v in rejected.items()), reasons
    assert any(k.endswith("empty.html") and "empty" in v for k, v in rejected.items()), reasons
    assert any(k.endswith("logo.png") and "PNG" in v for k, v in rejected.items()), reasons
    assert any(k.endswith("huge.html") and "too large" in v for k, v in rejected.items()), reasons
    assert any("missing" in k and "404" in v for k, v in rejected.items()), reasons
    assert len(rejected) == 7
    assert s.report is not None and "escape.html" in s.report.read_text(encoding="utf-8")


def test_every_stored_page_is_byte_identical_to_its_file(tmp_path, tree):
    arc = Archive.open(tmp_path / "home")
    import_paths(arc, [tree], jobs=1)
    for page in arc.iter_pages():
        for origin in page.origins:
            if "!" not in origin:
                assert arc.raw(page.id) == Path(origin).read_bytes()


def test_warc_pages_keep_their_url_and_header_charset(tmp_path, tree):
    arc = Archive.open(tmp_path / "home")
    import_paths(arc, [tree], jobs=1)
    by_url = {p.url: p for p in arc.iter_pages() if p.url}
    gbk = by_url["https://example.org/gbk.html"]
    assert gbk.record is not None and "創新" in gbk.record.body
    assert gbk.record.encoding in ("gbk", "gb18030")


def test_reimport_adds_nothing_and_says_so(tmp_path, tree):
    arc = Archive.open(tmp_path / "home")
    first = import_paths(arc, [tree], jobs=2)
    before = arc.stats()
    again = import_paths(arc, [tree], jobs=2)
    assert again.imported == 0 and again.duplicates == first.imported + first.duplicates
    assert len(again.rejected) == len(first.rejected)
    assert arc.stats() == before


def test_related_snippets_are_stored_once_and_linked_in_order(tmp_path):
    dev = shared_or_skip(PAGES_DEV)
    arc = Archive.open(tmp_path / "home")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(dev / "seed.txt", src / "a.txt")
    # The same page, edited: a different file whose related list is the same.
    (src / "b.txt").write_text((dev / "seed.txt").read_text(encoding="utf-8").replace("capfhn", "other"),
                               encoding="utf-8")
    import_paths(arc, [src], jobs=1)
    pages = list(arc.iter_pages())
    assert len(pages) == 2
    a, b = (arc.related_of(p.id) for p in pages)
    assert [r["snippet_id"] for r in a] == [r["snippet_id"] for r in b]
    assert len(a) == 9 and [r["position"] for r in a] == list(range(9))
    assert arc.stats()["snippets"] == 9
    assert arc.pages_of_snippet(a[0]["snippet_id"]) == [p.id for p in pages]


def test_new_version_of_a_known_url(tmp_path):
    dev = shared_or_skip(PAGES_DEV)
    html = (dev / "v01_a_docshare.html").read_text(encoding="utf-8")
    saved = "<!-- saved from url=(0033)https://example.org/doc/1.html -->\n"
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    (one / "p.html").write_text(saved + html, encoding="utf-8")
    (two / "p.html").write_text(saved + html.replace("被引量 : 8次", "被引量 : 9次"), encoding="utf-8")
    arc = Archive.open(tmp_path / "home")
    import_paths(arc, [one], jobs=1)
    s = import_paths(arc, [two], jobs=1)
    assert s.imported == 1 and s.new_versions == 1
    pages = list(arc.iter_pages())
    assert [p.is_latest for p in pages] == [False, True]
    assert pages[1].record.citations == 9


def test_catalog_is_sqlite_in_wal_mode(tmp_path):
    Archive.open(tmp_path / "home").close()
    db = sqlite3.connect(tmp_path / "home" / "catalog.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_tar_gz_members_are_imported(tmp_path):
    dev = shared_or_skip(PAGES_DEV)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        t.add(dev / "seed.txt", arcname="x/seed.txt")
        data = (dev / "v01_a_docshare.html").read_bytes()
        info = tarfile.TarInfo("../../etc/evil.html")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    (tmp_path / "pages.tar.gz").write_bytes(buf.getvalue())
    arc = Archive.open(tmp_path / "home")
    s = import_paths(arc, [tmp_path / "pages.tar.gz"], jobs=1)
    assert s.imported == 1
    assert [r for o, r in s.rejected if "evil" in o and "unsafe" in r]
