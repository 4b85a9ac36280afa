"""Indexing throughput: wenyuan's SearchIndex writer against the whoosh + jieba recipe.

Run from the repository root::

    python -m bench.index_bench [--pages N] [--batch B] [--profile]

N generated pages (``bench.corpus``) are parsed first (not timed). Then, timed:

- **wenyuan, batches**: what an import's index sync writes — every B pages (the
  importer's catalog batch) one commit of the batch's article documents plus the
  other-literature snippet documents the batch touched (new snippets, and snippets that
  gained a page, rewritten with their new page list), through ``SearchIndex.batch``;
- **wenyuan, rebuild**: ``SearchIndex.rebuild`` of the final documents (``wenyuan reindex``);
- **recipe**: BeautifulSoup ``get_text()`` of each page + Whoosh with
  ``jieba.analyse.ChineseAnalyzer``, one document per page, committed every B pages
  (``get_text`` timed separately from the writer).

Printed: documents and pages per second for each, and the wenyuan/recipe ratio.
``--profile`` adds a cProfile of the batched wenyuan writes (top functions by
internal time). Results go to bench/out/index.json.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import logging
import multiprocessing as mp
import pstats
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from archive.page import parse_page
from archive.record import Record
from bench.corpus import generate
from indexer.whoosh.index import SearchIndex
from indexer.documents import article_document, related_document, related_id

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_BATCH = 256  # archive.importer.BATCH_PAGES


def _parse(item: tuple[str, bytes]) -> tuple[str, Record, bytes]:
    name, data = item
    return name, parse_page(data, name=name).record, data


def parsed_pages(n: int, jobs: int = 2) -> list[tuple[str, Record, bytes]]:
    """(file name, record, page bytes) for the first n generated pages."""
    items = generate(n)
    if jobs <= 1:
        return [_parse(it) for it in items]
    with mp.get_context("fork").Pool(jobs) as pool:
        return list(pool.imap(_parse, items, chunksize=64))


def page_batches(pages: list[tuple[str, Record, bytes]], batch: int) -> Iterator[list[dict]]:
    """The documents an import's index sync writes after each batch of pages."""
    snippet_pages: dict[str, set[str]] = {}
    snippet_text: dict[str, str] = {}
    for start in range(0, len(pages), batch):
        docs = []
        touched: list[str] = []
        for k, (_, rec, _) in enumerate(pages[start:start + batch], start):
            pid = f"p{k}"
            docs.append(article_document(pid, rec))
            for item in rec.related:
                sid = related_id(item.text)
                snippet_text.setdefault(sid, item.text)
                snippet_pages.setdefault(sid, set()).add(pid)
                touched.append(sid)
        for sid in dict.fromkeys(touched):
            docs.append(related_document(snippet_text[sid], doc_id=sid))
        yield docs


def final_documents(pages: list[tuple[str, Record, bytes]]) -> list[dict]:
    """Every document of the finished index, once (what a rebuild writes)."""
    latest: dict[str, dict] = {}
    for docs in page_batches(pages, len(pages)):
        for d in docs:
            latest[d["id"]] = d
    return list(latest.values())


def wenyuan_batches(pages, batch: int, root: Path) -> dict:
    batches = list(page_batches(pages, batch))
    ndocs = sum(len(b) for b in batches)
    ix = SearchIndex.create(root)
    t0 = time.perf_counter()
    for docs in batches:
        with ix.batch() as b:
            for d in docs:
                b.add(d)
    secs = time.perf_counter() - t0
    count = ix.count()
    ix.close()
    return {"docs_written": ndocs, "docs_in_index": count, "seconds": round(secs, 2),
            "docs_per_s": round(ndocs / secs, 1), "pages_per_s": round(len(pages) / secs, 1)}


def wenyuan_rebuild(pages, root: Path) -> dict:
    docs = final_documents(pages)
    ix = SearchIndex.create(root)
    t0 = time.perf_counter()
    n = ix.rebuild(iter(docs))
    secs = time.perf_counter() - t0
    ix.close()
    return {"docs_written": n, "seconds": round(secs, 2), "docs_per_s": round(n / secs, 1),
            "pages_per_s": round(len(pages) / secs, 1)}


