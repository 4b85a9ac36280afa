"""Set-at-a-time evaluation of queries in numpy arrays: plain ones (indexer.whoosh.compiler.Plan,
``run_plan``) and any compiled query tree with operators (``run_query``).

Whoosh evaluates a query document at a time: every matching document walks the
whole matcher tree (an OR of ~40 bigram terms over six fields) to be scored, then
the collector stack, so a query matching 10,000 pages cost ~0.3 s. Exact totals and
facets need every match, but not that way. Here, over all segments at once (each
node of the query runs once, the segments' document numbers joined; _AllSegments):

- each term's postings are two arrays (document numbers, weights): views of the
  segment's postings arrays (indexer.whoosh.arrays), or, for a segment without them,
  decoded from Whoosh's blocks once and kept in a per-segment LRU cache
  (POSTINGS_CACHE_MB per process, shared out by segment size);
- matching documents are boolean masks over the index (unions and intersections
  are vector operations); phrases intersect ``doc << 32 | position`` keys;
- BM25F scores are Whoosh's formula and statistics (whoosh.scoring), computed per
  term over its whole posting array: score += c1*w / (w + c2 + c3*fieldlength);
- facets are ``bincount`` over cached integer codes of the kind/source columns;
- the top of the ranking is an ``argpartition``, ties broken by document number
  as Whoosh breaks them.

Results (totals, facets, hits and their scores) equal Whoosh's own evaluation of
``Compiled.query``; tests/test_search.py holds them to it. For operator queries they
follow what Whoosh's matchers define (a compound scores the sum of its matching parts,
AndMaybe adds b where it matches, AndNot removes b's documents), which Whoosh's own
document-at-a-time walk does not always reach in whoosh3 3.54: `黑龙 -经济` kept a page
holding 经济, and an AndMaybe under an And can miss its optional part's score.

Operator queries (``a OR b -c``) were once left to Whoosh's matchers, which walk the
tree a document at a time: within the query budget that was still ~1 s of CPU on 10k
pages (8 ORs of common words), and a client sending such queries in a loop took the
server from everyone else. ``run_query`` evaluates the same tree as dense arrays per
segment, one vector operation per node, and checks its Deadline before every node.
"""
from __future__ import annotations

import os
import threading
import weakref
from collections import Counter, OrderedDict

import numpy as np
from whoosh import columns
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import CorruptIndexError
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from indexer.backend import Deadline
from indexer.whoosh.arrays import EXT as ARRAYS_EXT, PostingArrays
from indexer.whoosh.compiler import ALL_UNITS_BONUS, CharInField, Plan

FACET_FIELDS = {"source": "source_name", "kind": "kind"}
NUMBER_FACETS = ("year",)        # facets over a numeric column, unknown values left out
SORT_COLUMNS = ("citations", "year")   # sorts by a numeric column, most / newest first
# Whoosh's blocks decoded, for segments without postings arrays; with them, the position
# keys of phrase terms asked for a large share of their documents (a map's positions are
# read without decoding, but joined to keys in a pass over all of the term's postings).
POSTINGS_CACHE_MB = 128
JOINED_CACHE_MB = 64      # terms' postings joined over an index's segments (_AllSegments)
# A phrase term's positions are decoded for every posting (and cached) when the
# phrase's candidate documents are at least this share of them, or when the term's
# positions are asked for a second time; else only the candidates' are decoded.
FULL_POSITIONS_SHARE = 0.25

_B, _K1 = BM25F().B, BM25F().K1
# Whoosh stores a field length as one byte; what BM25F sees (1 when absent).
_LENGTH_OF_BYTE = np.array([byte_to_length(b) or 1 for b in range(256)], dtype=np.float64)
_EMPTY = np.zeros(0, dtype=np.int64)
_EMPTY_IDS = np.zeros(0, dtype=np.int32)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float64)
# Read terms from the segments' postings arrays where they have them (the benchmarks
# turn it off to measure Whoosh's blocks in the same run).
USE_ARRAYS = True

# Per segment reader (dropped with it): columns, field lengths, the postings cache.
_READER_DATA: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _LRU:
    """Values with a size, least recently used dropped first beyond ``budget`` bytes.
    Searches on several threads share it, hence the lock (held for dict operations only)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            got = self.items.get(key)
            if got is None:
                return None
            self.items.move_to_end(key)
            return got[0]

    def put(self, key, value, nbytes: int) -> None:
        if nbytes > self.budget // 4:   # one huge term must not flush everything else
            return
        with self._lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.used -= old[1]
            self.items[key] = (value, nbytes)
            self.used += nbytes
            while self.used > self.budget and self.items:
                _, (_, n) = self.items.popitem(last=False)
                self.used -= n


class _OutOfTime(Exception):
    """Raised inside a segment's evaluation when the Deadline passes."""


# ---- columns, read whole ------------------------------------------------------------

def _column_values(col, doccount: int):
    """Every value of a column reader: numpy for numeric columns, a list of bytes for
    variable-length ones, in one read of the column instead of one per document."""
    if type(col) is columns.NumericColumn.Reader and not col._reverse:
        n = min(col._count, doccount)
        raw = col._dbfile.get(col._basepos, n * col._fixedlen)
        values = np.frombuffer(raw, dtype=np.dtype(col._typecode).newbyteorder(">")).astype(np.int64)
        if n < doccount:
            values = np.concatenate([values, np.full(doccount - n, col._default, dtype=np.int64)])
        return values
    if type(col) is columns.VarBytesColumn.Reader and len(col._lengths) == doccount:
        offsets, lengths = col._offsets, col._lengths
        end = max((o + n for o, n in zip(offsets, lengths)), default=0)
        data = col._dbfile.get(col._basepos, end)
        return [data[o:o + n] for o, n in zip(offsets, lengths)]
    return [col[d] for d in range(doccount)]  # any other column type: one by one


