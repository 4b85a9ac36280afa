"""End-to-end import benchmark: decode + parse + store + index, against the baseline recipe.

    python -m bench.import_bench                 # 10,000 generated pages
    python -m bench.import_bench --pages 100000  # the full-size corpus
    python -m bench.import_bench --repeat 3      # median of three imports

wenyuan runs as users run it: ``wenyuan import CORPUS --json`` in a fresh archive, in its
own process. Its memory is reported twice: the peak RSS of its largest process (writer,
worker or forked segment writer, from wait4/getrusage), and the peak of the summed PSS
of all its processes, sampled twice a second (what the import holds in all). In the same run the
baseline recipe imports the same files: BeautifulSoup ``get_text()`` on the bytes, and
Whoosh with ``jieba.analyse.ChineseAnalyzer``, one writer, one commit — no structure, no
archive. Prints a table and writes bench/out/import.json.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .corpus import write_corpus

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parents[1]


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its live descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def _pss_mb(pid: int) -> float:
    """The proportional set size of one process: shared pages (a forked child's
    copy-on-write memory, libraries) are split among the processes sharing them, so
    the sum over processes is the memory the import really holds."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class _MemorySampler(threading.Thread):
    """Samples the summed PSS of an import's processes (writer, workers, segment
    writers) twice a second; ``peak_mb`` is the largest sum seen."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mb = pid, 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        if not os.path.exists("/proc/self/smaps_rollup"):
            return
        while not self._stop_event.wait(0.5):
            self.peak_mb = max(self.peak_mb, sum(_pss_mb(p) for p in _process_tree(self.pid)))

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return self.peak_mb


def run_wenyuan(corpus: Path, home: Path, jobs: int | None) -> dict:
    """One import in a child process: its summary, wall time and peak RSS (MB)."""
    if home.exists():
        shutil.rmtree(home)
    cmd = [sys.executable, "-m", "cli", "--home", str(home), "import", str(corpus), "--json"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = _MemorySampler(proc.pid)
    sampler.start()
    # wait4 reports the child's own peak RSS; its workers are its children, not ours,
    # so their peak comes from RUSAGE_CHILDREN after the import has reaped them.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    total_pss = sampler.stop()
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"wenyuan import failed ({code}): {err[-2000:]}")
    summary = json.loads(out)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": wall, "summary": summary, "peak_rss_mb": max(usage.ru_maxrss, children) / 1024,
            "writer_rss_mb": usage.ru_maxrss / 1024, "peak_total_pss_mb": total_pss,
            "archive_mb": (dir_size(home) - dir_size(home / "index")) / 2**20,
            "index_mb": dir_size(home / "index") / 2**20}


def run_baseline(corpus: Path, where: Path) -> dict:
    """BeautifulSoup get_text() + whoosh/jieba ChineseAnalyzer, one writer."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
    from jieba.analyse import ChineseAnalyzer
    from whoosh import fields, index

    warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    schema = fields.Schema(path=fields.ID(stored=True, unique=True),
                           content=fields.TEXT(analyzer=ChineseAnalyzer()))
    ix = index.create_in(where, schema)
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    t0 = time.perf_counter()
    w = ix.writer()
    for p in files:
        text = BeautifulSoup(p.read_bytes(), "lxml").get_text()
        w.add_document(path=str(p), content=text)
    w.commit()
    wall = time.perf_counter() - t0
    return {"seconds": wall, "pages": len(files), "index_mb": dir_size(where) / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=1, help="wenyuan imports to take the median of")
    ap.add_argument("--jobs", type=int, default=None, help="wenyuan --jobs (default: one per core)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp folder)")
    args = ap.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="wenyuan-bench-"))
    corpus = work / f"corpus-{args.pages}"
    if not corpus.exists():
        n, size = write_corpus(corpus, args.pages)
    else:
        n = sum(1 for p in corpus.rglob("*") if p.is_file())
        size = dir_size(corpus)
    mb = size / 2**20
    print(f"corpus: {n} pages, {mb:.1f} MB, in {corpus}", file=sys.stderr)

    runs = [run_wenyuan(corpus, work / "home", args.jobs) for _ in range(args.repeat)]
    runs.sort(key=lambda r: r["seconds"])
    med = runs[len(runs) // 2]
    wy_rate = n / med["seconds"]
    stages = med["summary"]["stages"]
    base = None if args.no_baseline else run_baseline(corpus, work / "baseline-index")

    print(f"\nimport of {n} generated pages ({mb:.1f} MB), {os.cpu_count()} cores")
    print(f"{'system':26s} {'pages/s':>9s} {'MB/s':>7s} {'seconds':>8s} {'peak RSS MB':>12s} {'index MB':>9s}"
          f" {'all procs PSS MB':>17s}")
    print(f"{'wenyuan import':26s} {wy_rate:9.1f} {mb / med['seconds']:7.2f} {med['seconds']:8.1f} "
          f"{med['peak_rss_mb']:12.0f} {med['index_mb']:9.1f} {med['peak_total_pss_mb']:17.0f}")
    if base:
        b_rate = base["pages"] / base["seconds"]
        print(f"{'baseline bs4+jieba+whoosh':26s} {b_rate:9.1f} {mb / base['seconds']:7.2f} "
              f"{base['seconds']:8.1f} {'':>12s} {base['index_mb']:9.1f}")
        print(f"ratio wenyuan / baseline: {wy_rate / b_rate:.2f}x pages/s (target >= 2x, and >= 150 pages/s)")
    print(f"archive on disk: {med['archive_mb']:.1f} MB (raw pages compressed + catalog)")
    works = stages.get("works")   # a part of analyze (fingerprints) and index (assigning)
    total_stage = sum(v for k, v in stages.items() if k != "works") or 1.0
    print("where the time went (s; parse and blobs are summed over worker processes):")
    for k, v in stages.items():
        if k != "works":
            print(f"  {k:8s} {v:8.1f}  {100 * v / total_stage:5.1f}%")
    if works is not None:
        print(f"works (fingerprints in analyze, assigning in index): {works:.1f} s, {100 * works / total_stage:.1f}% "
              f"of the stage time, {100 * works / med['seconds']:.1f}% of the wall time (target <= 15%)")
    if args.repeat > 1:
        times = ", ".join(f"{r['seconds']:.1f}" for r in runs)
        print(f"wenyuan runs (s): {times}; median {statistics.median(r['seconds'] for r in runs):.1f}")

    OUT.mkdir(exist_ok=True)
    result = {"pages": n, "corpus_mb": mb, "cores": os.cpu_count(), "wenyuan": {
        "pages_per_s": wy_rate, "mb_per_s": mb / med["seconds"], "seconds": med["seconds"],
        "peak_rss_mb": med["peak_rss_mb"], "writer_rss_mb": med["writer_rss_mb"],
        "peak_total_pss_mb": med["peak_total_pss_mb"],
        "archive_mb": med["archive_mb"], "index_mb": med["index_mb"], "stages": stages,
        "runs_s": [r["seconds"] for r in runs]}}
    if base:
        result["baseline"] = {"pages_per_s": base["pages"] / base["seconds"], "seconds": base["seconds"],
                              "index_mb": base["index_mb"]}
        result["ratio_pages_per_s"] = wy_rate / (base["pages"] / base["seconds"])
    (OUT / "import.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
