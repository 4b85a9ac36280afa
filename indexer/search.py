"""Run a query and shape the answer as plain JSON-ready data.

One function, ``search``, turns a user query into::

    {"query", "total", "page", "per_page", "took_ms", "timed_out",
     "hits": [{"id", "kind", "title", "source", "citations", "url", "score",
               "snippet", "spans", "highlight", "pages"}],
     "facets": {"source": {name: count}, "kind": {name: count}}}

``snippet`` is a plain text fragment; ``spans`` are ``[start, end)`` offsets of
the matched text in it; ``highlight`` is the snippet with every span wrapped in
MARK_OPEN/MARK_CLOSE. A terminal colours the snippet with ``mark(snippet,
spans, before, after)``.

Every search runs with Whoosh's block-quality optimizations OFF: that code
path is what loops forever in AndMaybeMatcher.skip_to_quality (upstream
whoosh #446/#461, unfixed in whoosh3 3.54: its loop can still make no
progress). Without it every matching document is visited once, so totals and
facet counts are exact, and a TimeLimitCollector can stop the visit: a search
that runs out of time returns what it collected so far with
``"timed_out": true``.
"""
from __future__ import annotations

import heapq
from array import array
import logging
import math
import time
import weakref
from collections import Counter
from itertools import repeat
from operator import neg

from whoosh import collectors, sorting
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher, TimeLimit
from whoosh.util.numeric import byte_to_length

from archive.errors import QueryError
from indexer.analysis import fold_with_map
from indexer.query import ALL_UNITS_BONUS, CharInField, Plan, compile_query

log = logging.getLogger(__name__)

MARK_OPEN = "«"
MARK_CLOSE = "»"
SORTS = ("relevance", "citations")
DEFAULT_TIME_LIMIT = 5.0
MAX_PER_PAGE = 100
MAX_PAGE = 1000
SNIPPET_CHARS = 120
# Where a hit's snippet comes from, in order of preference when matches tie.
SNIPPET_FIELDS = ("abstract", "body", "title", "keywords", "authors", "source")


