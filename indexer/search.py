"""Run a query and shape the answer as plain JSON-ready data.

One function, ``search``, turns a user query into::

    {"query", "total", "page", "per_page", "took_ms", "timed_out", "partial",
     "hits": [{"id", "kind", "title", "source", "citations", "url", "score",
               "snippet", "spans", "highlight", "pages"}],
     "facets": {"source": {name: count}, "kind": {name: count}, "year": {year: count}}}

``snippet`` is a plain text fragment; ``spans`` are ``[start, end)`` offsets of
the matched text in it (``title_spans`` the same for the title); ``highlight`` is the snippet with every span wrapped in
MARK_OPEN/MARK_CLOSE. A terminal colours the snippet with ``mark(snippet,
spans, before, after)``.

Queries are evaluated set-at-a-time in numpy arrays (indexer.evaluate), plain
ones through their Plan and operator queries node by node; Whoosh's matchers
and collectors remain for searchers with another weighting model. Both check
one Deadline as they go, so a search that runs out of time returns what it
found so far with ``"timed_out": true``, and one whose ``cancelled`` event is
set (its HTTP client went away) stops with SearchCancelled.

Whoosh's own path runs with block-quality optimizations OFF: that code path
is what loops forever in AndMaybeMatcher.skip_to_quality (upstream whoosh
#446/#461, unfixed in whoosh3 3.54: its loop can still make no progress).
Without it every matching document is visited once, so totals and facet
counts are exact, and a TimeLimitCollector can stop the visit.
"""
from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh import collectors, sorting
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher, TimeLimit

from archive.errors import QueryError
from archive.textform import cjk_count
from indexer.analysis import fold_with_map
from indexer.evaluate import Deadline, run_plan, run_query
from indexer.limits import MAX_PAGE, MAX_PER_PAGE, SORTS, YEARS
from indexer.query import Compiled, compile_query

log = logging.getLogger(__name__)

MARK_OPEN = "«"
MARK_CLOSE = "»"
DEFAULT_TIME_LIMIT = 5.0
SNIPPET_CHARS = 120
ELLIPSIS = "…"
# Where a hit's snippet comes from, in order of preference when matches tie.
SNIPPET_FIELDS = ("abstract", "body", "title", "keywords", "authors", "source")


def search(searcher: Searcher, q: str, *, page: int = 1, per_page: int = 10,
           kind: str | None = None, source: str | None = None, year: tuple[int, int] | None = None,
           sort: str = "relevance", time_limit: float = DEFAULT_TIME_LIMIT,
           cancelled: threading.Event | None = None) -> dict:
    """Search with a user query string; see the module docstring for the shape.

    Raises QueryError for a query or option that cannot be used, SearchCancelled
    when ``cancelled`` is set before the search has finished.
    """
    started = time.perf_counter()
    if not (1 <= page <= MAX_PAGE) or not (1 <= per_page <= MAX_PER_PAGE):
        raise QueryError(f"page must be 1–{MAX_PAGE} and per_page 1–{MAX_PER_PAGE}")
    limit = page * per_page
    r = _rank(searcher, q, kind, source, year, sort, limit, Deadline(started + time_limit, cancelled))
    hits = [_hit(searcher, searcher.stored_fields(docnum), score if sort == "relevance" else None,
                 r.compiled.needles)
            for docnum, score in r.top[(page - 1) * per_page:limit]]
    return {
        "query": q,
        "total": r.total,
        "page": page,
        "per_page": per_page,
        "took_ms": round((time.perf_counter() - started) * 1000, 1),
        "timed_out": r.timed_out,
        "partial": r.partial,
        "hits": hits,
        "facets": r.facets,
    }


@dataclass
class Ranked:
    compiled: Compiled
    top: list[tuple[int, float]]   # (docnum, score), best first
    total: int
    facets: dict
    timed_out: bool
    partial: bool                  # no page holds a whole query word: pages sharing its bigrams