class _ReaderData:
    """What searches keep about one segment reader between searches."""

    def __init__(self, reader, budget: int) -> None:
        self.reader = reader
        self.n = reader.doc_count_all()
        self.postings = _LRU(budget)
        self._lengths: dict = {}
        self._facets: dict = {}
        self._numbers: dict = {}
        self._deleted = None
        self.asked: set = set()  # terms whose positions were decoded in part once
        self._arrays: PostingArrays | None | bool = False   # False: not opened yet

    def arrays(self) -> PostingArrays | None:
        """The segment's postings arrays (indexer.whoosh.arrays), or None when it has
        none (or USE_ARRAYS is off): its terms are then decoded from Whoosh's blocks."""
        if not USE_ARRAYS:
            return None
        if self._arrays is False:
            r = self.reader
            folder = getattr(getattr(r, "_storage", None), "folder", None)
            segment = getattr(r, "_segment", None)
            arrays = (PostingArrays.open(os.path.join(folder, segment.make_filename(ARRAYS_EXT)))
                      if folder and segment is not None else None)
            if arrays is not None:
                # Searches read the arrays, not Whoosh's postings: a segment file cut
                # short or overwritten since is found here, not by a later wrong answer.
                for ext, size in arrays.siblings.items():
                    name = segment.make_filename(ext)
                    try:
                        now = os.path.getsize(os.path.join(folder, name))
                    except OSError:
                        now = -1
                    if now != size:
                        arrays.close()
                        raise CorruptIndexError(
                            f"segment file {name} is {now} bytes, not the {size} it was written with")
            self._arrays = arrays
        return self._arrays  # type: ignore[return-value]

    def field_lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length of ``fieldname`` as BM25F sees it (float64)."""
        got = self._lengths.get(fieldname)
        if got is None:
            r = self.reader
            try:
                from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
                # The per-document reader's own column: SegmentReader.column_reader
                # accepts schema fields only, and "_body_len" is not one.
                col = r._perdoc.column_reader(_lenfield(fieldname), LENGTHS_COLUMN)
                raw = _column_values(col, self.n)
                got = _LENGTH_OF_BYTE[np.asarray(raw, dtype=np.int64)]
            except Exception:  # another codec: ask per document
                got = np.array([r.doc_field_length(d, fieldname, 1) or 1 for d in range(self.n)],
                               dtype=np.float64)
            self._lengths[fieldname] = got
        return got

    def facet(self, fieldname: str) -> tuple[np.ndarray, list]:
        """(code of each document's value, the value of each code) for a column."""
        got = self._facets.get(fieldname)
        if got is None:
            r = self.reader
            if r.has_column(fieldname):
                raw = _column_values(r.column_reader(fieldname, translate=False), self.n)
                index: dict = {}
                codes = np.fromiter((index.setdefault(v, len(index)) for v in raw), dtype=np.int32,
                                    count=self.n)
                field = r.schema[fieldname]
                names = [field.from_column_value(v) for v in index]
            else:
                codes, names = np.zeros(self.n, dtype=np.int32), [None]
            got = self._facets[fieldname] = (codes, names)
        return got

    def numbers(self, fieldname: str, schema) -> np.ndarray:
        """A numeric column (citations, year), -1 where unknown (the column's default:
        the type's maximum)."""
        got = self._numbers.get(fieldname)
        if got is None:
            r = self.reader
            if fieldname in schema and r.has_column(fieldname):
                values = _column_values(r.column_reader(fieldname, translate=False), self.n)
                values = np.asarray(values, dtype=np.int64) if isinstance(values, np.ndarray) else \
                    np.array([-1 if v is None else v for v in
                              r.column_reader(fieldname, translate=True)], dtype=np.int64)
                missing = getattr(schema[fieldname].column_type, "_default", None)
                if missing is not None:
                    values = np.where(values == missing, -1, values)
            else:
                values = np.full(self.n, -1, dtype=np.int64)
            got = self._numbers[fieldname] = values
        return got

    def deleted(self) -> np.ndarray:
        if self._deleted is None:
            self._deleted = np.fromiter(self.reader.deleted_docs_set, dtype=np.int64)
        return self._deleted


def _reader_data(reader, parent_docs: int) -> _ReaderData:
    got = _READER_DATA.get(reader)
    if got is None:
        share = reader.doc_count_all() / max(1, parent_docs)
        got = _READER_DATA[reader] = _ReaderData(reader, int(POSTINGS_CACHE_MB * 2**20 * min(1.0, share)))
    return got


# ---- one segment, one search ----------------------------------------------------------

class _Segment:
    """One segment for one search: document sets as sorted arrays, memoized by query."""

    def __init__(self, sub: Searcher, parent: Searcher, whole: dict):
        self.sub = sub
        self.reader = sub.reader()
        self.parent = parent
        self.data = _reader_data(self.reader, parent.doc_count_all())
        self.n = self.data.n
        self.memo: dict = {}
        # Statistics of the whole index (idf, average field length), shared by the
        # search's segments: Whoosh sums them over every segment at each call.
        self.whole = whole

    def mask(self, docs: np.ndarray) -> np.ndarray:
        m = np.zeros(self.n, dtype=bool)
        m[docs] = True
        return m

    def _btext(self, fieldname: str, text) -> bytes | None:
        if isinstance(text, bytes):
            return text
        try:
            return self.sub.schema[fieldname].to_bytes(text)
        except (KeyError, ValueError):
            return None

    def _matcher(self, fieldname: str, btext: bytes):
        """The term's leaf matcher, deleted documents included (dropped from the
        candidates instead)."""
        m = self.reader.postings(fieldname, btext)
        if isinstance(m, FilterMatcher) and m._exclude:
            m = m.child
        return m

    def _row(self, fieldname: str, text) -> tuple[PostingArrays | None, int | None, bool]:
        """(the segment's postings arrays, the term's row there, whether the term is in
        the segment at all)."""
        btext = self._btext(fieldname, text)
        if btext is None:
            return None, None, False
        arrays = self.data.arrays()
        if arrays is None:
            return None, None, True
        # The arrays' term table holds every term of the segment: Whoosh's own lookup
        # (a tenth of a millisecond a term) is not needed to know a term is absent.
        row = arrays.row(fieldname, btext)
        return arrays, row, row is not None

    def term(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, weights) of one term's postings; empty if absent."""
        arrays, row, present = self._row(fieldname, text)
        if not present:
            return _EMPTY_IDS, _EMPTY_WEIGHTS
        if row is not None:
            # Views of the map; weights as float64, the numbers Whoosh scores with.
            ids, weights = arrays.postings(row)  # type: ignore[union-attr]
            return ids, weights.astype(np.float64)
        key = (fieldname, text)
        got = self.data.postings.get(key)
        if got is not None:
            return got
        ids: list = []
        weights: list = []
        btext = self._btext(fieldname, text)
        if btext is not None and (fieldname, btext) in self.reader:
            m = self._matcher(fieldname, btext)
            if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):  # whoosh3's W3LeafMatcher
                while m.is_active():
                    if m._ids is None:
                        m._read_ids()
                    if m._weights is None:
                        m._read_weights()
                    ids.extend(m._ids)
                    weights.extend(m._weights)
                    m._next_block()
            else:
                while m.is_active():
                    ids.append(m.id())
                    weights.append(m.weight())
                    m.next()
        # Weights are float32 in the index; as float64 they are the same numbers.
        got = (np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float64))
        self.data.postings.put(key, got, got[0].nbytes + got[1].nbytes + 256)
        return got

    def positions(self, fieldname: str, text: str, docs: np.ndarray) -> np.ndarray:
        """Sorted ``doc << 32 | position`` keys of one term in the documents ``docs``."""
        arrays, row, present = self._row(fieldname, text)
        if not present:
            return _EMPTY
        if row is not None and arrays.pos_first[row] >= 0:  # type: ignore[union-attr]
            ids, _ = arrays.postings(row)  # type: ignore[union-attr]
            if docs.size >= FULL_POSITIONS_SHARE * ids.size:
                # A common term of a phrase: all of its keys, kept, then masked; the
                # next query asking for it skips the pass over its postings.
                key = ("positions", fieldname, text)
                keys = self.data.postings.get(key)
                if keys is None:
                    keys = arrays.positions(row)  # type: ignore[union-attr]
                    self.data.postings.put(key, keys, keys.nbytes + 256)
                return keys[self.mask(docs)[keys >> 32]]
            at = np.searchsorted(ids, docs)   # docs ascending: those past the end come last
            at = at[at < ids.size]
            return arrays.positions(row, at[ids[at] == docs[:at.size]])  # type: ignore[union-attr]
        ids, _ = self.term(fieldname, text)
        key = ("positions", fieldname, text)
        keys = self.data.postings.get(key)
        if keys is None and (docs.size >= FULL_POSITIONS_SHARE * ids.size or key in self.data.asked):
            keys = self._decode_positions(fieldname, text, None)
            self.data.postings.put(key, keys, keys.nbytes + 256)
        if keys is None:
            if len(self.data.asked) > 100_000:
                self.data.asked.clear()
            self.data.asked.add(key)
            return self._decode_positions(fieldname, text, docs)
        return keys[self.mask(docs)[keys >> 32]]

    def _decode_positions(self, fieldname: str, text: str, docs: np.ndarray | None) -> np.ndarray:
        fmt = self.sub.schema[fieldname].format
        decode = fmt.decode_positions
        btext = self._btext(fieldname, text)
        if btext is None or (fieldname, btext) not in self.reader:
            return _EMPTY
        out: list = []
        m = self._matcher(fieldname, btext)
        if hasattr(m, "_read_values") and hasattr(m, "_next_block"):  # whoosh3's W3LeafMatcher
            # Block by block: a block holding none of ``docs`` is skipped on its header
            # (its last id) without being decompressed.
            wanted = None if docs is None else docs.tolist()
            j = 0
            while m.is_active():
                if wanted is not None:
                    if j >= len(wanted):
                        break
                    if m._maxid < wanted[j]:
                        m._next_block()
                        continue
                if m._ids is None:
                    m._read_ids()
                if m._values is None:
                    m._read_values()
                bids, values = m._ids, m._values
                if wanted is None:
                    picks = range(len(bids))
                else:
                    where = {d: i for i, d in enumerate(bids)}
                    picks = []
                    while j < len(wanted) and wanted[j] <= m._maxid:
                        i = where.get(wanted[j])
                        if i is not None:
                            picks.append(i)
                        j += 1
                for i in picks:
                    base = bids[i] << 32
                    out.extend(base | p for p in decode(values[i]))
                m._next_block()
        elif docs is None:
            while m.is_active():
                base = m.id() << 32
                out.extend(base | p for p in decode(m.value()))
                m.next()
        else:  # skip to each wanted document
            for d in docs.tolist():
                if not m.is_active():
                    break
                if m.id() < d:
                    m.skip_to(d)
                    if not m.is_active():
                        break
                if m.id() == d:
                    base = d << 32
                    out.extend(base | p for p in decode(m.value()))
        return np.array(out, dtype=np.int64)

    def docset(self, q: wq.Query) -> np.ndarray:
        """The segment-local documents matching q, sorted (deleted ones included)."""
        got = self.memo.get(q)
        if got is not None:
            return got
        if isinstance(q, wq.Or):
            parts = [self.docset(c) for c in q.subqueries]
            parts = [p for p in parts if p.size]
            if len(parts) <= 1:
                out = parts[0] if parts else _EMPTY
            else:
                m = np.zeros(self.n, dtype=bool)
                for p in parts:
                    m[p] = True
                out = np.flatnonzero(m)
        elif isinstance(q, wq.And):
            parts = sorted((self.docset(c) for c in q.subqueries), key=len)
            out = parts[0] if parts else _EMPTY
            for p in parts[1:]:
                if not out.size:
                    break
                out = np.intersect1d(out, p, assume_unique=True)
        elif isinstance(q, wq.ConstantScoreQuery):
            out = self.docset(q.child)
        elif isinstance(q, wq.Term):
            out = self.term(q.fieldname, q.text)[0]
        elif isinstance(q, wq.Phrase) and q.slop == 1 and q.words:
            out = self.phrase_docs(q)
        elif type(q) is wq.AndNot:
            out = np.setdiff1d(self.docset(q.a), self.docset(q.b), assume_unique=True)
        elif type(q) is wq.AndMaybe:
            out = self.docset(q.a)
        elif type(q) is wq.Every and q.fieldname is None:
            out = np.arange(self.n, dtype=np.int64)
        elif type(q) is wq.NumericRange and q.fieldname in SORT_COLUMNS and q.start is not None \
                and q.end is not None and not (q.startexcl or q.endexcl):
            # The year filter: read from the column searches already hold, not term by term.
            values = self.data.numbers(q.fieldname, self.sub.schema)
            out = np.flatnonzero((values >= q.start) & (values <= q.end))
        elif q is wq.NullQuery:
            out = _EMPTY
        else:  # CharInField and anything else: Whoosh's own matcher
            m = q.matcher(self.sub, self.sub.context())
            out = np.fromiter(m.all_ids(), dtype=np.int64) if m.is_active() else _EMPTY
        self.memo[q] = out
        return out

    def phrase_docs(self, q: wq.Phrase) -> np.ndarray:
        """The documents holding the exact phrase (its words at consecutive positions)."""
        docs = self.docset(wq.And([wq.Term(q.fieldname, w) for w in dict.fromkeys(q.words)]))
        if not docs.size:
            return _EMPTY
        # Rarest word first: the running intersection only shrinks.
        order = sorted(range(len(q.words)), key=lambda i: self.term(q.fieldname, q.words[i])[0].size)
        keys = None
        for i in order:
            k = self.positions(q.fieldname, q.words[i], docs) - i
            keys = k if keys is None else np.intersect1d(keys, k, assume_unique=True)
            if not keys.size:
                return _EMPTY
        return np.unique(keys >> 32)

    def term_constants(self, q: wq.Term):
        """(c1, c2, c3) with score = c1*w / (w + c2 + c3*fieldlength): whoosh.scoring's
        bm25 (idf * w * (K1 + 1) / (w + K1 * ((1 - B) + B * fl / avgfl))) times the
        boost; c2 None for an unscorable field (score = c1*w). None: no such term."""
        key = ("consts", q.fieldname, q.text, q.boost)
        if key in self.memo:
            return self.memo[key]
        out = None
        field = self.sub.schema[q.fieldname] if q.fieldname in self.sub.schema else None
        # Whether the segment holds the term: its postings, decoded (or cached) for
        # scoring anyway, tell without another lookup in the terms table.
        if field is not None and self.term(q.fieldname, q.text)[0].size:
            if field.scorable:
                whole = self.whole
                idf = whole.get(("idf", q.fieldname, q.text))
                if idf is None:
                    idf = whole[("idf", q.fieldname, q.text)] = self.parent.idf(q.fieldname, q.text)
                avgfl = whole.get(("avgfl", q.fieldname))
                if avgfl is None:
                    avgfl = whole[("avgfl", q.fieldname)] = self.parent.avg_field_length(q.fieldname) or 1
                out = (idf * (_K1 + 1) * q.boost, _K1 * (1 - _B), _K1 * _B / avgfl)
            else:
                out = (q.boost, None, None)
        self.memo[key] = out
        return out

    def add_scores(self, q: wq.Query, scored: np.ndarray, acc: np.ndarray) -> None:
        """acc[doc] += q's score for every matching doc where the mask ``scored`` is set."""
        if isinstance(q, wq.Or) and q.boost == 1.0:  # an Or scores the sum of its parts
            for c in q.subqueries:
                self.add_scores(c, scored, acc)
            return
        if isinstance(q, (wq.ConstantScoreQuery, CharInField)):
            b = q.score if isinstance(q, wq.ConstantScoreQuery) else q.boost
            docs = self.docset(q)
            acc[docs[scored[docs]]] += b
            return
        if isinstance(q, wq.Term):
            consts = self.term_constants(q)
            if consts is None:
                return
            c1, c2, c3 = consts
            ids, ws = self.term(q.fieldname, q.text)
            keep = scored[ids]
            d, w = ids[keep], ws[keep]
            if c2 is None:
                acc[d] += w * c1
            else:
                acc[d] += c1 * w / (w + c2 + c3 * self.data.field_lengths(q.fieldname)[d])
            return
        if isinstance(q, wq.Phrase) and q.slop == 1 and q.words:
            # As Whoosh scores a phrase: the sum of its terms' scores where it occurs.
            docs = self.phrase_docs(q)
            docs = docs[scored[docs]]
            if docs.size:
                where = self.mask(docs)
                for w in dict.fromkeys(q.words):
                    self.add_scores(wq.Term(q.fieldname, w, boost=q.boost), where, acc)
            return
        m = q.matcher(self.sub, self.sub.context())
        while m.is_active():
            d = m.id()
            if scored[d]:
                acc[d] += m.score()
            m.next()

    # ---- any query tree, dense --------------------------------------------------------

    def evaluate(self, q: wq.Query, deadline: Deadline) -> tuple[np.ndarray, np.ndarray]:
        """(mask, scores) of ``q`` over the segment, as Whoosh's matchers define them:
        ``mask[d]`` when document d matches, ``scores[d]`` its score (0 where it does
        not). Deleted documents are included. The arrays may be shared (memoized):
        never change them in place."""
        key = ("dense", q)
        got = self.memo.get(key)
        if got is not None:
            return got
        if deadline.passed():
            raise _OutOfTime
        t = type(q)
        if t in (wq.Or, wq.And):
            subs = q.subqueries
            if not subs:
                out = self._nothing()
            elif len(subs) == 1:
                out = self.evaluate(subs[0], deadline)  # Whoosh: the child's own matcher, unboosted
            else:
                # Both score the sum of their matching parts (UnionMatcher,
                # IntersectionMatcher); a compound's boost multiplies it.
                parts = [self.evaluate(c, deadline) for c in subs]
                reduce = np.logical_or.reduce if t is wq.Or else np.logical_and.reduce
                mask = reduce([m for m, _ in parts])
                score = parts[0][1].copy()
                for _, sc in parts[1:]:
                    score += sc
                if t is wq.And:
                    score *= mask
                if q.boost != 1.0:
                    score *= q.boost
                out = (mask, score)
        elif t is wq.AndNot:   # a's documents without b's, scored as a
            mask, score = self.evaluate(q.a, deadline)
            excluded = self.docset(q.b)
            if excluded.size:
                mask = mask.copy()
                mask[excluded] = False
                score = score * mask
            out = (mask, score)
        elif t is wq.AndMaybe:  # a's documents, scored a + b where b matches too
            mask, score = self.evaluate(q.a, deadline)
            _, extra = self.evaluate(q.b, deadline)
            out = (mask, score + extra * mask)
        elif t in (wq.ConstantScoreQuery, CharInField) or (t is wq.Every and q.fieldname is None):
            # ListMatchers with all_weights: a zero weight reads as "none given", 1.
            value = q.score if t is wq.ConstantScoreQuery else q.boost
            mask = self.mask(self.docset(q))
            out = (mask, mask * float(value or 1.0))
        elif t is wq.Term or (t is wq.Phrase and q.slop == 1 and q.words):
            mask = self.mask(self.docset(q))
            score = np.zeros(self.n, dtype=np.float64)
            self.add_scores(q, mask, score)
            out = (mask, score)
        elif q is wq.NullQuery:
            out = self._nothing()
        else:  # anything else: Whoosh's own matcher, checking the deadline as it goes
            mask = np.zeros(self.n, dtype=bool)
            score = np.zeros(self.n, dtype=np.float64)
            m = q.matcher(self.sub, self.sub.context())
            k = 0
            while m.is_active():
                d = m.id()
                mask[d] = True
                score[d] = m.score()
                m.next()
                k += 1
                if not k % 4096 and deadline.passed():
                    raise _OutOfTime
            out = (mask, score)
        self.memo[key] = out
        return out

    def _nothing(self) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(self.n, dtype=bool), np.zeros(self.n, dtype=np.float64)


