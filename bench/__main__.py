"""Every benchmark, one command: ``python -m bench [--pages N]``.

Runs, each in its own process and in this order, printing each one's table (each also
writes its JSON to bench/out/): relevance (known-item search vs the jieba recipe),
parse (5 MB and over-limit pages), import (end to end vs the baseline recipe), query
latency (by class vs the baseline's AND/OR parsers) and the JSON endpoint (8 clients).
``--pages`` sets the corpus size for import, query and serve (default 10,000; the
performance targets are stated at 100,000). Needs ``pip install '.[bench]'``.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--only", action="append", choices=["relevance", "parse", "import", "query", "serve"],
                    help="run just these (repeatable)")
    args = ap.parse_args()
    n = str(args.pages)
    runs = [
        ("relevance", ["bench.relevance"]),
        ("parse", ["bench.parse_bench"]),
        ("import", ["bench.import_bench", "--pages", n]),
        ("query", ["bench.query_bench", "--pages", n]),
        ("serve", ["bench.serve_bench", "--pages", n]),
    ]
    failed = []
    for name, module in runs:
        if args.only and name not in args.only:
            continue
        print(f"\n=== {name} ({' '.join(module)})", flush=True)
        t0 = time.monotonic()
        code = subprocess.call([sys.executable, "-m", *module], cwd=ROOT)
        print(f"=== {name}: {'ok' if code == 0 else f'exit {code}'} in {time.monotonic() - t0:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        sys.exit(f"bench: failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