def partial_units(plan) -> list[wq.Query]:
    """The scorers a partial match may stand on: terms whose text holds a Chinese character
    (a bigram of one, or a one-character word)."""
    def chinese(q: wq.Query) -> bool:
        if isinstance(q, wq.Term):
            return isinstance(q.text, str) and cjk_count(q.text) > 0
        return any(chinese(c) for c in getattr(q, "subqueries", ())) or (
            hasattr(q, "child") and chinese(q.child))
    if plan.units == plan.scorers:
        return []
    return [s for s in plan.scorers if chinese(s)]


@dataclass
class AllHits:
    """Every hit of a query, in rank order: ``hits`` yields them one by one."""
    total: int
    timed_out: bool
    hits: Iterator[dict]


def search_all(searcher: Searcher, q: str, *, kind: str | None = None, source: str | None = None,
               year: tuple[int, int] | None = None, sort: str = "relevance",
               time_limit: float = DEFAULT_TIME_LIMIT) -> AllHits:
    """Every hit, not one page of them (``wenyuan search --all``). The ranking is bounded by
    ``time_limit`` as a page's is; the hits are then built as they are taken."""
    r = _rank(searcher, q, kind, source, year, sort, max(1, searcher.doc_count_all()),
              Deadline(time.perf_counter() + time_limit))
    hits = (_hit(searcher, searcher.stored_fields(docnum), score if sort == "relevance" else None,
                 r.compiled.needles) for docnum, score in r.top)
    return AllHits(r.total, r.timed_out, hits)


def _rank(searcher: Searcher, q: str, kind: str | None, source: str | None, year: tuple[int, int] | None,
          sort: str, limit: int, deadline: Deadline) -> Ranked:
    """The query compiled and its top ``limit`` documents, with total and facets."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    compiled = compile_query(q)
    filters = []
    if kind:
        filters.append(wq.Term("kind", kind))
    if source:
        filters.append(wq.Term("source_name", source))
    if year:
        filters.append(wq.NumericRange("year", year[0], year[1]))
    partial = False
    if not _arrays_apply(searcher):
        top, total, facets, timed_out = _rank_by_whoosh(searcher, compiled, filters, limit, sort, deadline)
    elif compiled.plan is None:
        top, total, facets, timed_out = run_query(searcher, compiled.query, filters, limit, sort, deadline)
    else:
        top, total, facets, timed_out = run_plan(searcher, compiled.plan, filters, limit, sort, deadline)
        shared = partial_units(compiled.plan)
        if not total and shared:
            # No page holds any query word whole: the pages sharing its Chinese bigrams
            # (宣传部 → 宣传), flagged partial. Latin words match whole or not at all:
            # sharing "er" with qwertyuiop says nothing.
            top, total, facets, timed_out = run_plan(searcher, compiled.plan, filters, limit, sort, deadline,
                                                     match=shared)
            partial = total > 0
    if timed_out:
        log.warning("search timed out: %r", q)
    return Ranked(compiled, top, total, facets, timed_out, partial)


def _rank_by_whoosh(searcher: Searcher, compiled: Compiled, filters: list, limit: int, sort: str,
                    deadline: Deadline) -> tuple[list[tuple[int, float]], int, dict, bool]:
    """``_rank`` through Whoosh's own matchers and collectors (another weighting model)."""
    if sort != "relevance":
        # Most cited (newest) first; a missing value (the column's default, the type's
        # maximum) last, as in indexer.evaluate.run_plan.
        missing = getattr(searcher.schema[sort].column_type, "_default", None)
        most = sorting.TranslateFacet(lambda c: 1 if c in (None, missing) else -c, sorting.FieldFacet(sort))
        inner = collectors.SortingCollector(sorting.MultiFacet([most, sorting.ScoreFacet()]), limit=limit)
    else:
        # replace=0: Whoosh would otherwise re-derive the matcher tree (max_quality
        # over every node) every 10 documents: a third of the time, for nothing
        # when block-quality skipping is off.
        inner = collectors.TopCollector(limit, usequality=False, replace=0)
    facets = {"source": sorting.FieldFacet("source_name"), "kind": sorting.FieldFacet("kind"),
              "year": sorting.FieldFacet("year")}
    c = collectors.FacetCollector(inner, facets, maptype=sorting.Count)
    if filters:
        c = collectors.FilterCollector(c, allow=wq.And(filters) if len(filters) > 1 else filters[0])
    # No SIGALRM: it is process-global and main-thread only; the flag checked
    # between documents is enough once block-quality skipping is off.
    deadline.passed()   # cancelled already: SearchCancelled
    c = collectors.TimeLimitCollector(c, timelimit=max(0.0, deadline.at - time.perf_counter()), use_alarm=False)
    timed_out = False
    try:
        searcher.search_with_collector(compiled.query, c)
    except TimeLimit:
        timed_out = True
    results = c.results()
    # Sorted searches carry sort keys, not relevance scores, in hit.score.
    top = [(hit.docnum, hit.score) for hit in results[:limit]]
    no_year = getattr(searcher.schema["year"].column_type, "_default", None)
    counts = {name: _facet_counts(results, name, no_year if name == "year" else None) for name in facets}
    return top, len(results), counts, timed_out