class _CombinedData:
    """_ReaderData's columns for every segment of an index at once, in global document
    numbers (each segment's numbers shifted by its offset)."""

    def __init__(self, parts: list[_ReaderData], offsets: list[int], n: int) -> None:
        self.parts, self.offsets, self.n = parts, offsets, n
        self._cache: dict = {}
        # A term's postings joined over the segments (a copy: the one thing here that
        # costs in proportion to the postings), kept for the next search.
        self.terms = _LRU(JOINED_CACHE_MB * 2**20)

    def field_lengths(self, fieldname: str) -> np.ndarray:
        key = ("lengths", fieldname)
        if key not in self._cache:
            self._cache[key] = np.concatenate([p.field_lengths(fieldname) for p in self.parts])
        return self._cache[key]

    def facet(self, fieldname: str) -> tuple[np.ndarray, list]:
        key = ("facet", fieldname)
        if key not in self._cache:
            index: dict = {}
            codes = []
            for p in self.parts:
                local, names = p.facet(fieldname)
                to_global = np.array([index.setdefault(v, len(index)) for v in names], dtype=np.int32)
                codes.append(to_global[local] if len(local) else local)
            self._cache[key] = (np.concatenate(codes), list(index))
        return self._cache[key]

    def numbers(self, fieldname: str, schema) -> np.ndarray:
        key = ("numbers", fieldname)
        if key not in self._cache:
            self._cache[key] = np.concatenate([p.numbers(fieldname, schema) for p in self.parts])
        return self._cache[key]

    def deleted(self) -> np.ndarray:
        if "deleted" not in self._cache:
            self._cache["deleted"] = np.concatenate([p.deleted() + off for p, off in zip(self.parts, self.offsets)])
        return self._cache["deleted"]