def search(searcher: Searcher, q: str, *, page: int = 1, per_page: int = 10,
           kind: str | None = None, source: str | None = None,
           sort: str = "relevance", time_limit: float = DEFAULT_TIME_LIMIT) -> dict:
    """Search with a user query string; see the module docstring for the shape.

    Raises QueryError for a query or option that cannot be used.
    """
    started = time.perf_counter()
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    if not (1 <= page <= MAX_PAGE) or not (1 <= per_page <= MAX_PER_PAGE):
        raise QueryError(f"page must be 1–{MAX_PAGE} and per_page 1–{MAX_PER_PAGE}")
    compiled = compile_query(q)

    filters = []
    if kind:
        filters.append(wq.Term("kind", kind))
    if source:
        filters.append(wq.Term("source_name", source))
    limit = page * per_page
    if compiled.plan is not None and isinstance(searcher.weighting, BM25F):
        top, total, facet_counts, timed_out = _run_plan(
            searcher, compiled.plan, filters, limit, sort, started + time_limit)
        if not total and compiled.plan.units != compiled.plan.scorers:
            # No page holds any query word whole: the best partial matches (any
            # shared bigram) rather than nothing.
            top, total, facet_counts, timed_out = _run_plan(
                searcher, compiled.plan, filters, limit, sort, started + time_limit,
                match_scorers=True)
        if timed_out:
            log.warning("search timed out after %.1f s: %r", time_limit, q)
        hits = [_hit(searcher, searcher.stored_fields(docnum),
                     score if sort == "relevance" else None, compiled.needles)
                for docnum, score in top[(page - 1) * per_page:limit]]
        return {
            "query": q,
            "total": total,
            "page": page,
            "per_page": per_page,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
            "timed_out": timed_out,
            "hits": hits,
            "facets": facet_counts,
        }
    if sort == "citations":
        # Most cited first; a missing count (the column's default, the type's
        # maximum) last, as in _run_plan.
        missing = getattr(searcher.schema["citations"].column_type, "_default", None)
        most_cited = sorting.TranslateFacet(lambda c: 1 if c in (None, missing) else -c,
                                            sorting.FieldFacet("citations"))
        inner = collectors.SortingCollector(
            sorting.MultiFacet([most_cited, sorting.ScoreFacet()]), limit=limit)
    else:
        # replace=0: Whoosh would otherwise re-derive the matcher tree (max_quality
        # over every node) every 10 documents: a third of the time, for nothing
        # when block-quality skipping is off.
        inner = collectors.TopCollector(limit, usequality=False, replace=0)
    facets = {"source": sorting.FieldFacet("source_name"), "kind": sorting.FieldFacet("kind")}
    c = collectors.FacetCollector(inner, facets, maptype=sorting.Count)
    if filters:
        c = collectors.FilterCollector(c, allow=wq.And(filters) if len(filters) > 1 else filters[0])
    # No SIGALRM: it is process-global and main-thread only; the flag checked
    # between documents is enough once block-quality skipping is off.
    c = collectors.TimeLimitCollector(c, timelimit=time_limit, use_alarm=False)
    timed_out = False
    try:
        searcher.search_with_collector(compiled.query, c)
    except TimeLimit:
        timed_out = True
        log.warning("search timed out after %.1f s: %r", time_limit, q)
    results = c.results()

    hits = []
    for hit in results[(page - 1) * per_page:limit]:
        # Sorted searches carry sort keys, not relevance scores, in hit.score.
        score = hit.score if sort == "relevance" else None
        hits.append(_hit(searcher, hit.fields(), score, compiled.needles))
    return {
        "query": q,
        "total": len(results),
        "page": page,
        "per_page": per_page,
        "took_ms": round((time.perf_counter() - started) * 1000, 1),
        "timed_out": timed_out,
        "hits": hits,
        "facets": {name: _facet_counts(results, name) for name in facets},
    }


# ---- set-at-a-time evaluation of plain queries (indexer.query.Plan) --------------
#
# Whoosh evaluates a query document at a time: every matching document walks the
# whole matcher tree (an OR of ~40 bigram terms over six fields) to be scored, then
# the collector stack, so a query matching 10,000 pages cost ~0.3 s. Exact totals
# and facets need every match, but not that way: here each segment's matching
# documents are set unions/intersections of posting blocks, facets are counted
# from cached copies of the kind/source_name columns, and BM25F scores are summed
# term by term over posting blocks — Whoosh's BM25F formula and statistics
# (whoosh.scoring) — for the documents that can still reach the requested page.

_COLUMNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
FACET_FIELDS = {"source": "source_name", "kind": "kind"}


def _column(reader, fieldname: str) -> list:
    """All values of a column of one segment (cached while the reader lives)."""
    cache = _COLUMNS.setdefault(reader, {})
    values = cache.get(fieldname)
    if values is None:
        if reader.has_column(fieldname):
            same: dict = {}  # one object per distinct value (source names repeat)
            values = [same.setdefault(v, v) for v in reader.column_reader(fieldname, translate=True)]
        else:
            values = [None] * reader.doc_count_all()
        cache[fieldname] = values
    return values


# Whoosh stores a field length as one byte; what BM25F sees (1 when absent).
_LENGTH_OF_BYTE = [byte_to_length(b) or 1 for b in range(256)]


