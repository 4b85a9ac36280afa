"""An archive nobody may write to (a read-only mount, another user's folder): the commands
that only read work on it, and those that write say why they cannot, in one line."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from conftest import ROOT

SAMPLES = ROOT / "samples"


def wenyuan(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@contextmanager
def read_only(folder: Path, view: Path):
    """``folder`` seen through ``view`` as a read-only file system: a read-only bind
    mount as root (whom file modes do not stop), else the folder's modes without w."""
    view.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True)
        if mounted.returncode != 0:
            pytest.skip(f"cannot bind-mount here: {mounted.stderr.decode().strip()}")
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True, capture_output=True)
            yield view
        finally:
            subprocess.run(["umount", "-l", str(view)], capture_output=True)
        return
    view.rmdir()
    shutil.copytree(folder, view)
    modes = {p: p.stat().st_mode for p in [view, *view.rglob("*")]}
    for p, mode in modes.items():
        p.chmod(mode & ~0o222)
    try:
        yield view
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("ro") / "home"
    r = wenyuan(home, "import", str(SAMPLES))
    assert r.returncode == 0, r.stderr
    return home


def test_reading_commands_work_on_a_read_only_archive(home, tmp_path):
    with read_only(home, tmp_path / "view") as ro:
        with pytest.raises(OSError):
            (ro / "probe").write_text("x")          # really read-only
        found = wenyuan(ro, "search", "反诈", "--json")
        assert found.returncode == 0, found.stderr
        assert json.loads(found.stdout)["hits"][0]["id"] == "p1"
        shown = wenyuan(ro, "show", "1", "--json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["record"]["title"]
        raw = subprocess.run([sys.executable, "-m", "cli", "--home", str(ro), "show", "1", "--raw"], cwd=ROOT,
                             capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
        assert raw.returncode == 0 and raw.stdout, raw.stderr
        stats = wenyuan(ro, "stats", "--json")
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["pages"] == len(list(SAMPLES.iterdir()))
        out = tmp_path / "export.jsonl"
        exported = wenyuan(ro, "export", "-o", str(out))
        assert exported.returncode == 0, exported.stderr
        assert len(out.read_text(encoding="utf-8").splitlines()) == json.loads(stats.stdout)["pages"]


def test_serve_answers_from_a_read_only_archive(home, tmp_path):
    with read_only(home, tmp_path / "view") as ro:
        log = tmp_path / "serve.log"
        with log.open("w") as err:
            proc = subprocess.Popen([sys.executable, "-m", "cli", "--home", str(ro), "serve", "--port", "0"],
                                    cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        try:
            base, deadline = None, time.monotonic() + 120
            while base is None and time.monotonic() < deadline and proc.poll() is None:
                text = log.read_text()
                m = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", text)
                base = m.group(1) if m and "Application startup complete" in text else None
                time.sleep(0.1)
            assert base, f"the server did not start: {log.read_text()[-500:]}"
            with httpx.Client(base_url=base, timeout=30) as c:
                assert c.get("/healthz").json()["index"] is True
                assert c.get("/api/stats").status_code == 200
                assert c.get("/api/search", params={"q": "反诈"}).json()["total"] >= 1
                assert c.get("/api/documents/p1").status_code == 200
                assert c.get("/api/documents/p1/raw").status_code == 200
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def test_writing_commands_on_a_read_only_archive_say_so_in_one_line(home, tmp_path):
    with read_only(home, tmp_path / "view") as ro:
        for args in (["import", str(SAMPLES)], ["reindex"]):
            r = wenyuan(ro, *args)
            assert r.returncode == 1, (args, r.stderr)
            assert r.stderr.strip().count("\n") == 0 and "read-only" in r.stderr, (args, r.stderr)
