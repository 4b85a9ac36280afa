"""A document's indexed form, computed once: its postings, stored values and columns.

Whoosh's own writer analyzes each document inside the one writer process and then
pushes every posting through a generic sorting pool (pickled to temporary runs past
its memory limit, merged back with a heap) before writing it. Profiled on the
generated corpus, that pool and its per-posting bookkeeping cost more than the
analysis and the final write together. So wenyuan splits the work:

- ``prepare(doc)`` turns a document into its postings exactly as Whoosh's fields
  would (same terms, weights and encoded values; ``tests/test_segment.py`` compares
  the two). It is pure and picklable, so import workers run it in parallel with
  parsing, and hands the writer a few compact byte strings rather than thousands of
  tuples.
- ``indexer.whoosh.segment.SegmentBuilder`` gathers prepared documents by term in compact
  arrays and writes them as a Whoosh segment through Whoosh's own codec.

The document's ``id`` (and ``page_ids``) are left out: a page's id is known only once
the catalog has stored it, after a worker has prepared it. The builder adds them.
"""
from __future__ import annotations

from array import array
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass

from whoosh import fields as wfields
from whoosh import formats

from whoosh.system import pack_uint

from indexer.whoosh.tokenizers import BigramTokenizer, CharSetTokenizer, WordTokenizer

from indexer.text import fold, words
from indexer.documents import with_words

# Fields the builder fills in itself (see the module docstring).
from indexer.whoosh.schema import build_schema
ID_FIELDS = ("id", "page_ids", "work")

# Text terms are joined with NUL: folding drops control characters, so none holds one.
TERM_SEP = b"\x00"


@dataclass(slots=True)
class FieldPostings:
    """One field of one document: its length and one posting per distinct term."""
    name: str
    length: int            # the field length Whoosh scores with (0 if not scorable)
    terms: bytes | tuple   # the terms in the analyzer's order: TERM_SEP-joined, or a
                           # tuple when some term holds TERM_SEP (numeric terms)
    weights: bytes | None  # array('f') bytes, one per term; None when every weight is 1.0
    values: bytes | None   # the encoded posting values, concatenated; None when all empty
    value_ends: bytes | None  # array('I') bytes: where each term's value ends in ``values``
    # array('I') bytes: every position, term after term (as many per term as its weight),
    # for the segment's postings arrays (indexer.whoosh.arrays); None for a field without
    # positions, or one whose positions were not worked out here (Whoosh's path).
    positions: bytes | None = None

    def term_list(self) -> list[bytes] | tuple:
        if isinstance(self.terms, tuple):
            return self.terms
        return self.terms.split(TERM_SEP) if self.terms else []


@dataclass(slots=True)
class Prepared:
    """A document ready for ``SegmentBuilder.add``: everything but its id."""
    fields: list[FieldPostings]
    stored: dict           # stored field values
    columns: list[tuple[str, object]]  # (field name, column value)
    digest: str


_SCHEMA = build_schema()


def schema() -> wfields.Schema:
    """The schema documents are prepared against (a module-wide instance)."""
    return _SCHEMA


def prepare(doc: dict) -> Prepared:
    """The postings, stored values and column values of ``doc`` (an indexer.documents
    document), as Whoosh's ``add_document`` would compute them, minus the id fields."""
    full = with_words({k: v for k, v in doc.items() if k not in ID_FIELDS})
    sch = _SCHEMA
    out: list[FieldPostings] = []
    stored: dict = {}
    columns: list[tuple[str, object]] = []
    for name in sorted(full):
        value = full[name]
        if value is None:
            continue
        field = sch[name]
        if field.indexed:
            out.append(_field_postings(name, field, value))
        if field.stored:
            stored[name] = value
        if field.column_type:
            columns.append((name, field.to_column_value(value)))
    return Prepared(out, stored, columns, full["digest"])