class _Segment:
    """One segment's postings for one search: each term's blocks read once."""

    def __init__(self, sub: Searcher):
        self.sub = sub
        self.reader = sub.reader()
        self.parent = sub.get_parent()
        self.memo: dict = {}
        self._blocks: dict = {}
        self.lengths = _COLUMNS.setdefault(self.reader, {})

    def blocks(self, fieldname: str, text: str) -> list:
        """[(ids, weights, matcher-state)] for one term, [] if absent."""
        key = (fieldname, text)
        got = self._blocks.get(key)
        if got is not None:
            return got
        got = []
        try:
            btext = self.sub.schema[fieldname].to_bytes(text)
        except (KeyError, ValueError):
            btext = None
        if btext is not None and (fieldname, btext) in self.reader:
            m = self.reader.postings(fieldname, btext)
            if isinstance(m, FilterMatcher) and m._exclude:
                m = m.child  # deleted documents: dropped from the candidates instead
            if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):  # whoosh3's W3LeafMatcher
                while m.is_active():
                    if m._ids is None:
                        m._read_ids()
                    if m._weights is None:
                        m._read_weights()
                    if m._data is None:
                        m._read_data()
                    got.append((m._ids, m._weights, m._data, m))
                    m._next_block()
            else:
                ids, ws = [], []
                while m.is_active():
                    ids.append(m.id())
                    ws.append(m.weight())
                    m.next()
                got.append((ids, ws, None, None))
        self._blocks[key] = got
        return got

    def positions(self, fieldname: str, text: str, docs: set) -> dict:
        """{doc: positions} of one term for the docs in ``docs``."""
        fmt = self.sub.schema[fieldname].format
        out = {}
        for ids, _, data, m in self.blocks(fieldname, text):
            hit = docs.intersection(ids)
            if not hit:
                continue
            if m is not None and data is not None:
                values = data[2]
                fixed = getattr(m, "_fixedsize", None)
                if fixed is not None and fixed > 0:  # not used by positional formats
                    values = [values[i * fixed:(i + 1) * fixed] for i in range(len(ids))]
                for i, d in enumerate(ids):
                    if d in hit:
                        out[d] = fmt.decode_positions(values[i])
            else:  # generic path
                pm = self.reader.postings(fieldname, self.sub.schema[fieldname].to_bytes(text))
                for d in sorted(hit):
                    pm.skip_to(d)
                    out[d] = fmt.decode_positions(pm.value())
        return out

    def field_lengths(self, fieldname: str):
        """Every document's length of ``fieldname`` (as Whoosh's BM25F sees it:
        the stored length byte decoded, 1 when absent), indexable by docnum.
        Cached per segment reader (4 bytes a document), read in one pass."""
        key = ("len", fieldname)
        got = self.lengths.get(key)
        if got is None:
            r = self.reader
            try:
                from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
                # The per-document reader's own column: SegmentReader.column_reader
                # accepts schema fields only, and "_body_len" is not one.
                raw = bytes(r._perdoc.column_reader(_lenfield(fieldname), LENGTHS_COLUMN))
                got = array("I", map(_LENGTH_OF_BYTE.__getitem__, raw))
            except Exception:  # another codec: ask per document
                got = array("I", (r.doc_field_length(d, fieldname, 1) or 1
                                  for d in range(r.doc_count_all())))
            self.lengths[key] = got
        return got

    def field_length(self, fieldname: str, d: int) -> int:
        return self.field_lengths(fieldname)[d]

    def docset(self, q: wq.Query) -> set:
        """The segment-local documents matching q (deleted ones included)."""
        got = self.memo.get(q)
        if got is not None:
            return got
        if isinstance(q, wq.Or):
            out: set = set()
            for c in q.subqueries:
                out |= self.docset(c)
        elif isinstance(q, wq.And):
            parts = sorted((self.docset(c) for c in q.subqueries), key=len)
            out = set(parts[0]).intersection(*parts[1:]) if parts else set()
        elif isinstance(q, wq.ConstantScoreQuery):
            out = self.docset(q.child)
        elif isinstance(q, wq.Term):
            out = set()
            for ids, _, _, _ in self.blocks(q.fieldname, q.text):
                out.update(ids)
        elif isinstance(q, wq.Phrase) and q.slop == 1 and q.words:
            out = set(self.phrase_counts(q))
        else:  # CharInField and anything else: Whoosh's own matcher
            m = q.matcher(self.sub, self.sub.context())
            out = set(m.all_ids()) if m.is_active() else set()
        self.memo[q] = out
        return out

    def phrase_counts(self, q: wq.Phrase) -> dict:
        """{doc: occurrences} of an exact phrase (consecutive positions)."""
        key = ("phrase", q.fieldname, tuple(q.words))
        got = self.memo.get(key)
        if got is not None:
            return got
        sets = [self.docset(wq.Term(q.fieldname, w)) for w in q.words]
        docs = set(min(sets, key=len)).intersection(*sets)
        counts = {}
        if docs:
            posmaps = [self.positions(q.fieldname, w, docs) for w in q.words]
            for d in docs:
                starts = set(posmaps[0].get(d, ()))
                for i, pm in enumerate(posmaps[1:], 1):
                    starts &= {p - i for p in pm.get(d, ())}
                    if not starts:
                        break
                if starts:
                    counts[d] = len(starts)
        self.memo[key] = counts
        return counts

    def term_constants(self, q: wq.Term):
        """(c1, c2, c3) with score = c1*w / (w + c2 + c3*fieldlength): whoosh.scoring's
        bm25 (idf * w * (K1 + 1) / (w + K1 * ((1 - B) + B * fl / avgfl))) times the
        boost; c2 None for an unscorable field (score = c1*w). None: no such term."""
        key = ("consts", q.fieldname, q.text, q.boost)
        if key in self.memo:
            return self.memo[key]
        out = None
        field = self.sub.schema[q.fieldname] if q.fieldname in self.sub.schema else None
        if field is not None:
            try:
                btext = field.to_bytes(q.text)
            except ValueError:
                btext = None
            ti = None
            if btext is not None:
                try:
                    ti = self.reader.term_info(q.fieldname, btext)
                except TermNotFound:
                    ti = None
            if ti is not None:
                self.memo[("info", q.fieldname, q.text)] = (ti.doc_frequency(), ti.max_weight())
                if field.scorable:
                    idf = self.parent.idf(q.fieldname, q.text)
                    avgfl = self.parent.avg_field_length(q.fieldname) or 1
                    out = (idf * (_K1 + 1) * q.boost, _K1 * (1 - _B), _K1 * _B / avgfl)
                else:
                    out = (q.boost, None, None)
        self.memo[key] = out
        return out

    def term_stats(self, q: wq.Term) -> tuple[int, float]:
        """(document frequency, max weight) of a term in this segment; (0, 0) if absent."""
        if self.term_constants(q) is None:
            return 0, 0.0
        return self.memo[("info", q.fieldname, q.text)]

    def upper_bound(self, q: wq.Query) -> float:
        """The most q can add to one document's score."""
        if isinstance(q, wq.ConstantScoreQuery):
            return q.score
        if isinstance(q, CharInField):
            return q.boost
        if isinstance(q, wq.Term):
            consts = self.term_constants(q)
            if consts is None:
                return 0.0
            c1, c2, c3 = consts
            w = self.term_stats(q)[1]
            return w * c1 if c2 is None else c1 * w / (w + c2 + c3 * 1)  # shortest field: 1
        if isinstance(q, wq.Phrase) and q.slop == 1 and q.words:
            return sum(self.upper_bound(wq.Term(q.fieldname, w, boost=q.boost))
                       for w in dict.fromkeys(q.words))
        return math.inf

    def add_scores(self, q: wq.Query, cand: set, acc: dict) -> None:
        """acc[doc] += q's score for every matching doc in cand."""
        if isinstance(q, wq.Or) and q.boost == 1.0:  # an Or scores the sum of its parts
            for c in q.subqueries:
                self.add_scores(c, cand, acc)
            return
        if isinstance(q, (wq.ConstantScoreQuery, CharInField)):
            b = q.score if isinstance(q, wq.ConstantScoreQuery) else q.boost
            for d in self.docset(q) & cand:
                acc[d] = acc.get(d, 0.0) + b
            return
        if isinstance(q, wq.Term):
            consts = self.term_constants(q)
            if consts is None:
                return
            c1, c2, c3 = consts
            get = acc.get
            key = (q.fieldname, q.text)
            if key not in self._blocks and len(cand) * 16 < self.term_stats(q)[0]:
                # A few documents in a long posting list: skip to them, decoding
                # only the blocks that hold them.
                m = self.reader.postings(q.fieldname, self.sub.schema[q.fieldname].to_bytes(q.text))
                lens = self.field_lengths(q.fieldname) if c2 is not None else None
                for d in sorted(cand):
                    if not m.is_active():
                        break
                    if m.id() < d:
                        m.skip_to(d)
                        if not m.is_active():
                            break
                    if m.id() == d:
                        w = m.weight()
                        acc[d] = get(d, 0.0) + (w * c1 if c2 is None else c1 * w / (w + c2 + c3 * lens[d]))
                return
            lens = self.field_lengths(q.fieldname)
            for ids, ws, _, _ in self.blocks(q.fieldname, q.text):
                hit = cand.intersection(ids)
                if not hit:
                    continue
                for i, d in enumerate(ids):
                    if d in hit:
                        w = ws[i]
                        if c2 is None:
                            acc[d] = get(d, 0.0) + w * c1
                            continue
                        acc[d] = get(d, 0.0) + c1 * w / (w + c2 + c3 * lens[d])
            return
        if isinstance(q, wq.Phrase) and q.slop == 1 and q.words:
            # As Whoosh scores a phrase: the sum of its terms' scores where it occurs.
            docs = cand.intersection(self.phrase_counts(q))
            if docs:
                for w in dict.fromkeys(q.words):
                    self.add_scores(wq.Term(q.fieldname, w, boost=q.boost), docs, acc)
            return
        m = q.matcher(self.sub, self.sub.context())
        while m.is_active():
            d = m.id()
            if d in cand:
                acc[d] = acc.get(d, 0.0) + m.score()
            m.next()


