"""Searching while a real import writes: no failed request, new pages visible within seconds.

A real ``python -m cli import`` process (the archive's writer lock, catalog batches,
index commits) runs over a few hundred generated pages while this test hammers the
API of a server opened on the same home before the import started.
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter

import httpx

from conftest import CSL, ROOT, shared_or_skip
from test_web import wenyuan
from web.app import create_app
from web.server import running

PAGES = 400
QUERIES = ["研究", "分析", "方法", "模型", "系统设计", '"研究"', "数据 OR 网络"]


def test_searches_keep_answering_and_see_new_pages_during_an_import(tmp_path):
    shared_or_skip(CSL)
    from bench.corpus import write_corpus

    home = tmp_path / "home"
    assert wenyuan(home, "import", str(ROOT / "samples")).returncode == 0
    write_corpus(tmp_path / "corpus", PAGES)

    statuses: Counter = Counter()
    failures: list[str] = []
    totals: list[tuple[float, int]] = []   # (time, total for "研究") as the import runs
    stop = threading.Event()

    with running(create_app(home)) as base:
        before = httpx.get(base + "/api/search", params={"q": "研究"}).json()["total"]

        def hammer(worker: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as c:
                n = 0
                while not stop.is_set():
                    q = QUERIES[(n + worker) % len(QUERIES)]
                    try:
                        r = c.get("/api/search", params={"q": q, "page": 1 + n % 2})
                        if n % 5 == 0:
                            r2 = c.get("/api/stats")
                            statuses[r2.status_code] += 1
                            if r2.status_code != 200:
                                failures.append(f"stats: {r2.status_code} {r2.text[:200]}")
                    except httpx.HTTPError as e:
                        failures.append(f"{q}: {e!r}")
                        continue
                    finally:
                        n += 1
                    statuses[r.status_code] += 1
                    if r.status_code != 200:
                        failures.append(f"{q}: {r.status_code} {r.text[:200]}")
                    elif q == "研究":
                        totals.append((time.monotonic(), r.json()["total"]))
                    time.sleep(0.01)

        workers = [threading.Thread(target=hammer, args=(k,)) for k in range(3)]
        for w in workers:
            w.start()
        try:
            proc = subprocess.run([sys.executable, "-m", "cli", "--home", str(home), "import",
                                   str(tmp_path / "corpus"), "--commit-every", "0.2", "--json"],
                                  cwd=ROOT, capture_output=True,
                                  timeout=300, stdin=subprocess.DEVNULL)
            finished = time.monotonic()
            assert proc.returncode == 0, proc.stderr.decode()
            assert json.loads(proc.stdout)["imported"] == PAGES

            # What a fresh process sees once the import is done; the server must agree soon.
            expected = json.loads(wenyuan(home, "search", "研究", "--json").stdout)["total"]
            seen = None
            while time.monotonic() < finished + 5:
                seen = httpx.get(base + "/api/search", params={"q": "研究"}).json()["total"]
                if seen == expected:
                    break
                time.sleep(0.1)
            caught_up = time.monotonic() - finished
        finally:
            stop.set()
            for w in workers:
                w.join(timeout=30)

    assert not failures, failures[:5]
    assert statuses[200] > 50, statuses
    assert seen == expected > before, (before, seen, expected)
    assert caught_up < 5
    # Pages were visible while the import still ran (--commit-every), not only at the end.
    during = {total for t, total in totals if t < finished}
    assert any(before < total < expected for total in during), (before, sorted(during), expected)
