"""Hostile queries against `wenyuan serve`: each is answered within the time limit (or refused
at once), and ordinary clients keep their throughput while one client sends them.

    python -m bench.hostile_bench [--home H | --pages N] [--clients 8] [--seconds 15]

The archive is bench.serve_bench's (N generated pages, default 10,000, imported once into
bench/out/serve-home-N); the server is the real command in its own process. Printed:
per hostile shape, its HTTP status and median seconds over 3 tries; then the ordinary
clients' requests/s alone and beside one client sending the hostile shapes in a loop,
and their ratio. Targets: every shape within the 5 s search limit (plus 1 s); the ratio
at least 0.8. Written to bench/out/hostile.json.
"""
from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from pathlib import Path

import httpx

from .serve_bench import OUT, build_home, run_clients, start_server, typical_queries

LIMIT_S = 5.0
TARGET_RATIO = 0.8

_WORDS = "数据 系统 模型 分析 理论 设计 管理 教学 技术 发展 问题 中国 社会 经济 文化".split()

SHAPES = {
    "相关 OR 文献 -标题, 60 times": "相关 OR 文献 -标题 " * 60,
    "NOT x 249 times": "NOT " * 249 + "文献",
    "333 ORs": " OR ".join(["研究"] * 333)[:1000],
    "250 nested parentheses": "(" * 250 + "研究" + ")" * 250,
    "the budget: 8 exclusions": "研究 方法 " + " ".join(f"-{w}" for w in _WORDS[:8]),
    "the budget: 8 ORs": " OR ".join(["研究"] + _WORDS[:8]),
    "the budget: 8 levels deep": "(" * 8 + "研究 OR 方法" + ")" * 8 + " -数据",
    "32 terms with operators": " AND ".join(["研究", "方法", "数据", "系统"] * 8),
    "64 terms with operators (refused)": " AND ".join(["研究", "方法", "数据", "系统"] * 16),
    "a pasted abstract, 1000 chars": ("研究结果表明该方法能够显著提高系统的稳定性和效率" * 40)[:1000],
}


def time_shapes(base: str) -> dict:
    out = {}
    with httpx.Client(base_url=base, timeout=120) as c:
        for name, q in SHAPES.items():
            times, status = [], None
            for sort in ("relevance", "citations", "relevance"):
                t = time.perf_counter()
                r = c.get("/api/search", params={"q": q, "sort": sort})
                times.append(time.perf_counter() - t)
                status = r.status_code
            out[name] = {"status": status, "median_s": round(statistics.median(times), 3),
                         "max_s": round(max(times), 3)}
    return out


def hostile_loop(base: str, stop: threading.Event, sent: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=120) as c:
        qs = list(SHAPES.values())
        i = 0
        while not stop.is_set():
            c.get("/api/search", params={"q": qs[i % len(qs)], "sort": "citations" if i % 2 else "relevance"})
            i += 1
        sent.append(i)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path)
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=15.0)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    home = args.home or build_home(args.pages)
    queries = typical_queries()
    proc, base = start_server(home, 1)
    try:
        with httpx.Client(base_url=base, timeout=60) as c:
            pages = c.get("/api/stats").json()["latest_pages"]
            for params in queries:
                c.get("/api/search", params=params)
        shapes = time_shapes(base)
        alone, errors_alone, t_alone = run_clients(base, queries, args.clients, args.seconds)
        stop, sent = threading.Event(), []
        attacker = threading.Thread(target=hostile_loop, args=(base, stop, sent))
        attacker.start()
        beside, errors_beside, t_beside = run_clients(base, queries, args.clients, args.seconds)
        stop.set()
        attacker.join()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    rps_alone, rps_beside = len(alone) / t_alone, len(beside) / t_beside
    result = {"pages": pages, "limit_s": LIMIT_S, "shapes": shapes, "clients": args.clients,
              "ordinary_rps_alone": round(rps_alone, 1), "ordinary_rps_beside_hostile": round(rps_beside, 1),
              "ratio": round(rps_beside / rps_alone, 3) if rps_alone else None,
              "hostile_requests": sum(sent), "errors": len(errors_alone) + len(errors_beside)}
    result["meets_targets"] = (all(s["max_s"] <= LIMIT_S + 1 for s in shapes.values())
                               and (result["ratio"] or 0) >= TARGET_RATIO and not result["errors"])
    (OUT / "hostile.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{pages} pages; hostile shapes (status, median s / max s of 3; limit {LIMIT_S:g} s):")
    for name, s in shapes.items():
        print(f"  {name:34s} {s['status']}  {s['median_s']:7.3f} / {s['max_s']:.3f}")
    print(f"{args.clients} ordinary clients: {result['ordinary_rps_alone']} requests/s alone, "
          f"{result['ordinary_rps_beside_hostile']} beside one hostile client "
          f"({result['hostile_requests']} hostile requests): ratio {result['ratio']} "
          f"(target >= {TARGET_RATIO}) — {'met' if result['meets_targets'] else 'NOT met'}")


if __name__ == "__main__":
    main()