def _arrays_apply(searcher: Searcher) -> bool:
    """Whether indexer.evaluate can stand in for Whoosh's matchers: it computes BM25F."""
    return isinstance(searcher.weighting, BM25F)


def _facet_counts(results, name: str, missing=None) -> dict[str, int]:
    try:
        groups = results.groups(name)
    except KeyError:
        return {}
    counts = {str(k): int(v) for k, v in groups.items() if k not in (None, "", missing)}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def snippet_pages(searcher: Searcher, key: str) -> list[str]:
    """Ids of the articles showing the snippet with this key, in page order."""
    if not key:
        return []
    ids = [searcher.stored_fields(n)["id"] for n in wq.Term("snippet_keys", key).docs(searcher)]
    return sorted(ids, key=lambda i: (len(i), i))  # p9 before p10


def _hit(searcher: Searcher, stored: dict, score: float | None, needles: list[str]) -> dict:
    snippet, spans = best_snippet(stored, needles)
    title = stored.get("title") or ""
    if not title and stored.get("kind") == "related":
        body = stored.get("body") or ""
        title = body if len(body) <= 60 else body[:60] + "…"
    if stored.get("kind") == "related":
        pages = snippet_pages(searcher, stored.get("snippet_key") or "")
    else:
        pages = [p for p in (stored.get("page_ids") or "").split(",") if p]
    return {
        "id": stored.get("id"),
        "kind": stored.get("kind"),
        "title": title,
        "source": stored.get("source") or None,
        "citations": stored.get("citations"),
        "year": stored.get("year"),
        "issue": stored.get("issue"),
        "url": stored.get("url"),
        "score": round(float(score), 4) if score is not None else None,
        "snippet": snippet,
        "spans": spans,
        "title_spans": [list(s) for s in find_spans(title, needles)],
        "highlight": mark(snippet, spans, MARK_OPEN, MARK_CLOSE),
        "pages": pages,
    }