# Per multi-segment reader (dropped with it): its segments' columns, joined.
_COMBINED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _AllSegments(_Segment):
    """Every segment of a searcher as one space of global document numbers.

    Evaluating segment by segment repeats the whole query tree's Python work (memo
    lookups, query hashing, a numpy call per node) once per segment: at 100k pages
    imported in 16 segments that overhead, not the postings, was most of a query's time.
    Here each node runs once: a term's postings are its segments' arrays joined (views of
    the postings arrays where a segment has them, shifted by the segment's offset), and
    positions are asked of each segment for its own candidates only."""

    def __init__(self, parent: Searcher, whole: dict) -> None:
        leaves = parent.leaf_searchers()
        self.segments = [_Segment(sub, parent, whole) for sub, _ in leaves]
        self.offsets = [offset for _, offset in leaves]
        self._starts = np.array(self.offsets, dtype=np.int64)
        self.sub = parent
        self.reader = parent.reader()
        self.parent = parent
        self.n = parent.doc_count_all()
        data = _COMBINED.get(self.reader)
        if data is None or data.n != self.n:
            data = _COMBINED[self.reader] = _CombinedData([seg.data for seg in self.segments], self.offsets, self.n)
        self.data = data   # type: ignore[assignment]
        self.memo = {}
        self.whole = whole

    def term(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        key = (fieldname, text)
        got = self.memo.get(("term", key))
        if got is None:
            got = self.data.terms.get(key)  # type: ignore[attr-defined]
        if got is None:
            ids, weights = [], []
            for seg, offset in zip(self.segments, self.offsets):
                i, w = seg.term(fieldname, text)
                if i.size:
                    ids.append(i.astype(np.int64) + offset if offset else i.astype(np.int64))
                    weights.append(w)
            got = ((np.concatenate(ids), np.concatenate(weights)) if len(ids) > 1
                   else (ids[0], weights[0]) if ids else (_EMPTY, _EMPTY_WEIGHTS))
            self.data.terms.put(key, got, got[0].nbytes + got[1].nbytes + 256)  # type: ignore[attr-defined]
        self.memo[("term", key)] = got
        return got

    def positions(self, fieldname: str, text: str, docs: np.ndarray) -> np.ndarray:
        cuts = np.searchsorted(docs, self._starts).tolist() + [docs.size]
        out = []
        for k, (seg, offset) in enumerate(zip(self.segments, self.offsets)):
            a, b = cuts[k], cuts[k + 1]
            if b > a:
                keys = seg.positions(fieldname, text, docs[a:b] - offset)
                if keys.size:
                    out.append(keys + (offset << 32) if offset else keys)
        return np.concatenate(out) if len(out) > 1 else out[0] if out else _EMPTY


def _space(searcher: Searcher) -> _Segment:
    """The one document space a search evaluates over: the segment itself, or all of
    them joined (_AllSegments)."""
    whole: dict = {}
    if searcher.is_atomic():
        return _Segment(searcher, searcher, whole)
    return _AllSegments(searcher, whole)


# ---- works: one hit per work ---------------------------------------------------------

class _Works:
    """Which documents of an index are one work (indexer.works), from the ``work``
    column: ``code`` numbers each document's work (a document with none is a work of its
    own), ``shared`` marks the live documents whose work has another live document. A
    work's documents are its copies (articles) and the snippets resolved to it; or, for a
    group of snippets that are one text cut at other lengths, those snippets. Most
    documents share with none, so collapsing costs in proportion to the shared ones among
    a query's matches, not to the matches."""

    def __init__(self, seg: _Segment) -> None:
        codes, names = seg.data.facet("work")
        n = seg.n
        code = codes.astype(np.int64)
        if len(names):
            lone = np.array([not v for v in names], dtype=bool)[codes]
            code[lone] = len(names) + np.flatnonzero(lone)
        live = np.ones(n, dtype=bool)
        if seg.reader.has_deletions():
            live[seg.data.deleted()] = False
        per_work = np.bincount(code[live], minlength=len(names) + n) if n else np.zeros(0, dtype=np.int64)
        self.code = code
        self.shared = live & (per_work[code] > 1) if n else live
        members = np.flatnonzero(self.shared)
        self._members = members[np.argsort(code[members], kind="stable")]
        self._member_codes = code[self._members]
        self.any = bool(members.size)
        self.completeness = seg.data.numbers("completeness", seg.sub.schema)
        kinds, names = seg.data.facet("kind")
        self.article = kinds == names.index("article") if "article" in names else np.zeros(n, dtype=bool)

    def members(self, docnum: int) -> np.ndarray:
        """The live documents of ``docnum``'s work, itself included, in document order."""
        if not self.shared[docnum]:
            return np.array([docnum], dtype=np.int64)
        c = self.code[docnum]
        lo, hi = np.searchsorted(self._member_codes, [c, c + 1])
        return np.sort(self._members[lo:hi])

    def shown(self, docnum: int, matching: np.ndarray) -> int:
        """The document a hit on ``docnum``'s work shows: of its documents that match
        (``matching``: a mask over the index), an article before a snippet, then the most
        complete (the longest cut of a snippet), the newest first among equals."""
        if not self.shared[docnum]:
            return docnum
        docs = self.members(docnum)
        docs = docs[matching[docs]]
        order = np.lexsort((-docs, -self.completeness[docs], ~self.article[docs]))
        return int(docs[order[0]])

    def surplus(self, ids: np.ndarray) -> np.ndarray:
        """The documents among ``ids`` that are copies of a work another of ``ids`` stands for."""
        d = ids[self.shared[ids]]
        if not d.size:
            return d
        _, first = np.unique(self.code[d], return_index=True)
        keep = np.zeros(d.size, dtype=bool)
        keep[first] = True
        return d[~keep]


# Per index data (dropped with it).
_WORKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _works(seg: _Segment) -> _Works:
    got = _WORKS.get(seg.data)
    if got is None:
        got = _WORKS[seg.data] = _Works(seg)
    return got


def work_members(searcher: Searcher, docnum: int) -> tuple[list[int], int]:
    """The live documents of ``docnum``'s work of its kind (article copies, or snippet
    cuts), itself included, and how many of the other kind it has (the snippets that
    cite the work)."""
    works = _works(_space(searcher))
    docs = works.members(docnum)
    same = works.article[docs] == works.article[docnum]
    return docs[same].tolist(), int(np.count_nonzero(~same))


def _collapsed(seg: _Segment, ids: np.ndarray, score: np.ndarray, sort: str, limit: int,
               column: np.ndarray | None, matching: np.ndarray) -> list[tuple[int, float]]:
    """``_ranked`` with one entry per work: the work ranks by its best copy, and shows
    the copy _Works.shown picks."""
    works = _works(seg)
    if not works.any:
        return _ranked(ids, score, sort, limit, column)
    asked = limit
    while True:
        # Ranked deeper until ``limit`` works are found: every work outside the top
        # ``asked`` documents ranks below all those inside.
        top = _ranked(ids, score, sort, asked, column)
        seen: set[int] = set()
        out = []
        for d, s in top:
            c = int(works.code[d])
            if c not in seen:
                seen.add(c)
                out.append((d, s))
                if len(out) == limit:
                    break
        if len(out) == limit or asked >= ids.size:
            break
        asked *= 4
    return [(works.shown(d, matching), s) for d, s in out]


def _count_facets(seg: _Segment, ids: np.ndarray, counts: dict, collapse: bool = False) -> int:
    """Add the facet counts of the documents ``ids`` to ``counts``; returns how many
    there are. With ``collapse``, a work counts once however many of its copies match
    (once under each value its matching copies have)."""
    surplus = _works(seg).surplus(ids) if collapse else _EMPTY
    for name, fieldname in FACET_FIELDS.items():
        codes, names = seg.data.facet(fieldname)
        per_code = np.bincount(codes[ids], minlength=len(names))
        if surplus.size:
            per_code -= _surplus_counts(seg, ids, codes.astype(np.int64), len(names))
        for code in np.flatnonzero(per_code).tolist():
            counts[name][names[code]] += int(per_code[code])
    for name in NUMBER_FACETS:
        column = seg.data.numbers(name, seg.sub.schema)
        values = column[ids]
        found, n = np.unique(values[values >= 0], return_counts=True)
        if surplus.size:
            extra = _surplus_counts(seg, ids, column, int(column.max(initial=0)) + 1)
            n = n - extra[found]
        for v, c in zip(found.tolist(), n.tolist()):
            if c:
                counts[name][v] += c
    return int(ids.size - surplus.size)


def _surplus_counts(seg: _Segment, ids: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Per value (0 … size-1): how many of the matching documents with it are further
    copies of a work already counted under it."""
    works = _works(seg)
    d = ids[works.shared[ids]]
    v = values[d]
    d, v = d[v >= 0], v[v >= 0]
    all_n = np.bincount(v, minlength=size)
    pairs = np.unique(works.code[d] * size + v)
    return all_n - np.bincount(pairs % size, minlength=size)


def _ranked(ids: np.ndarray, score: np.ndarray, sort: str, limit: int,
            column: np.ndarray | None) -> list[tuple[int, float]]:
    """(docnum, score) of the best ``limit`` of ``ids`` (``score`` aligned with them), best
    first: by score, or by the column's value then score; ties by lower document number."""
    if sort in SORT_COLUMNS:
        order = np.lexsort((ids, -score, -column[ids]))[:limit]  # type: ignore[index]
    else:
        order = _top(ids, score, limit)
    return list(zip(ids[order].tolist(), score[order].tolist()))


def _top(ids: np.ndarray, score: np.ndarray, limit: int) -> np.ndarray:
    """Positions in ``ids`` of the ``limit`` best by score, ties by lower document
    number first (as Whoosh orders them)."""
    if ids.size > limit:
        cut = np.partition(score, ids.size - limit)[ids.size - limit]
        pick = np.flatnonzero(score >= cut)
    else:
        pick = np.arange(ids.size)
    return pick[np.lexsort((ids[pick], -score[pick]))][:limit]


def run_plan(searcher: Searcher, plan: Plan, filters: list[wq.Query], limit: int,
             sort: str, deadline: Deadline, match: list[wq.Query] | None = None, collapse: bool = False
             ) -> tuple[list[tuple[int, float]], int, dict, bool]:
    """Top ``limit`` (global docnum, score), total, facet counts, timed out.
    ``match``: the queries a document must hold one of to match (default: the plan's units).
    ``collapse``: one entry per work, and totals and facets count works (_Works)."""
    counts = {name: Counter() for name in (*FACET_FIELDS, *NUMBER_FACETS)}
    leaves = [leaf for s in plan.scorers for leaf in _leaves(s)]
    units = plan.units if match is None else match
    seg = _space(searcher)
    cand = np.zeros(seg.n, dtype=bool)
    for u in units:
        cand[seg.docset(u)] = True
    cand = _live(seg, cand, filters)
    cand_ids = np.flatnonzero(cand)
    if not cand_ids.size:
        return _finish([], counts, 0, False)
    total = _count_facets(seg, cand_ids, counts, collapse)
    collapse = collapse and _works(seg).any
    every = np.zeros(seg.n, dtype=bool)  # the bonus needs two or more units
    if len(plan.units) > 1:
        every = cand.copy()
        for u in plan.units:
            every &= seg.mask(seg.docset(u))
    column = None
    if sort in SORT_COLUMNS:
        column = seg.data.numbers(sort, seg.sub.schema)
        cc = column[cand_ids]
        # Scores only break ties: only documents whose value (citations, year) is at
        # least the limit-th one's can be on the page.
        # (Copies of one work may fill the top documents: then all are scored.)
        floor = np.partition(cc, cc.size - limit)[cc.size - limit] if cc.size > limit and not collapse \
            else cc.min()
        scored = cand & (column >= floor)
    else:
        # Pages holding every unit outrank all others (ALL_UNITS_BONUS): when
        # they alone fill the requested page (with works enough), nobody else needs a score.
        fill = np.count_nonzero(every)
        if collapse and fill >= limit:
            fill -= _works(seg).surplus(np.flatnonzero(every)).size
        scored = every if fill >= limit else cand
    acc = np.zeros(seg.n, dtype=np.float64)
    acc[every & scored] = ALL_UNITS_BONUS
    if plan.base:
        acc[scored] += plan.base
    timed_out = False
    for q in leaves:
        if deadline.passed():
            timed_out = True
            break
        seg.add_scores(q, scored, acc)
    ids = np.flatnonzero(scored)
    top = _collapsed(seg, ids, acc[ids], sort, limit, column, cand) if collapse else \
        _ranked(ids, acc[ids], sort, limit, column)
    return _finish(top, counts, total, timed_out)


def run_query(searcher: Searcher, q: wq.Query, filters: list[wq.Query], limit: int,
              sort: str, deadline: Deadline, collapse: bool = False
              ) -> tuple[list[tuple[int, float]], int, dict, bool]:
    """``run_plan``'s answer for any compiled query tree (operators included):
    every node evaluated by ``_Segment.evaluate``. A search that runs out of time
    gives no hits and says it timed out."""
    counts = {name: Counter() for name in (*FACET_FIELDS, *NUMBER_FACETS)}
    seg = _space(searcher)
    try:
        mask, score = seg.evaluate(q, deadline)
    except _OutOfTime:
        return _finish([], counts, 0, True)
    live = _live(seg, mask, filters)
    ids = np.flatnonzero(live)
    if not ids.size:
        return _finish([], counts, 0, False)
    total = _count_facets(seg, ids, counts, collapse)
    column = seg.data.numbers(sort, seg.sub.schema) if sort in SORT_COLUMNS else None
    top = _collapsed(seg, ids, score[ids], sort, limit, column, live) if collapse else \
        _ranked(ids, score[ids], sort, limit, column)
    return _finish(top, counts, total, False)


def _live(seg: _Segment, mask: np.ndarray, filters: list[wq.Query]) -> np.ndarray:
    """``mask`` (not changed) narrowed to the documents passing every filter and not deleted."""
    out = mask.copy()
    for f in filters:
        out &= seg.mask(seg.docset(f))
    if seg.reader.has_deletions():
        out[seg.data.deleted()] = False
    return out


def _finish(top: list, counts: dict, total: int, timed_out: bool):
    facets = {name: _sorted_counts(c) for name, c in counts.items()}
    return top, total, facets, timed_out


def _leaves(q: wq.Query):
    """The additive parts of a scorer (an Or scores the sum of its children)."""
    if isinstance(q, wq.Or) and q.boost == 1.0:
        for c in q.subqueries:
            yield from _leaves(c)
    else:
        yield q


def _sorted_counts(c: Counter) -> dict[str, int]:
    counts = {str(k): int(v) for k, v in c.items() if k not in (None, "", b"")}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