def recipe_schema():
    from jieba.analyse import ChineseAnalyzer
    from whoosh import fields

    return fields.Schema(id=fields.ID(stored=True, unique=True),
                         content=fields.TEXT(analyzer=ChineseAnalyzer(), stored=True))


def page_text(data: bytes) -> str:
    """The recipe's extraction: all the text BeautifulSoup sees (it decodes the bytes too)."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(data, "lxml").get_text()


def recipe(pages, batch: int, root: Path) -> dict:
    from whoosh import index

    t0 = time.perf_counter()
    texts = [(f"p{k}", page_text(raw)) for k, (_, _, raw) in enumerate(pages)]
    extract = time.perf_counter() - t0
    root.mkdir(parents=True)
    ix = index.create_in(str(root), recipe_schema())
    t0 = time.perf_counter()
    for start in range(0, len(texts), batch):
        w = ix.writer()
        for pid, text in texts[start:start + batch]:
            w.add_document(id=pid, content=text)
        w.commit()
    secs = time.perf_counter() - t0
    ix.close()
    return {"docs_written": len(texts), "seconds": round(secs, 2), "extract_seconds": round(extract, 2),
            "docs_per_s": round(len(texts) / secs, 1), "pages_per_s": round(len(texts) / secs, 1),
            "pages_per_s_with_extract": round(len(texts) / (secs + extract), 1)}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=DEFAULT_BATCH)
    ap.add_argument("--profile", action="store_true", help="cProfile the batched wenyuan writes")
    ap.add_argument("--no-recipe", action="store_true", help="skip the whoosh + jieba recipe")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    t0 = time.perf_counter()
    pages = parsed_pages(args.pages)
    print(f"parsed {len(pages)} pages in {time.perf_counter() - t0:.1f}s (not timed below)")
    chars = sum(len(r.body) + len(r.abstract or "") + len(r.title) for _, r, _ in pages) / len(pages)
    report: dict = {"pages": len(pages), "batch": args.batch, "avg_chars_title_abstract_body": round(chars)}
    with tempfile.TemporaryDirectory(dir=OUT if OUT.exists() else None) as tmp:
        work = Path(tmp)
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
        report["wenyuan_batches"] = wenyuan_batches(pages, args.batch, work / "batches")
        if args.profile:
            prof.disable()
            stats = pstats.Stats(prof)
            stats.sort_stats("tottime").print_stats(25)
            stats.sort_stats("cumulative").print_stats(30)
        shutil.rmtree(work / "batches")
        report["wenyuan_rebuild"] = wenyuan_rebuild(pages, work / "rebuild")
        shutil.rmtree(work / "rebuild")
        if not args.no_recipe:
            report["recipe"] = recipe(pages, args.batch, work / "recipe")

    print(f"indexing {len(pages)} generated pages (~{report['avg_chars_title_abstract_body']} chars of "
          f"title+abstract+body each), commit every {args.batch} pages")
    print(f"{'system':<34} {'docs':>7} {'seconds':>8} {'docs/s':>8} {'pages/s':>8} {'vs recipe':>9}")
    base = report.get("recipe", {}).get("pages_per_s")
    for name in ("wenyuan_batches", "wenyuan_rebuild", "recipe"):
        if name not in report:
            continue
        r = report[name]
        ratio = f"{r['pages_per_s'] / base:.2f}x" if base else "-"
        print(f"{name:<34} {r['docs_written']:>7} {r['seconds']:>8.1f} {r['docs_per_s']:>8.1f} "
              f"{r['pages_per_s']:>8.1f} {ratio:>9}")
    if "recipe" in report:
        print(f"recipe get_text(): {report['recipe']['extract_seconds']}s; with it "
              f"{report['recipe']['pages_per_s_with_extract']} pages/s")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "index.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