def parse_years(text: str) -> tuple[int, int]:
    """``2015`` → (2015, 2015); ``2010-2015`` → (2010, 2015). Raises QueryError."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~至到]\s*(\d{4}))?\s*", text or "")
    if not m:
        raise QueryError(f"{text!r} is not a year or a range of years (2015, 2010-2015)")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    if lo > hi:
        lo, hi = hi, lo
    if lo < YEARS[0] or hi > YEARS[1]:
        raise QueryError(f"years go from {YEARS[0]} to {YEARS[1]}")
    return lo, hi


def match_spans(q: str, texts: dict[str, str]) -> dict[str, list[list[int]]]:
    """Where the query ``q`` matches in each of ``texts`` (a field's whole text): merged
    ``[start, end)`` code-point offsets, as search marks them. Raises QueryError."""
    needles = compile_query(q).needles
    return {name: [list(s) for s in find_spans(text or "", needles)] for name, text in texts.items()}


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of every folded needle in ``text``, as merged original offsets.

    Matching runs on the folded text, then maps back, so the spans cover exactly
    the original characters that matched (創建 for a search for 创建).
    """
    if not text or not needles:
        return []
    folded, starts, ends = fold_with_map(text)
    raw = []
    for needle in needles:
        i = folded.find(needle)
        while i >= 0:
            raw.append((starts[i], ends[i + len(needle) - 1]))
            i = folded.find(needle, i + 1)
    raw.sort()
    merged: list[tuple[int, int]] = []
    for s, e in raw:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, needles: list[str], width: int = SNIPPET_CHARS
              ) -> tuple[str, list[list[int]]]:
    """The ``width``-character window of ``text`` covering the most matched
    characters, and the matched spans relative to it."""
    spans = find_spans(text, needles)
    if not spans:
        clipped = _clip(text, 0, width)
        return clipped + (ELLIPSIS if len(" ".join(text.split())) > len(clipped) else ""), []
    best_start, best_cover = 0, -1
    for s, _ in spans:
        start = max(0, s - width // 5)  # a little context before the first match
        cover = sum(max(0, min(e, start + width) - max(s2, start)) for s2, e in spans)
        if cover > best_cover:
            best_start, best_cover = start, cover
    end = min(len(text), best_start + width)
    best_start = max(0, min(best_start, end - width))
    # A window cut mid-text does not open on the tail of a sentence's punctuation.
    first_match = min((s for s, e in spans if e > best_start), default=end)
    while best_start < min(first_match, end) and best_start > 0 and _is_break(text[best_start]):
        best_start += 1
    snippet = text[best_start:end]
    rel = [[max(s, best_start) - best_start, min(e, end) - best_start]
           for s, e in spans if e > best_start and s < end]
    snippet, rel = _tidy(snippet, rel)
    # Cut mid-text at either end: say so with an ellipsis (spans shift past the opening one).
    if best_start > 0 and snippet:
        snippet = ELLIPSIS + snippet
        rel = [[s + len(ELLIPSIS), e + len(ELLIPSIS)] for s, e in rel]
    if end < len(text) and text[end:].strip():
        snippet += ELLIPSIS
    return snippet, rel


def _is_break(ch: str) -> bool:
    """Punctuation or space: what a snippet should not start with."""
    return ch.isspace() or unicodedata.category(ch).startswith(("P", "Z"))


def _clip(text: str, start: int, width: int) -> str:
    return " ".join(text[start:start + width].split())


def _tidy(snippet: str, spans: list[list[int]]) -> tuple[str, list[list[int]]]:
    """Collapse whitespace runs (pages are full of newlines), keeping spans aligned."""
    out, newpos = [], []
    prev_space = False
    for ch in snippet:
        newpos.append(len(out))
        if ch.isspace():
            if prev_space or not out:
                continue
            out.append(" ")
            prev_space = True
        else:
            out.append(ch)
            prev_space = False
    newpos.append(len(out))
    text = "".join(out)
    trimmed = text.rstrip(" ")
    spans = [[newpos[s], min(newpos[e], len(trimmed))] for s, e in spans]
    return trimmed, [s for s in spans if s[1] > s[0]]


def best_snippet(stored: dict, needles: list[str]) -> tuple[str, list[list[int]]]:
    """The snippet from whichever stored field matches the query best."""
    best = ("", [])
    best_cover = -1
    for name in SNIPPET_FIELDS:
        text = stored.get(name)
        if not text:
            continue
        snippet, spans = highlight(text, needles)
        cover = sum(e - s for s, e in spans)
        if cover > best_cover:
            best, best_cover = (snippet, spans), cover
    return best


def mark(snippet: str, spans: list[list[int]], before: str, after: str) -> str:
    """``snippet`` with every span wrapped in ``before``/``after`` (markers or colours)."""
    out, last = [], 0
    for s, e in spans:
        out.append(snippet[last:s])
        out.append(before + snippet[s:e] + after)
        last = e
    out.append(snippet[last:])
    return "".join(out)
