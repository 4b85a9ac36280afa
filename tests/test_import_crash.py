"""Crash safety: SIGKILL an import at several points, re-run it, compare with a clean run.

Uses a real `wenyuan import` process over a generated corpus of real-text pages, a real
SQLite catalog and a real Whoosh index.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CSL, ROOT, shared_or_skip

PAGES = 1200


def write_corpus(out: Path, n: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.corpus import write_corpus as write

    write(out, n)


def wenyuan(home: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def stored_pages(home: Path) -> int:
    db = home / "catalog.sqlite"
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def import_until(home: Path, corpus: Path, stored: int, *args: str) -> subprocess.Popen:
    """Start an import; return once it has stored ``stored`` pages, or ended, or 300 s passed."""
    p = wenyuan(home, "import", str(corpus), *args)
    deadline = time.monotonic() + 300
    while stored_pages(home) < stored and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return p


def catalog_state(home: Path) -> dict:
    con = sqlite3.connect(home / "catalog.sqlite")
    con.row_factory = sqlite3.Row
    q = con.execute
    state = {
        "pages": [tuple(r) for r in q("SELECT id, sha256, size, url, form, encoding, status, record,"
                                      " is_latest, indexed FROM pages ORDER BY id")],
        "origins": sorted(tuple(r) for r in q("SELECT page_id, origin FROM origins")),
        "snippets": [tuple(r) for r in q("SELECT id, norm, text, indexed FROM snippets ORDER BY id")],
        "links": [tuple(r) for r in q("SELECT * FROM page_snippets ORDER BY page_id, position")],
        "rejected": sorted(r[0] for r in q("SELECT origin FROM rejected")),
        # Works (indexer.works): the generated corpus saves some papers twice.
        "works": [tuple(r) for r in q("SELECT page_id, work_id, title_key, opening FROM page_works"
                                      " ORDER BY page_id")],
        "work_bands": [tuple(r) for r in q("SELECT band, work_id FROM work_bands ORDER BY band, work_id")],
    }
    con.close()
    return state


def index_state(home: Path) -> dict:
    from indexer.whoosh.index import SearchIndex

    with SearchIndex.open(home / "index") as idx:
        return {d["id"]: d for d in idx.searcher().all_stored_fields()}


def test_sigkill_at_several_points_then_rerun_equals_an_uninterrupted_run(tmp_path):
    shared_or_skip(CSL)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, PAGES)

    clean = tmp_path / "clean"
    p = wenyuan(clean, "import", str(corpus), "--jobs", "2")
    out, err = p.communicate(timeout=600)
    assert p.returncode == 0, err

    crashed = tmp_path / "crashed"
    kills = 0
    for target in (PAGES // 5, PAGES // 2, PAGES * 4 // 5):
        p = import_until(crashed, corpus, target, "--jobs", "2")
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.communicate(timeout=60)
        # Workers of the killed writer die with their pipe; make sure none lingers.
        time.sleep(0.2)
    assert kills >= 2, "the import finished before it could be killed: use a bigger corpus"

    p = wenyuan(crashed, "import", str(corpus), "--jobs", "2", "--json")
    out, err = p.communicate(timeout=600)
    assert p.returncode == 0, err
    summary = json.loads(out)
    assert summary["imported"] + summary["duplicates"] == PAGES

    clean_state = catalog_state(clean)
    assert any(page != work for page, work, *_ in clean_state["works"]), "no paper saved twice: no works to compare"
    assert catalog_state(crashed) == clean_state
    assert index_state(crashed) == index_state(clean)


def test_second_import_waits_for_the_first_and_says_so(tmp_path):
    shared_or_skip(CSL)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 400)
    home = tmp_path / "home"
    first = import_until(home, corpus, 1, "--jobs", "1")
    second = wenyuan(home, "import", str(corpus), "--jobs", "1", "--json")
    out1, err1 = first.communicate(timeout=600)
    out2, err2 = second.communicate(timeout=600)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    if stored_pages(home) and "waiting" not in err2:
        pytest.fail(f"the second import did not say it was waiting: {err2!r}")
    assert json.loads(out2)["imported"] == 0
    assert stored_pages(home) == 400


def test_a_killed_import_leaves_no_process_holding_the_writer_lock(tmp_path):
    """kill -9 of the writer: its parser workers (and a forked segment writer) hold no copy
    of the flock, and die with it, so the next run gets the lock at once."""
    import fcntl

    shared_or_skip(CSL)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 600)
    home = tmp_path / "home"
    p = import_until(home, corpus, 100, "--jobs", "2")
    assert p.poll() is None, "the import finished before it could be killed"
    os.kill(p.pid, signal.SIGKILL)
    p.communicate(timeout=60)
    fd = os.open(home / "writer.lock", os.O_RDWR)
    try:
        got = False
        for _ in range(50):   # a worker mid-page may take a moment to notice; never seconds
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                got = True
                break
            except BlockingIOError:
                time.sleep(0.02)
        assert got, "a process of the killed import still holds the writer lock"
    finally:
        os.close(fd)