_B, _K1 = BM25F().B, BM25F().K1


def _costly(seg: _Segment, q: wq.Query) -> bool:
    """Whether scoring q touches many postings (worth pruning documents first)."""
    if isinstance(q, wq.Term):
        return seg.term_stats(q)[0] > 512
    return True


def _leaves(q: wq.Query):
    """The additive parts of a scorer (an Or scores the sum of its children)."""
    if isinstance(q, wq.Or) and q.boost == 1.0:
        for c in q.subqueries:
            yield from _leaves(c)
    else:
        yield q


def _run_plan(searcher: Searcher, plan: Plan, filters: list[wq.Query], limit: int,
              sort: str, deadline: float, match_scorers: bool = False
              ) -> tuple[list[tuple[int, float]], int, dict, bool]:
    """Top ``limit`` (global docnum, score), total, facet counts, timed out.
    ``match_scorers``: match documents holding any scorer, not only whole units."""
    timed_out = False
    total = 0
    counts = {name: Counter() for name in FACET_FIELDS}
    ranked = []
    for sub, offset in searcher.leaf_searchers():
        seg = _Segment(sub)
        r = seg.reader
        cand: set = set()
        for u in (plan.scorers if match_scorers else plan.units):
            cand |= seg.docset(u)
        for f in filters:
            cand &= seg.docset(f)
        if r.has_deletions():
            deleted = getattr(r, "deleted_docs_set", None)
            if isinstance(deleted, (set, frozenset)):
                cand -= deleted
            else:
                cand = {d for d in cand if not r.is_deleted(d)}
        if not cand:
            continue
        total += len(cand)
        for name, fieldname in FACET_FIELDS.items():
            counts[name].update(map(_column(r, fieldname).__getitem__, cand))
        every: set = set()
        if len(plan.units) > 1:
            every = cand
            for u in sorted(plan.units, key=lambda u: len(seg.docset(u))):
                every = every & seg.docset(u)
        acc: dict = {}
        if sort == "citations":
            cites = _column(r, "citations")
            # A missing value is the column's default (the type's maximum): last.
            missing = getattr(sub.schema["citations"].column_type, "_default", None)
            cited = {d: -1 if cites[d] in (None, missing) else cites[d] for d in cand}
            # Scores only break ties: only documents cited at least as often as the
            # limit-th one can be on the page.
            floor = heapq.nlargest(limit, cited.values())[-1]
            scored = {d for d, c in cited.items() if c >= floor}
        else:
            # Pages holding every unit outrank all others (ALL_UNITS_BONUS): when
            # they alone fill the requested page, nobody else needs a score.
            scored = every if len(every) >= limit else cand
        for d in every & scored:
            acc[d] = ALL_UNITS_BONUS
        if plan.base:
            for d in scored:
                acc[d] = acc.get(d, 0.0) + plan.base
        leaves = [leaf for s in plan.scorers for leaf in _leaves(s)]
        # MaxScore: terms in order of the most they can add; before a costly term,
        # drop the documents that even every remaining term could not lift to the
        # limit-th best score so far (their scores are then partial, and unused).
        bounded = sorted(((seg.upper_bound(q), q) for q in leaves), key=lambda bq: -bq[0])
        unbounded = sum(1 for b, _ in bounded if b == math.inf)  # sorted first
        room = sum(b for b, _ in bounded[unbounded:])
        last_room = math.inf
        for i, (b, q) in enumerate(bounded):
            if time.perf_counter() > deadline:
                timed_out = True
                break
            if i < unbounded:
                seg.add_scores(q, scored, acc)
                continue
            if room <= 0.7 * last_room and len(scored) > limit and _costly(seg, q):
                last_room = room
                partial = [acc.get(d, 0.0) for d in scored]
                theta = heapq.nlargest(limit, partial)[-1]
                # (A little slack: rounding in ``room`` must never drop a tie.)
                reach = theta - max(room, 0.0) - 1e-6 * (1.0 + abs(theta))
                scored = {d for d, p in zip(scored, partial) if p >= reach}
            seg.add_scores(q, scored, acc)
            room -= b
        if sort == "citations":
            ranked.extend(heapq.nlargest(limit, ((cited[d], acc.get(d, 0.0), -(offset + d))
                                                 for d in scored)))
        else:
            ranked.extend(heapq.nlargest(limit, zip(map(acc.get, scored, repeat(0.0)),
                                                    map(neg, map((offset).__add__, scored)))))
    ranked = heapq.nlargest(limit, ranked)
    top = [(-key[-1], key[-2]) for key in ranked]
    facets = {name: _sorted_counts(c) for name, c in counts.items()}
    return top, total, facets, timed_out


