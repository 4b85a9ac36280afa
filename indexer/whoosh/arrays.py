"""A segment's postings as plain arrays, read straight from a memory map.

Whoosh keeps a term's postings in blocks of up to 128: each block's document-number
deltas, weights and values pickled together and zlib-compressed, a position list
pickled again inside each value. Search (indexer.whoosh.evaluate) needs the whole
posting list of a term as arrays, so every term of every query unpickled and
decompressed every block: at 300k pages that was most of a query's time (7.5M
``pickle.loads`` in 300 queries), and a postings cache big enough to hold the hot
terms made the process hold gigabytes.

So beside each segment that indexer.whoosh.segment writes lies one more file,
``<segment>.wya``, holding the same postings as arrays that need no decoding:

- a term table sorted by a 64-bit hash of (field, term): a lookup is one
  ``searchsorted``; the term's row gives where its postings and positions start;
- every posting's document number (int32) and weight (uint16 when every weight of
  the segment is a whole number below 65,536, which term frequencies are, else float32),
  term after term, documents ascending within a term;
- every position of the positional fields (uint16 when the segment's positions all
  fit, else uint32), posting after posting; a posting holds as many as its weight
  (the term's frequency in that field).

A term is read as slices (views) of the map: nothing is copied or decoded, and the
OS page cache, not the process, holds what is hot. Whoosh's own files stay complete
and authoritative: a segment without this file (written by Whoosh's writer: merged
small segments, an index built without the fast paths), or with a damaged one, is
read from Whoosh's blocks as before. The file is named for its segment, so Whoosh's
own clean-up removes it with the segment.
"""
from __future__ import annotations

import hashlib
import json
import mmap
import os
import struct

import numpy as np

EXT = ".wya"
SIBLINGS = (".pst", ".trm")   # the segment's own files whose sizes the trailer records
MAGIC = b"WYPA"
VERSION = 1
_HEAD = struct.Struct("<4sII")   # magic, version, length of the JSON header that follows
_TAIL = struct.Struct("<I")      # length of the JSON trailer before it; then MAGIC ends the file
_ALIGN = 64
ROWS_KEPT = 20_000   # term lookups remembered per segment (~3 MB; a lookup without is a few µs)


def _term_digest(prefix: bytes, btext: bytes) -> bytes:
    """The term table's key of a term, as 8 little-endian bytes; ``prefix`` is its field's
    name and a NUL (see _field_prefix)."""
    return hashlib.blake2b(prefix + btext, digest_size=8).digest()


def _field_prefix(fieldname: str) -> bytes:
    return fieldname.encode("utf-8") + b"\x00"


def term_hash(fieldname: str, btext: bytes) -> int:
    """The 64-bit key of a term in the term table."""
    return int.from_bytes(_term_digest(_field_prefix(fieldname), btext), "little")


def _aligned(n: int) -> int:
    return (n + _ALIGN - 1) // _ALIGN * _ALIGN


class ArraysWriter:
    """Writes one segment's arrays file. Its size is laid out first, from the totals,
    so every section is written in place (``os.pwrite``) as the terms come, term group
    by term group, with nothing gathered in memory but the term table."""

    def __init__(self, path: str, n_terms: int, n_postings: int, n_positions: int,
                 weight_dtype: str, position_dtype: str) -> None:
        self.path = path
        sections = {}
        offset = 0
        for name, dtype, count in (("hash", "<u8", n_terms), ("first", "<i8", n_terms),
                                   ("count", "<u4", n_terms), ("pos_first", "<i8", n_terms),
                                   ("docs", "<i4", n_postings), ("weights", weight_dtype, n_postings),
                                   ("positions", position_dtype, n_positions)):
            sections[name] = [offset, dtype, count]
            offset = _aligned(offset + np.dtype(dtype).itemsize * count)
        header = json.dumps({"sections": sections, "terms": n_terms, "postings": n_postings,
                             "positions": n_positions}).encode()
        self._base = _aligned(_HEAD.size + len(header))
        self._sections = sections
        self._size = self._base + offset
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.pwrite(self._fd, _HEAD.pack(MAGIC, VERSION, len(header)) + header, 0)
        os.ftruncate(self._fd, self._size)
        self._filled = {name: 0 for name in sections}
        self._table: dict[str, list[np.ndarray]] = {"hash": [], "first": [], "count": [], "pos_first": []}

    def _put(self, name: str, values: np.ndarray) -> int:
        """Append to a section; returns where the values start (in items)."""
        offset, dtype, count = self._sections[name]
        at = self._filled[name]
        values = np.ascontiguousarray(values, dtype=dtype)
        if at + len(values) > count:
            raise ValueError(f"postings arrays: section {name} overflows")
        if len(values):
            os.pwrite(self._fd, values.tobytes(), self._base + offset + at * values.itemsize)
        self._filled[name] = at + len(values)
        return at

    def add_terms(self, fieldname: str, terms: list[bytes], counts: np.ndarray, docs: np.ndarray,
                  weights: np.ndarray | None, positions: np.ndarray | None,
                  position_counts: np.ndarray | None) -> None:
        """Terms in writing order with their postings: ``counts`` per term, ``docs`` and
        ``weights`` (None: all 1) per posting, ``positions`` (``position_counts`` per
        term) for a positional field."""
        first = self._put("docs", docs) + np.concatenate([[0], np.cumsum(counts)[:-1]])
        self._put("weights", np.ones(len(docs)) if weights is None else weights)
        if positions is not None and position_counts is not None:
            pos_first = (self._put("positions", positions)
                         + np.concatenate([[0], np.cumsum(position_counts)[:-1]]))
        else:
            pos_first = np.full(len(terms), -1, dtype=np.int64)
        prefix = _field_prefix(fieldname)
        hashes = np.frombuffer(b"".join(_term_digest(prefix, t) for t in terms), dtype="<u8")
        self._table["hash"].append(hashes)
        self._table["first"].append(first.astype(np.int64))
        self._table["count"].append(np.asarray(counts, dtype=np.uint32))
        self._table["pos_first"].append(np.asarray(pos_first, dtype=np.int64))

    def close(self, siblings: dict[str, int]) -> None:
        """Write the term table (sorted by hash) and the trailer, and close. The file is
        complete only once every section is full and the trailer ends it, which the
        reader checks. ``siblings``: the sizes of the segment's own postings and terms
        files as written, so that damage to them (which searches no longer read on
        every query) is still found when the segment is opened."""
        try:
            parts = {k: np.concatenate(v) if v else np.zeros(0) for k, v in self._table.items()}
            order = np.argsort(parts["hash"], kind="stable")
            for name in ("hash", "first", "count", "pos_first"):
                self._put(name, parts[name][order])
            unfilled = [n for n, (_, _, count) in self._sections.items() if self._filled[n] != count]
            if unfilled:
                raise ValueError(f"postings arrays: sections {unfilled} not filled")
            trailer = json.dumps({"siblings": siblings}).encode()
            os.pwrite(self._fd, trailer + _TAIL.pack(len(trailer)) + MAGIC, self._size)
        finally:
            os.close(self._fd)

    def abandon(self) -> None:
        try:
            os.close(self._fd)
        except OSError:
            pass
        try:
            os.unlink(self.path)
        except OSError:
            pass


