"""Run a query and shape the answer as plain JSON-ready data.

One function, ``search``, turns a user query into::

    {"query", "total", "page", "per_page", "took_ms", "timed_out", "partial",
     "hits": [{"id", "kind", "title", "source", "citations", "url", "score",
               "snippet", "spans", "highlight", "pages", "work", "copies", "copy_ids"}],
     "facets": {"source": {name: count}, "kind": {name: count}, "year": {year: count}}}

One hit per work (indexer.works), unless ``all_copies``: the copy shown is the most
complete of the work's matching copies, ``copies`` counts its copies and ``copy_ids``
names the others; ``total`` and the facets count works too.

``snippet`` is a plain text fragment; ``spans`` are ``[start, end)`` offsets of
the matched text in it (``title_spans`` the same for the title); ``highlight`` is the snippet with every span wrapped in
MARK_OPEN/MARK_CLOSE. A terminal colours the snippet with ``mark(snippet,
spans, before, after)``.

Queries are evaluated set-at-a-time in numpy arrays (indexer.whoosh.evaluate), plain
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
import threading
import time
from dataclasses import dataclass

from whoosh import collectors, sorting
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher, TimeLimit

from archive.errors import QueryError
from archive.textform import cjk_count
from indexer.backend import DEFAULT_TIME_LIMIT, MAX_PAGE, MAX_PER_PAGE, SORTS, AllHits, Deadline
from indexer.highlight import MARK_CLOSE, MARK_OPEN, best_snippet, find_spans, mark
from indexer.whoosh import fast_paths
from indexer.whoosh.compiler import Compiled, Plan, compile_query

log = logging.getLogger(__name__)


def search(searcher: Searcher, q: str, *, page: int = 1, per_page: int = 10,
           kind: str | None = None, source: str | None = None, year: tuple[int, int] | None = None,
           sort: str = "relevance", time_limit: float = DEFAULT_TIME_LIMIT,
           cancelled: threading.Event | None = None, all_copies: bool = False) -> dict:
    """Search with a user query string; see the module docstring for the shape.

    Raises QueryError for a query or option that cannot be used, SearchCancelled
    when ``cancelled`` is set before the search has finished.
    """
    started = time.perf_counter()
    if not (1 <= page <= MAX_PAGE) or not (1 <= per_page <= MAX_PER_PAGE):
        raise QueryError(f"page must be 1–{MAX_PAGE} and per_page 1–{MAX_PER_PAGE}")
    limit = page * per_page
    r = _rank(searcher, q, kind, source, year, sort, limit, Deadline(started + time_limit, cancelled),
              collapse=not all_copies)
    hits = [_hit(searcher, docnum, score if sort == "relevance" else None, r.compiled.needles)
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


def fallbacks(plan) -> list[list[wq.Query]]:
    """What a partial match may stand on, in turn, when no page holds a whole query term:
    any one of the terms' words (深度学习 图像识别 → 学习, 图像 …), then the Chinese
    bigrams (宣传部 → 宣传)."""
    out = []
    if plan.parts and plan.parts != plan.units:
        out.append(plan.parts)
    shared = partial_units(plan)
    if shared:
        out.append(shared)
    return out


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


def search_all(searcher: Searcher, q: str, *, kind: str | None = None, source: str | None = None,
               year: tuple[int, int] | None = None, sort: str = "relevance",
               time_limit: float = DEFAULT_TIME_LIMIT, all_copies: bool = False) -> AllHits:
    """Every hit, not one page of them (``wenyuan search --all``). The ranking is bounded by
    ``time_limit`` as a page's is; the hits are then built as they are taken."""
    r = _rank(searcher, q, kind, source, year, sort, max(1, searcher.doc_count_all()),
              Deadline(time.perf_counter() + time_limit), collapse=not all_copies)
    hits = (_hit(searcher, docnum, score if sort == "relevance" else None, r.compiled.needles)
            for docnum, score in r.top)
    return AllHits(r.total, r.timed_out, hits)


def _rank(searcher: Searcher, q: str, kind: str | None, source: str | None, year: tuple[int, int] | None,
          sort: str, limit: int, deadline: Deadline, collapse: bool = True) -> Ranked:
    """The query compiled and its top ``limit`` documents (works, with ``collapse``),
    with total and facets."""
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
    arrays = _arrays_apply(searcher)
    if arrays:
        from indexer.whoosh.evaluate import run_plan, run_query

    def by_plan(match: list[wq.Query] | None = None):
        """The plain query's plan, matching on ``match`` (default: its units)."""
        if arrays:
            return run_plan(searcher, compiled.plan, filters, limit, sort, deadline, match=match,
                            collapse=collapse)
        query = compiled.query if match is None else _partial_query(compiled.plan, match)
        return _rank_by_whoosh(searcher, query, filters, limit, sort, deadline, collapse)

    partial = False
    if compiled.plan is None:
        top, total, facets, timed_out = (run_query if arrays else _rank_by_whoosh)(
            searcher, compiled.query, filters, limit, sort, deadline, collapse)
    else:
        top, total, facets, timed_out = by_plan()
        # No page holds any query term whole: the pages holding one of its words, else
        # those sharing its Chinese bigrams, flagged partial. Latin words match whole or
        # not at all: sharing "er" with qwertyuiop says nothing.
        for match in () if total else fallbacks(compiled.plan):
            top, total, facets, timed_out = by_plan(match)
            if total:
                partial = True
                break
    if timed_out:
        log.warning("search timed out: %r", q)
    return Ranked(compiled, top, total, facets, timed_out, partial)