def _sorted_counts(c: Counter) -> dict[str, int]:
    counts = {str(k): int(v) for k, v in c.items() if k not in (None, "", b"")}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _facet_counts(results, name: str) -> dict[str, int]:
    try:
        groups = results.groups(name)
    except KeyError:
        return {}
    counts = {str(k): int(v) for k, v in groups.items() if k not in (None, "")}
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
        "url": stored.get("url"),
        "score": round(float(score), 4) if score is not None else None,
        "snippet": snippet,
        "spans": spans,
        "highlight": mark(snippet, spans, MARK_OPEN, MARK_CLOSE),
        "pages": pages,
    }


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
        return _clip(text, 0, width), []
    best_start, best_cover = 0, -1
    for s, _ in spans:
        start = max(0, s - width // 5)  # a little context before the first match
        cover = sum(max(0, min(e, start + width) - max(s2, start)) for s2, e in spans)
        if cover > best_cover:
            best_start, best_cover = start, cover
    end = min(len(text), best_start + width)
    best_start = max(0, min(best_start, end - width))
    snippet = text[best_start:end]
    rel = [[max(s, best_start) - best_start, min(e, end) - best_start]
           for s, e in spans if e > best_start and s < end]
    snippet, rel = _tidy(snippet, rel)
    return snippet, rel


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
