"""Works and snippet resolution on a corpus with planted truth (bench.works_corpus).

    python -m bench.works_bench [--papers 600] [--work DIR] [--show N]

Generates the corpus, imports it with the real ``wenyuan import`` (a fresh archive),
then measures, against the planted truth:

- work clustering: pairwise precision and recall over the archived pages (two pages
  are a true pair when they carry the same paper; a predicted one when they share a
  work). Targets: precision ≥ 0.99, recall ≥ 0.98;
- snippet resolution (indexer.works): the work each distinct snippet of the catalog
  resolves to (its copies' papers) against the paper it is the opening of (none for
  papers not archived). Precision = right resolutions / resolutions, recall = snippets
  resolved right / snippets whose paper is archived. Targets: ≥ 0.99, ≥ 0.97;
- known-item search by title, over every archived paper: queries whose top 10 shows
  one paper twice, queries whose paper is not in the top 10, and queries where a
  snippet citing the paper ranks above it;
- the cost of works in the import: the seconds spent fingerprinting (workers) and
  assigning (writer), against the import's own time, in the same run.

``--show N`` prints N examples of each kind of miss. Prints a table and writes
bench/out/works.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from archive.store import Archive
from indexer.backend import open_index
from indexer.works import folded_key as opening_key

from .works_corpus import generate, traditional

OUT = Path(__file__).resolve().parent / "out" / "works.json"


def _pairs(groups: dict) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for members in groups.values():
        out.update(combinations(sorted(members), 2))
    return out


def clustering(arc: Archive, corpus: Path, truth: dict, show: int) -> dict:
    page_of: dict[str, int] = {}
    for row in arc.db.execute("SELECT page_id, origin FROM origins"):
        rel = os.path.relpath(row["origin"], corpus)
        page_of[rel] = row["page_id"]
    work = {r[0]: r[1] for r in arc.db.execute("SELECT page_id, work_id FROM page_works")}
    true_groups, pred_groups = defaultdict(list), defaultdict(list)
    for rel, paper in truth["files"].items():
        pid = page_of.get(rel)
        if pid is None:
            continue
        true_groups[paper].append(rel)
        pred_groups[work.get(pid, -pid)].append(rel)
    true_pairs, pred_pairs = _pairs(true_groups), _pairs(pred_groups)
    right = len(true_pairs & pred_pairs)
    out = {"pages": len(page_of), "true_works": len(true_groups), "works": len(pred_groups),
           "precision": round(right / len(pred_pairs), 4) if pred_pairs else 1.0,
           "recall": round(right / len(true_pairs), 4) if true_pairs else 1.0}
    for label, pairs in (("merged wrongly", pred_pairs - true_pairs), ("not merged", true_pairs - pred_pairs)):
        for a, b in sorted(pairs)[:show]:
            print(f"  {label}: {a} {b}")
    return out


def _cited(truth: dict) -> dict[str, str | None]:
    """The paper each snippet opens, by its opening key, also as a Big5 page shows it
    (a character Big5 lacks becomes ?)."""
    out: dict[str, str | None] = {}
    for text, paper in truth["snippets"].items():
        for shown in (text, traditional(text)):
            out[opening_key(shown)] = paper
            out[opening_key(shown.encode("big5", "replace").decode("big5"))] = paper
    return out


def resolution(arc: Archive, truth: dict, show: int) -> dict:
    paper_of_page = {}
    for rel, paper in truth["files"].items():
        paper_of_page[rel] = paper
    page_paper: dict[str, str] = {}
    corpus_root = truth["_corpus"]
    for row in arc.db.execute("SELECT page_id, origin FROM origins"):
        rel = os.path.relpath(row["origin"], corpus_root)
        if rel in paper_of_page:
            page_paper[f"p{row['page_id']}"] = paper_of_page[rel]
    # The snippet texts as the truth has them, by their opening key (what resolution sees).
    cited = _cited(truth)
    resolved = right = citing = found = 0
    misses = []
    work_pages = defaultdict(list)
    for page, work in arc.db.execute("SELECT page_id, work_id FROM page_works"):
        work_pages[work].append(f"p{page}")
    for row in arc.db.execute("SELECT s.id, s.text, k.work_id FROM snippets s LEFT JOIN snippet_keys k"
                              " ON k.snippet_id = s.id").fetchall():
        want = cited.get(opening_key(row["text"]))
        got = {page_paper.get(p) for p in work_pages.get(row["work_id"], [])}
        got.discard(None)
        if want is not None:
            citing += 1
            if want in got:
                found += 1
            elif len(misses) < show:
                misses.append(("unresolved", row["text"][:40], want))
        if got:
            resolved += 1
            if got == {want}:
                right += 1
            elif len(misses) < show:
                misses.append(("wrong", row["text"][:40], f"{want} got {sorted(got)}"))
    for m in misses:
        print("  snippet", *m)
    return {"snippets": citing, "precision": round(right / resolved, 4) if resolved else 1.0,
            "recall": round(found / citing, 4) if citing else 1.0}


def known_items(index, arc: Archive, truth: dict, show: int) -> dict:
    corpus_root = truth["_corpus"]
    page_paper: dict[str, str] = {}
    for row in arc.db.execute("SELECT page_id, origin FROM origins"):
        rel = os.path.relpath(row["origin"], corpus_root)
        if rel in truth["files"]:
            page_paper[f"p{row['page_id']}"] = truth["files"][rel]
    cited = _cited(truth)
    twice = missing = snippet_first = 0
    for paper, title in truth["titles"].items():
        hits = index.search(title, per_page=10)["hits"]
        papers = []
        for h in hits:
            if h["kind"] == "article":
                papers.append(page_paper.get(h["id"]))
            else:
                papers.append(("snippet", cited.get(opening_key(h["title"] or ""))))
        articles = [p for p in papers if not isinstance(p, tuple)]
        if len(articles) != len(set(articles)):
            twice += 1
            if show > 0 and twice <= show:
                print(f"  twice in the top 10: {title}")
        if paper not in articles:
            missing += 1
            if show > 0 and missing <= show:
                print(f"  not in the top 10: {title}")
            continue
        at = papers.index(paper)
        if any(p == ("snippet", paper) for p in papers[:at]):
            snippet_first += 1
    return {"queries": len(truth["titles"]), "a_work_twice": twice, "missing": missing,
            "snippet_above_article": snippet_first}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, default=600)
    ap.add_argument("--work", type=Path, default=None, help="folder for the corpus and archive (default: a temp one)")
    ap.add_argument("--show", type=int, default=0, help="print this many examples of each kind of miss")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="wenyuan-works-"))
    corpus, home = work / "corpus", work / "home"
    if home.exists():
        raise SystemExit(f"{home} exists: give an empty --work folder")
    truth = generate(corpus, args.papers)
    truth["_corpus"] = str(corpus)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cli", "import", str(corpus), "--json"],
                          env={**os.environ, "WENYUAN_HOME": str(home)}, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(f"import failed: {done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    stages = summary.get("stages", {})
    with Archive.open(home, readonly=True) as arc, open_index(home / "index") as index:
        result = {
            "corpus": {"pages": len(truth["files"]), "papers": args.papers},
            "import": {"seconds": round(seconds, 2), "works_seconds": stages.get("works"),
                       "works_share": round(stages.get("works", 0) / seconds, 4) if seconds else None},
            "clustering": clustering(arc, corpus, truth, args.show),
            "resolution": resolution(arc, truth, args.show),
            "known_items": known_items(index, arc, truth, args.show),
        }
    for part, figures in result.items():
        print(f"{part:12s} " + "  ".join(f"{k} {v}" for k, v in figures.items()))
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
