"""Hostile files and folders beside good pages: each is reported and skipped, every good page
lands, memory stays bounded, and a re-run imports nothing new. Real files, real processes."""
from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import resource
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

GOOD = ("农村小学作文教学现状调查\n来源:语文学刊 | 被引量:1次\n"
        "本文以某市三所中学为例，分析了作文教学中存在的主要问题。\n")
MEMORY_CAP = 3 * 1024 ** 3   # address space for the import and its workers


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def wenyuan(home: Path, *args: str, cap: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                          capture_output=True, timeout=300, stdin=subprocess.DEVNULL,
                          preexec_fn=_capped if cap else None)


def good(n: int) -> bytes:
    return GOOD.replace("农村", f"第{n}所").encode()


def _zeros_zip(path: Path, members: int, size: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(members):
            z.writestr(f"p{i}.html", b"\0" * size)


def _zeros_tar(path: Path, members: int, size: int) -> None:
    with tarfile.open(path, "w:gz") as t:
        for i in range(members):
            info = tarfile.TarInfo(f"p{i}.html")
            info.size = size
            t.addfile(info, io.BytesIO(b"\0" * size))


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_bytes(good(1))
    os.mkfifo(d / "fifo.html")
    os.symlink("/etc/passwd", d / "passwd.txt")
    os.symlink("/dev/zero", d / "zero.html")
    (d / "x.warc.gz").write_bytes(gzip.compress(b"\0" * (64 * 1024 * 1024)))
    _zeros_zip(d / "small-members.zip", 120, 900 * 1024)
    _zeros_tar(d / "bomb.tar.gz", 120, 900 * 1024)
    # A GBK file name (as Windows tools leave them) and names with a newline and an escape.
    (Path(os.fsdecode(bytes(d)) + os.fsdecode(b"/\xb9\xfa\xbc\xd2.txt"))).write_bytes(good(2))
    (d / "two\nlines.txt").write_bytes(good(3))
    (d / "esc\x1b[31m.txt").write_bytes(good(4))
    return d


def test_hostile_inputs_are_reported_and_every_good_page_lands(tmp_path, hostile):
    home = tmp_path / "home"
    r = wenyuan(home, "import", str(hostile), "--json", cap=True)
    assert r.returncode == 1, r.stderr.decode()[-2000:]   # some files were rejected
    summary = json.loads(r.stdout)
    assert summary["imported"] == 4 and summary["not_articles"] == 0
    reasons = {Path(x["path"]).name: x["reason"] for x in summary["rejected"]}
    assert "FIFO" in reasons["fifo.html"]
    assert "not followed" in reasons["passwd.txt"] and "not followed" in reasons["zero.html"]
    assert "WARC" in reasons["x.warc.gz"]
    assert any("200:1" in v for k, v in reasons.items() if k.startswith("small-members.zip!"))
    assert any("200:1" in v for k, v in reasons.items() if k.startswith("bomb.tar.gz!"))
    assert "Traceback" not in r.stderr.decode()
    # Names are kept losslessly (the GBK bytes as escapes) and printed escaped.
    r = wenyuan(home, "export")
    origins = [o for line in r.stdout.decode().splitlines() for o in json.loads(line)["origin"]["paths"]]
    assert any(o.endswith("\\xb9\\xfa\\xbc\\xd2.txt") for o in origins)
    assert any(o.endswith("two\nlines.txt") for o in origins)
    r2 = wenyuan(home, "import", str(hostile))
    err = r2.stderr.decode()
    assert "\x1b" not in err and "0 new pages, 0 new versions, 4 duplicates" in r2.stdout.decode()


def test_follow_symlinks_follows_links_inside_the_folder_only(tmp_path):
    d = tmp_path / "in"
    (d / "real").mkdir(parents=True)
    (d / "real" / "a.txt").write_bytes(good(1))
    os.symlink(d / "real" / "a.txt", d / "link.txt")
    os.symlink("/etc/hostname", d / "outside.txt")
    home = tmp_path / "home"
    r = wenyuan(home, "import", str(d), "--follow-symlinks", "--json")
    summary = json.loads(r.stdout)
    reasons = {Path(x["path"]).name: x["reason"] for x in summary["rejected"]}
    assert summary["imported"] == 1 and summary["duplicates"] == 1   # a.txt and the link to it
    assert "outside the imported folders" in reasons["outside.txt"]


def test_zip_member_names_in_cp936_are_read_as_chinese(tmp_path):
    z = tmp_path / "pages.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(zipfile.ZipInfo("ab.txt"), good(1))
    # The member name as a Chinese Windows tool writes it: GBK bytes (as long as "ab"), no UTF-8 flag.
    raw = z.read_bytes().replace(b"ab.txt", "论.txt".encode("gbk"))
    z.write_bytes(raw)
    home = tmp_path / "home"
    r = wenyuan(home, "import", str(z), "--json")
    assert r.returncode == 0, r.stderr.decode()
    r = wenyuan(home, "export")
    origins = [o for line in r.stdout.decode().splitlines() for o in json.loads(line)["origin"]["paths"]]
    assert len(origins) == 1 and origins[0].endswith("pages.zip!论.txt")


def _fill(path: Path) -> None:
    """Write ``path`` until the file system holding it has not one byte left."""
    with path.open("wb", buffering=0) as f:
        for block in (1 << 20, 4096, 1):
            try:
                while True:
                    f.write(b"\0" * block)
            except OSError:
                pass


@contextlib.contextmanager
def _small_disk(where: Path, size: str):
    """A tmpfs of ``size`` mounted at ``where`` (a real file system that fills up)."""
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_a_full_disk_gives_one_line_and_loses_nothing(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(400):
        body = "".join(f"第{n}篇第{k}段：本文分析了作文教学中存在的主要问题并提出对策。" for k in range(60))
        (pages / f"p{n}.txt").write_text(f"第{n}篇作文教学调查\n来源:语文学刊 | 被引量:1次\n{body}\n",
                                         encoding="utf-8")
    with _small_disk(tmp_path / "disk", "2m") as disk:
        home = disk / "home"
        full = wenyuan(home, "import", str(pages))
        assert full.returncode == 1
        err = full.stderr.decode()
        assert err.count("\n") == 1 and "disk is full" in err, err
        stats = wenyuan(home, "stats", "--json")
        landed = json.loads(stats.stdout)["pages"] if stats.returncode == 0 else 0
        assert landed < 400
        # Room again: the re-run carries on, and everything lands.
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        again = wenyuan(home, "import", str(pages))
        assert again.returncode == 0, again.stderr.decode()
        assert json.loads(wenyuan(home, "stats", "--json").stdout)["pages"] == 400
        found = wenyuan(home, "search", "作文教学", "--json", "--limit", "1")
        assert json.loads(found.stdout)["total"] == 400


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_a_disk_filled_by_something_else_is_the_same_one_line_when_the_catalog_cannot_open(tmp_path):
    with _small_disk(tmp_path / "disk", "8m") as disk:
        home = disk / "home"
        assert wenyuan(home, "import", str(ROOT / "samples")).returncode == 0
        _fill(disk / "stuffing")
        # SQLite cannot make its shared-memory file and calls it a disk I/O error.
        for args in (["reindex"], ["import", str(ROOT / "samples")]):
            still = wenyuan(home, *args)
            err = still.stderr.decode()
            assert still.returncode == 1 and err.count("\n") == 1 and "disk is full" in err, (args, err)
        (disk / "stuffing").unlink()
        assert json.loads(wenyuan(home, "stats", "--json").stdout)["pages"] == len(list((ROOT / "samples").iterdir()))
