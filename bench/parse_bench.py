"""How long parsing takes: per page on the generated corpus (target ≤ 3 ms a page), a
5 MB page (under 5 s), and a page over the 20 MB limit (refused at once).

    python -m bench.parse_bench [--repeat 3] [--pages 1000]

Prints the median of the repeats; the machine is shared, so medians, not single runs.
"""
from __future__ import annotations

import argparse
import statistics
import time

from archive.errors import NotAPageError
from archive.page import MAX_PAGE_BYTES, parse_page

from .corpus import generate
from .corpus_text import load_papers


def big_page(target_bytes: int) -> bytes:
    papers = load_papers()
    head = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{papers[0].title} - 文库</title>"
            f"</head><body><h1>{papers[0].title}</h1><div>来源：测试期刊 | 被引量：3次</div><div class='c'>")
    parts, size, i = [head], len(head.encode()), 0
    while size < target_bytes:
        p = papers[i % len(papers)]
        chunk = f"<h3>{i} {p.title}</h3><p>{p.abstract}</p>\n"
        parts.append(chunk)
        size += len(chunk.encode())
        i += 1
    parts.append("</div><h3>相关文献</h3><ul>" + "".join(
        f"<li><a href='/p{j}'>{papers[j].abstract[:60]}</a></li>" for j in range(10)) + "</ul></body></html>")
    return "".join(parts).encode("utf-8")


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pages", type=int, default=1000, help="generated corpus pages for the per-page figure")
    args = ap.parse_args()

    # Each run parses pages it has not seen (another seed): the parser's line caches then
    # help only as much as a long import's do, where a site's chrome recurs, never by
    # holding the very pages of an earlier run.
    corpora = [list(generate(args.pages, seed=7 + r)) for r in range(args.repeat)]
    per_page = []
    for corpus in corpora:
        t0 = time.perf_counter()
        for name, data in corpus:
            parse_page(data, name=name)
        per_page.append((time.perf_counter() - t0) / len(corpus) * 1000)
    corpus = corpora[0]
    ms = statistics.median(per_page)
    print(f"generated corpus: {len(corpus)} pages, median {ms:.2f} ms a page over {args.repeat} runs "
          f"(target <= 3 ms) — {'OK' if ms <= 3 else 'OVER'}")

    small = big_page(20_000)
    five = big_page(5 * 1024 * 1024)
    over = five * 5
    assert len(over) > MAX_PAGE_BYTES

    def refuse() -> None:
        try:
            parse_page(over, name="huge.html")
        except NotAPageError:
            return
        raise AssertionError("a page over the limit was parsed")

    rows = [
        ("20 KB page (baseline)", len(small), timed(lambda: parse_page(small, name="s.html"), args.repeat)),
        ("5 MB page", len(five), timed(lambda: parse_page(five, name="five.html"), args.repeat)),
        ("over-limit page (refused)", len(over), timed(refuse, args.repeat)),
    ]
    print(f"{'case':28s} {'bytes':>12s} {'median s':>10s} {'MB/s':>8s}")
    for name, n, ts in rows:
        med = statistics.median(ts)
        print(f"{name:28s} {n:12,d} {med:10.3f} {n / 2**20 / med:8.1f}")
    five_s = statistics.median(rows[1][2])
    print(f"5 MB page: {five_s:.2f} s (target < 5 s) — {'OK' if five_s < 5 else 'OVER'}")


if __name__ == "__main__":
    main()