def _partial_query(plan: Plan, shared: list[wq.Query]) -> wq.Query:
    """What ``run_plan(match=shared)`` computes, as a Whoosh query: the pages holding one
    of ``shared``, scored by the plan's scorers (no page holds every unit, so no bonus)."""
    match = shared[0] if len(shared) == 1 else wq.Or(shared)
    scorers = plan.scorers[0] if len(plan.scorers) == 1 else wq.Or(plan.scorers)
    return wq.AndMaybe(wq.ConstantScoreQuery(match, plan.base), scorers)


def _rank_by_whoosh(searcher: Searcher, query: wq.Query, filters: list, limit: int, sort: str,
                    deadline: Deadline, collapse: bool = False
                    ) -> tuple[list[tuple[int, float]], int, dict, bool]:
    """``_rank`` through Whoosh's own matchers and collectors (another weighting model).
    Its collapse keeps each work's best-ranked copy; its totals and facets count copies."""
    if sort != "relevance":
        # Most cited (newest) first; a missing value (the column's default, the type's
        # maximum) last, as in indexer.whoosh.evaluate.run_plan.
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
    if collapse:
        inner = collectors.CollapseCollector(inner, sorting.FieldFacet("work"), limit=1)
    c = collectors.FacetCollector(inner, facets, maptype=sorting.Count)
    if filters:
        c = collectors.FilterCollector(c, allow=wq.And(filters) if len(filters) > 1 else filters[0])
    # No SIGALRM: it is process-global and main-thread only; the flag checked
    # between documents is enough once block-quality skipping is off.
    deadline.passed()   # cancelled already: SearchCancelled
    c = collectors.TimeLimitCollector(c, timelimit=max(0.0, deadline.at - time.perf_counter()), use_alarm=False)
    timed_out = False
    try:
        searcher.search_with_collector(query, c)
    except TimeLimit:
        timed_out = True
    results = c.results()
    # Sorted searches carry sort keys, not relevance scores, in hit.score.
    top = [(hit.docnum, hit.score) for hit in results[:limit]]
    no_year = getattr(searcher.schema["year"].column_type, "_default", None)
    counts = {name: _facet_counts(results, name, no_year if name == "year" else None) for name in facets}
    return top, len(results), counts, timed_out


def _arrays_apply(searcher: Searcher) -> bool:
    """Whether indexer.whoosh.evaluate can stand in for Whoosh's matchers: it computes BM25F,
    and only for the whoosh3 it is written against (indexer.whoosh.fast_paths)."""
    return isinstance(searcher.weighting, BM25F) and fast_paths()


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


def _members(searcher: Searcher, docnum: int, stored: dict) -> tuple[list[int], int]:
    """indexer.whoosh.evaluate.work_members, through Whoosh's own reader when evaluate
    does not apply."""
    if _arrays_apply(searcher):
        from indexer.whoosh.evaluate import work_members
        return work_members(searcher, docnum)
    work = stored.get("work")
    if not work:
        return [docnum], 0
    docs = sorted(wq.Term("work", work).docs(searcher))
    kinds = {d: searcher.stored_fields(d).get("kind") for d in docs}
    same = [d for d in docs if kinds[d] == stored.get("kind")]
    return same, len(docs) - len(same)


MAX_COPY_IDS = 50   # a hit names at most this many other copies (``copies`` counts them all)


def _hit(searcher: Searcher, docnum: int, score: float | None, needles: list[str]) -> dict:
    stored = searcher.stored_fields(docnum)
    snippet, spans = best_snippet(stored, needles)
    title = stored.get("title") or ""
    if not title and stored.get("kind") == "related":
        body = stored.get("body") or ""
        title = body if len(body) <= 60 else body[:60] + "…"
    work = _work_of(searcher, docnum, stored)
    if stored.get("kind") == "related":
        # Every page showing one of the group's cuts of this text.
        keys = [stored.get("snippet_key") or ""] + [searcher.stored_fields(d).get("snippet_key") or ""
                                                    for d in work.pop("_others")]
        pages = sorted({p for k in keys for p in snippet_pages(searcher, k)}, key=lambda i: (len(i), i))
    else:
        work.pop("_others")
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
        **work,
    }


def _work_of(searcher: Searcher, docnum: int, stored: dict) -> dict:
    """A hit's work (indexer.works): its id (``w…``; a snippet group not resolved to a
    work, ``g…``), how many copies it has (an article's copies, a snippet's cuts of one
    text), the others' ids, and for an article the snippets citing it."""
    work = stored.get("work")
    if not work:
        return {"work": None, "copies": 1, "copy_ids": [], "cited_by_snippets": 0, "_others": []}
    same, other_kind = _members(searcher, docnum, stored)
    others = [d for d in same if d != docnum][:MAX_COPY_IDS]
    ids = [searcher.stored_fields(d).get("id") for d in others]
    return {"work": work if work.startswith("w") else None, "copies": len(same), "copy_ids": ids,
            "cited_by_snippets": other_kind if stored.get("kind") == "article" else 0, "_others": others}


def match_spans(q: str, texts: dict[str, str]) -> dict[str, list[list[int]]]:
    """Where the query ``q`` matches in each of ``texts`` (a field's whole text): merged
    ``[start, end)`` code-point offsets, as search marks them. Raises QueryError."""
    needles = compile_query(q).needles
    return {name: [list(s) for s in find_spans(text or "", needles)] for name, text in texts.items()}