def _field_postings(name: str, field: wfields.FieldType, value) -> FieldPostings:
    fmt, ana = field.format, field.analyzer
    if fmt.field_boost == 1.0 and isinstance(value, str):
        if type(ana) is BigramTokenizer and type(fmt) is formats.Positions:
            return _bigram_postings(name, value)
        if type(ana) is WordTokenizer and type(fmt) is formats.Frequency and field.scorable:
            return _word_postings(name, value)
        if type(ana) is CharSetTokenizer and type(fmt) is formats.Existence and not field.scorable:
            return _pack(name, 0, [c.encode("utf-8") for c in dict.fromkeys(value)], array("f"), [], array("I"))
    terms: list[bytes] = []
    weights = array("f")
    values: list[bytes] = []
    ends = array("I")
    length = 0
    end = 0
    for tbytes, freq, weight, vbytes in field.index(value):
        terms.append(tbytes)
        weights.append(weight)
        if field.scorable:
            length += freq
        if vbytes:
            values.append(vbytes)
            end += len(vbytes)
        ends.append(end)
    return _pack(name, length, terms, weights, values, ends)


def _pack(name: str, length: int, terms: list[bytes], weights: array, values: list[bytes],
          ends: array) -> FieldPostings:
    all_one = all(w == 1.0 for w in weights)
    joined = TERM_SEP.join(terms)
    packed = tuple(terms) if joined.count(TERM_SEP) != len(terms) - 1 else joined
    return FieldPostings(name, length, packed,
                         None if all_one else weights.tobytes(),
                         b"".join(values) if values else None,
                         ends.tobytes() if values else None)


# ---- the text fields' analysis, without Whoosh's per-token objects ----------------
#
# Equivalent to the analyzer + format pairs of the schema (BigramTokenizer + Positions,
# WordTokenizer + Frequency, CharSetTokenizer + Existence): the same terms, weights and
# values, computed from the folded text directly. Whoosh's own path (``field.index``)
# is the reference; tests/test_segment.py holds the two equal.

_POSITIONS = formats.Positions()


def _bigram_postings(name: str, value: str) -> FieldPostings:
    folded = fold(value)
    n = len(folded)
    grams = [folded[i:i + 2] for i in range(n)]   # the last one is the 1-char tail
    last = dict(zip(grams, range(n)))              # first-seen order; each one's last position
    counts = Counter(grams)
    freqs = [counts[g] for g in last]
    one = _ONE_POSITION
    values = []
    positions = array("I")
    for (g, at), f in zip(last.items(), freqs):
        if f == 1:
            positions.append(at)
            v = one.get(at)
            if v is None:
                v = one[at] = _POSITIONS.encode([at])
        else:
            # Every occurrence of a 2-character term (overlapping ones too); the tail,
            # the only 1-character term, occurs once.
            plist = []
            i = folded.find(g)
            while i >= 0:
                plist.append(i)
                i = folded.find(g, i + 1)
            positions.extend(plist)
            v = _POSITIONS.encode(plist)
        values.append(v)
    return FieldPostings(name, n, "\x00".join(last).encode("utf-8") if n else b"",
                         None if len(freqs) == n else array("f", freqs).tobytes(),
                         b"".join(values) if values else None,
                         array("I", accumulate(map(len, values))).tobytes() if values else None,
                         positions.tobytes())


def _word_postings(name: str, value: str) -> FieldPostings:
    """WordTokenizer + formats.Frequency: weight = frequency, value = pack_uint(frequency)."""
    freqs: dict[str, int] = {}
    n = 0
    for w, _s, _e in words(fold(value)):
        freqs[w] = freqs.get(w, 0) + 1
        n += 1
    weights = array("f", freqs.values())
    values = [_FREQ.get(f) or pack_uint(f) for f in freqs.values()]
    ends = array("I")
    end = 0
    for v in values:
        end += len(v)
        ends.append(end)
    return _pack(name, n, [w.encode("utf-8") for w in freqs], weights, values, ends)


_FREQ = {f: pack_uint(f) for f in range(1, 256)}   # formats.Frequency's values, precomputed

_ONE_POSITION: dict[int, bytes] = {}   # Positions.encode([p]), memoized by p