class PostingArrays:
    """One segment's arrays file, mapped read-only."""

    def __init__(self, mapped: mmap.mmap, sections: dict[str, np.ndarray], siblings: dict[str, int]) -> None:
        self._map = mapped
        self.siblings = siblings   # file extension → its size when the segment was written
        self.hash = sections["hash"]
        self.first = sections["first"]
        self.count = sections["count"]
        self.pos_first = sections["pos_first"]
        self.docs = sections["docs"]
        self.weights = sections["weights"]
        self.positions_ = sections["positions"]
        self._rows: dict = {}   # (field, term bytes) → row, -1 when absent: the terms searched lately

    @classmethod
    def open(cls, path: str) -> PostingArrays | None:
        """The file at ``path``, or None when it is missing, incomplete or of another
        version (the segment is then read from Whoosh's blocks)."""
        try:
            with open(path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                if size < _HEAD.size + _TAIL.size + len(MAGIC):
                    return None
                mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return None
        try:
            magic, version, hlen = _HEAD.unpack_from(mapped, 0)
            if magic != MAGIC or version != VERSION or mapped[size - len(MAGIC):] != MAGIC:
                raise ValueError("not a complete postings arrays file")
            header = json.loads(mapped[_HEAD.size:_HEAD.size + hlen])
            (tlen,) = _TAIL.unpack_from(mapped, size - len(MAGIC) - _TAIL.size)
            tail_at = size - len(MAGIC) - _TAIL.size - tlen
            trailer = json.loads(mapped[tail_at:tail_at + tlen])
            base = _aligned(_HEAD.size + hlen)
            sections = {}
            for name, (offset, dtype, count) in header["sections"].items():
                end = base + offset + np.dtype(dtype).itemsize * count
                if end > tail_at:
                    raise ValueError("postings arrays file is short")
                sections[name] = np.frombuffer(mapped, dtype=dtype, count=count, offset=base + offset)
            return cls(mapped, sections, dict(trailer["siblings"]))
        except (ValueError, KeyError, TypeError, struct.error):
            mapped.close()
            return None

    def row(self, fieldname: str, btext: bytes, df: int | None = None) -> int | None:
        """The term's row in the table; None if the segment does not hold it. Two terms
        of a segment share a 64-bit hash with odds of about 1 in 10^12 at a million terms;
        ``df``, the document frequency Whoosh's own term table gives, rules even that out
        where a caller has it."""
        key = (fieldname, btext)
        i = self._rows.get(key, -2)
        if i == -2:
            h = term_hash(fieldname, btext)
            i = int(np.searchsorted(self.hash, np.uint64(h)))
            if i >= len(self.hash) or int(self.hash[i]) != h:
                i = -1
            if len(self._rows) >= ROWS_KEPT:
                self._rows.clear()
            self._rows[key] = i
        if i < 0 or (df is not None and int(self.count[i]) != df):
            return None
        return i

    def postings(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, weights) of a row: views of the map."""
        a = int(self.first[row])
        b = a + int(self.count[row])
        return self.docs[a:b], self.weights[a:b]

    def positions(self, row: int, picks: np.ndarray | None = None) -> np.ndarray:
        """Sorted ``doc << 32 | position`` keys of a row's postings (of those at the
        indices ``picks`` only, when given)."""
        start = int(self.pos_first[row])
        docs, weights = self.postings(row)
        if start < 0 or not len(docs):
            return np.zeros(0, dtype=np.int64)
        counts = weights.astype(np.int64)
        ends = np.cumsum(counts)
        if picks is None:
            total = int(ends[-1])
            pos = self.positions_[start:start + total].astype(np.int64)
            return (np.repeat(docs.astype(np.int64), counts) << 32) | pos
        counts = counts[picks]
        starts = ends[picks] - counts
        total = int(counts.sum())
        # Each picked posting's run of positions, gathered in one pass.
        idx = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)
        pos = self.positions_[start + idx].astype(np.int64)
        return (np.repeat(docs[picks].astype(np.int64), counts) << 32) | pos

    def close(self) -> None:
        for name in ("hash", "first", "count", "pos_first", "docs", "weights", "positions_"):
            setattr(self, name, None)
        try:
            self._map.close()
        except BufferError:
            pass   # a view is still held somewhere; the map goes with it
