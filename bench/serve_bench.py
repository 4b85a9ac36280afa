"""Throughput and latency of `wenyuan serve` under concurrent search clients.

Run from the repository root::

    python -m bench.serve_bench [--home H | --pages N] [--clients 8] [--seconds 20] [--workers 1]

Without --home, an archive of N generated pages (bench.corpus, default 10,000) is
imported once into bench/out/serve-home-N and reused by later runs. The server is the
real command (``python -m cli --home H serve --port 0``) in its own process; the clients
are threads in this process, each with its own keep-alive connection, sending typical
queries (one or two words, a title fragment, a quoted phrase, a field prefix, a kind or
source filter, citation sort, page 2) round-robin for --seconds after a short warm-up.
Printed: requests/s, p50/p95/p99 latency, errors; written to bench/out/serve.json.
Targets: at least 100 requests/s and p95 at most 200 ms, no errors, with 8 clients.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_RPS = 100
TARGET_P95_MS = 200


def build_home(pages: int) -> Path:
    from bench.corpus import write_corpus

    home = OUT / f"serve-home-{pages}"
    if (home / "index" / "CURRENT").exists():
        return home
    corpus = OUT / f"serve-corpus-{pages}"
    if not corpus.exists():
        print(f"writing {pages} pages to {corpus} …", file=sys.stderr)
        write_corpus(corpus, pages)
    print(f"importing them into {home} …", file=sys.stderr)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "cli", "--home", str(home), "import", str(corpus)], cwd=ROOT,
                   check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    print(f"imported in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return home


def typical_queries(n: int = 60) -> list[dict]:
    """Search parameters a reader would send, drawn from the corpus's own papers."""
    from bench.corpus_text import load_papers

    papers = load_papers()
    out: list[dict] = []
    for i, p in enumerate(papers[: n]):
        kws = [k for k in p.keywords if k]
        shape = i % 6
        if shape == 0 and kws:
            out.append({"q": kws[0]})
        elif shape == 1 and len(kws) >= 2:
            out.append({"q": f"{kws[0]} {kws[1]}"})
        elif shape == 2:
            out.append({"q": p.title[:12]})
        elif shape == 3 and kws:
            out.append({"q": f'"{kws[0]}"', "kind": "related"})
        elif shape == 4 and kws:
            out.append({"q": f"title:{kws[0]}", "sort": "citations"})
        else:
            out.append({"q": p.title[:6], "page": 2})
    out += [{"q": "研究"}, {"q": "分析 方法"}, {"q": "模型", "source": f"{papers[0].discipline}研究"}]
    return out


def start_server(home: Path, workers: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "cli", "--home", str(home), "serve", "--port", "0",
                             "--workers", str(workers)], cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base, ready = None, 0
    for line in proc.stderr:
        m = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line)
        base = m.group(1) if m else base
        ready += "Application startup complete" in line
        if base and ready == workers:   # every worker has loaded jieba and opened the index
            # Keep draining stderr so the server never blocks on a full pipe.
            threading.Thread(target=proc.stderr.read, daemon=True).start()
            return proc, base
    proc.wait()
    raise SystemExit(f"bench: the server did not start (exit status {proc.returncode})")


def run_clients(base: str, queries: list[dict], clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(k: int) -> None:
        mine: list[float] = []
        bad: list[str] = []
        with httpx.Client(base_url=base, timeout=30) as c:
            i = k * 7
            while time.monotonic() < deadline:
                params = queries[i % len(queries)]
                i += 1
                t = time.perf_counter()
                try:
                    r = c.get("/api/search", params=params)
                    ok = r.status_code == 200
                    if not ok:
                        bad.append(f"{r.status_code} {params}: {r.text[:120]}")
                except httpx.HTTPError as e:
                    ok = False
                    bad.append(f"{params}: {e!r}")
                if ok:
                    mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.monotonic() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, help="an existing archive (default: build one from bench.corpus)")
    ap.add_argument("--pages", type=int, default=10_000, help="pages to generate when --home is not given")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=1, help="server processes (wenyuan serve --workers)")
    args = ap.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    home = args.home or build_home(args.pages)
    queries = typical_queries()
    proc, base = start_server(home, args.workers)
    try:
        with httpx.Client(base_url=base, timeout=60) as c:
            stats = c.get("/api/stats").json()
            for _ in range(args.workers):    # warm-up: every query once per worker
                for params in queries:
                    c.get("/api/search", params=params)
        latencies, errors, elapsed = run_clients(base, queries, args.clients, args.seconds)
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    ms = [x * 1000 for x in latencies]
    result = {
        "home": str(home), "pages": stats["latest_pages"], "snippets": stats["snippets"],
        "clients": args.clients, "seconds": round(elapsed, 1), "queries": len(queries),
        "requests": len(ms) + len(errors), "errors": len(errors),
        "requests_per_s": round(len(ms) / elapsed, 1),
        "p50_ms": round(percentile(ms, 50), 1) if ms else None,
        "p95_ms": round(percentile(ms, 95), 1) if ms else None,
        "p99_ms": round(percentile(ms, 99), 1) if ms else None,
        "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
        "workers": args.workers,
        "server": f"uvicorn, {args.workers} process(es), each one event loop with handlers in Starlette's "
                  f"thread pool",
        "cpus": os.cpu_count(), "python": platform.python_version(),
    }
    result["meets_targets"] = (not errors and result["requests_per_s"] >= TARGET_RPS
                               and (result["p95_ms"] or 1e9) <= TARGET_P95_MS)
    (OUT / "serve.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{result['pages']} pages, {args.clients} clients, {result['seconds']} s: "
          f"{result['requests_per_s']} requests/s, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
          f"p99 {result['p99_ms']} ms, errors {result['errors']}"
          f"  (targets: ≥ {TARGET_RPS}/s, p95 ≤ {TARGET_P95_MS} ms: "
          f"{'met' if result['meets_targets'] else 'NOT met'})")
    for e in errors[:5]:
        print("error:", e, file=sys.stderr)


if __name__ == "__main__":
    main()
