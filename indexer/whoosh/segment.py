"""Write prepared documents (indexer.whoosh.postings) as one Whoosh segment.

What Whoosh's SegmentWriter does per posting — a 5-tuple into a sorting pool, pickled
to a run file past the pool's memory limit, merged back through a heap, then its
field length re-read from a column — is replaced by a few whole-array appends per
field of each document (the term numbers, weights and encoded values the import
worker prepared), and a stable sort by term, a group of terms at a time, when the
segment is written. The one process that writes the index then does almost no
per-posting Python work while documents arrive. The segment itself is written through Whoosh's codec
(``W3Codec``: its per-document writer for stored fields, lengths and columns, its
field writer for terms and posting blocks), so it is an ordinary Whoosh segment
that any Whoosh reader opens. Beside it, the same postings go into the segment's
postings arrays (indexer.whoosh.arrays), group by group as the terms are written, for
searches to read without decoding.

Memory is what bounds a segment: the buffers cost about 8-12 bytes per posting plus
its encoded value; ``approx_bytes`` lets the caller write the segment out when a
budget is reached (indexer.whoosh.index.SEGMENT_MB for a rebuild, indexer.sync.SYNC_SEGMENT_MB
for an import).
"""
from __future__ import annotations

import os
import traceback
import zlib
from array import array
from pickle import dumps

import numpy as np
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC, length_to_byte
from whoosh.system import pack_int
from whoosh.filedb.filestore import FileStorage, Storage

from archive.errors import IndexStateError
from archive.store import release_inherited_locks
from indexer.documents import with_work
from indexer.whoosh.arrays import EXT as ARRAYS_EXT, SIBLINGS as ARRAYS_SIBLINGS, ArraysWriter
from indexer.whoosh.postings import Prepared, schema
from indexer.whoosh.storage import BuilderStorage

# Segments with at least this many bytes of postings are written by a forked process
# while the import goes on (seal(background=True)): at 100k pages that writing was a
# third of the single writer's time. Smaller ones are written at once, cheaper than a fork.
BACKGROUND_BYTES = 16 * 2**20
_PER_TERM_BYTES = 150   # the term's bytes key and its dict slot
_PER_POSTING_BYTES = 12  # term number, weight and value end (4 bytes each)
_PER_CHUNK_BYTES = 16    # one document's share of a field: docnum, posting count, values slot


class _Field:
    """The postings of one field within the segment being built, in document order:
    posting i belongs to term ``terms[i]``; the document's postings are a chunk."""
    __slots__ = ("table", "terms", "chunk_docs", "chunk_sizes", "weights", "ends", "values", "positions")

    def __init__(self) -> None:
        self.table: dict = {}             # term bytes → term number
        self.terms = array("I")           # per posting: its term number
        self.chunk_docs = array("I")      # per chunk: the document number
        self.chunk_sizes = array("I")     # per chunk: its number of postings
        self.weights: array | None = None  # per posting; None while every weight is 1.0
        self.ends: array | None = None     # per posting: its value's end within its chunk's values
        # Per chunk: its postings' values, the bytes the worker prepared (kept as they
        # are: a forked writer reads them where they lie, with no copy to slice from).
        self.values: list[bytes] | None = None
        # Every position, posting after posting (as many as its weight), for the postings
        # arrays (indexer.whoosh.arrays): an empty array until a document brings some,
        # None once one brought postings without them (the field's positions are then
        # left to Whoosh's blocks).
        self.positions: array | None = array("I")


class SegmentBuilder:
    """Documents numbered 0, 1, … in the order added, written as one new segment.

    ``add`` streams stored fields and columns to the segment's per-document files at
    once; postings stay in memory until ``write``. ``discard`` removes the files of a
    builder that will not be committed.
    """

    def __init__(self, storage: Storage, indexname: str) -> None:
        self.storage = storage
        self._codec = default_codec()
        self.segment = self._codec.new_segment(storage, indexname)
        # Out of reach of Whoosh's clean-up until committed (indexer.whoosh.storage.WriterStorage).
        self._building = getattr(storage, "building", set())
        self._building.add(self.segment.segment_id())
        self._perdoc_storage = (BuilderStorage(storage.folder, self.segment.segid)
                                if isinstance(storage, FileStorage) else None)
        self._perdoc = self._codec.per_document_writer(self._perdoc_storage or storage, self.segment)
        self._schema = schema()
        self._fields: dict[str, _Field] = {}
        self._lengths: dict[str, array] = {}   # field → its length in each document, by docnum
        self._ids: dict[str, int] = {}   # live document id → docnum
        self._deleted: set[int] = set()
        self._docnum = 0
        self._bytes = 0
        self._written = False
        self._child: int | None = None   # the process writing the postings (write_in_background)
        self._committed = False
        self._perdoc_closed = False

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._ids

    def ids(self) -> list[str]:
        """The ids of the documents added and not deleted."""
        return list(self._ids)

    @property
    def doc_count_all(self) -> int:
        return self._docnum

    def approx_bytes(self) -> int:
        return self._bytes

    def add(self, doc_id: str, prep: Prepared, page_ids: str | None = None, work: str | None = None) -> None:
        """Add a document; one already added under ``doc_id`` is replaced."""
        if doc_id in self._ids:
            self.delete(doc_id)
        docnum = self._docnum
        sch = self._schema
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        idf = sch["id"]
        self._add_terms("id", [doc_id.encode("utf-8")], None, None, None, 0, docnum)
        perdoc.add_field("id", idf, doc_id, 0)
        if page_ids:
            perdoc.add_field("page_ids", sch["page_ids"], page_ids, 0)
        stored = prep.stored
        if work:
            wf = sch["work"]
            self._add_terms("work", [work.encode("utf-8")], None, None, None, 0, docnum)
            perdoc.add_field("work", wf, work, 0)
            perdoc.add_column_value("work", wf.column_type, wf.to_column_value(work))
            stored = {**stored, "digest": with_work(prep.digest, work)}
        for fp in prep.fields:
            field = sch[fp.name]
            self._add_terms(fp.name, fp.term_list(), fp.weights, fp.values, fp.value_ends,
                            fp.length, docnum, fp.positions)
            perdoc.add_field(fp.name, field, stored.get(fp.name), fp.length)
        indexed = {fp.name for fp in prep.fields}
        for name, value in stored.items():
            if name not in indexed:
                perdoc.add_field(name, sch[name], value, 0)
        for name, value in prep.columns:
            perdoc.add_column_value(name, sch[name].column_type, value)
        perdoc.finish_doc()
        self._ids[doc_id] = docnum
        self._docnum += 1

    def _add_terms(self, name: str, terms: list[bytes] | tuple, weights: bytes | None,
                   values: bytes | None, ends: bytes | None, length: int, docnum: int,
                   positions: bytes | None = None) -> None:
        f = self._fields.get(name)
        if f is None:
            f = self._fields[name] = _Field()
            self._lengths[name] = array("I")
        if length:
            lengths = self._lengths[name]
            if len(lengths) < docnum:
                lengths.extend(array("I", [0]) * (docnum - len(lengths)))
            lengths.append(length)
        n = len(terms)
        if not n:
            return
        table = f.table
        numbers = list(map(table.get, terms))   # one C-level pass; new terms are rare
        new_terms = 0
        if None in numbers:
            for i, t in enumerate(terms):
                if numbers[i] is None:
                    got = table.get(t)   # a term repeated within the list (numeric fields)
                    if got is None:
                        got = table[t] = len(table)
                        new_terms += 1
                    numbers[i] = got
        before = len(f.terms)
        f.terms.extend(numbers)
        f.chunk_docs.append(docnum)
        f.chunk_sizes.append(n)
        if weights is not None:
            if f.weights is None:
                f.weights = array("f", [1.0]) * before
            f.weights.frombytes(weights)
        elif f.weights is not None:
            f.weights.extend(array("f", [1.0]) * n)
        if ends is not None:
            if f.ends is None:   # earlier postings of the field had no values
                f.ends = array("I", [0]) * before
                f.values = [b""] * (len(f.chunk_docs) - 1)
            f.values.append(values)  # type: ignore[union-attr, arg-type]
            f.ends.frombytes(ends)
        elif f.ends is not None:
            f.values.append(b"")  # type: ignore[union-attr]
            f.ends.extend(array("I", [0]) * n)
        if f.positions is not None:
            if positions is None:
                f.positions = None
            else:
                f.positions.frombytes(positions)
        self._bytes += (new_terms * _PER_TERM_BYTES + n * _PER_POSTING_BYTES + _PER_CHUNK_BYTES
                        + (len(values) if values else 0) + (len(positions) if positions else 0))

    def delete(self, doc_id: str) -> None:
        """Drop a document added earlier (it is written, then marked deleted)."""
        docnum = self._ids.pop(doc_id, None)
        if docnum is not None:
            self._deleted.add(docnum)

    def write(self):
        """Write the postings and close the segment's files (or wait for the process
        ``write_in_background`` started to have done so); returns the segment, ready
        to be listed in a new TOC (``indexer.whoosh.index``)."""
        if not self._written:
            self._written = True
            self.close_documents()
            self._write_postings()
        else:
            self.wait()  # (returns at once when the background write was reaped already)
        assert not self._committed, "a SegmentBuilder's segment is written once"
        self._committed = True
        self._building.discard(self.segment.segment_id())   # the TOC about to be written lists it
        seg = self.segment
        seg.set_doc_count(self._docnum)
        for docnum in self._deleted:
            seg.delete_document(docnum)
        return seg

    def seal(self, background: bool = False) -> None:
        """No more documents (WriteBatch.seal): the per-document files are closed, before
        another builder opens its own; with ``background``, a segment of BACKGROUND_BYTES
        or more starts being written by a forked process."""
        self.close_documents()
        if background and self._bytes >= BACKGROUND_BYTES:
            try:
                self.write_in_background()
            except BaseException:
                self.discard()
                raise

    def write_in_background(self) -> None:
        """Start writing the postings in a forked process, so the caller goes on with
        the next segment meanwhile; ``write`` waits for it. (The postings are plain
        arrays and bytes in this process's memory: the child sees them without any
        copying or pickling.) Where fork is unavailable, writes them now."""
        assert not self._written, "a SegmentBuilder writes once"
        self._written = True
        self.close_documents()
        if not hasattr(os, "fork"):
            self._write_postings()
            return
        pid = os.fork()
        if pid == 0:  # the child: write, and leave without running any of the parent's cleanup
            code = 1
            try:
                release_inherited_locks()
                self._write_postings()
                code = 0
            except BaseException:  # noqa: BLE001 — reported through the exit status
                traceback.print_exc()
            finally:
                os._exit(code)
        self._child = pid
        self._fields.clear()
        self._lengths.clear()

    def close_documents(self) -> None:
        """Finish the per-document files (stored fields, lengths, columns); no document
        can be added after. Whoosh's per-document writer keeps its columns in a
        temporary folder named for the index, not the segment, and removes it when it
        closes: close one builder's before the next builder opens its own."""
        if not self._perdoc_closed:
            self._perdoc_closed = True
            try:
                self._perdoc.close()
            finally:
                if self._perdoc_storage is not None:
                    self._perdoc_storage.remove_temps()

    def done(self) -> bool:
        """Whether a background write has finished (True when none was started)."""
        if self._child is None:
            return True
        pid, status = os.waitpid(self._child, os.WNOHANG)
        if pid == 0:
            return False
        self._reaped(status)
        return True

    def wait(self) -> None:
        """Wait for a background write; IndexStateError if it failed."""
        if self._child is not None:
            _, status = os.waitpid(self._child, 0)
            self._reaped(status)

    def _reaped(self, status: int) -> None:
        self._child = None
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise IndexStateError(f"writing an index segment failed in its process (exit status {code}); "
                                  f"the documents stay staged and are indexed again by the next sync")

    def _write_postings(self) -> None:
        fw = self._codec.field_writer(self.storage, self.segment)
        sch = self._schema
        arrays = self._arrays_writer()
        try:
            try:
                for name in sorted(self._fields):
                    lengths = self._lengths[name]
                    if len(lengths) < self._docnum:
                        lengths.extend(array("I", [0]) * (self._docnum - len(lengths)))
                    fw.start_field(name, sch[name])
                    _write_field(fw, self._fields[name], lengths, name, arrays)
                    fw.finish_field()
            finally:
                fw.close()
            if arrays is not None:
                arrays.close({ext: os.path.getsize(os.path.join(self.storage.folder, self.segment.make_filename(ext)))
                              for ext in ARRAYS_SIBLINGS})
        except BaseException:
            if arrays is not None:
                arrays.abandon()
            raise
        # Plain files, no compound file: searchers map each one (indexer.whoosh.storage), and
        # assembling a compound file would copy the whole segment once more.
        self._fields.clear()
        self._lengths.clear()

    def _arrays_writer(self) -> ArraysWriter | None:
        """The writer of the segment's postings arrays (indexer.whoosh.arrays), laid out
        from the totals of every field; None for storage that is not a folder."""
        if not isinstance(self.storage, FileStorage):
            return None
        n_terms = n_postings = n_positions = 0
        integral = True
        top_position = 0
        for f in self._fields.values():
            n_terms += len(f.table)
            n_postings += len(f.terms)
            if f.weights is not None and len(f.weights):
                w = np.frombuffer(f.weights, dtype=np.float32)
                integral = integral and bool(w.min() >= 0 and w.max() < 65536 and np.all(w == np.floor(w)))
            if _positional(f):
                n_positions += len(f.positions)  # type: ignore[arg-type]
                top_position = max(top_position, int(np.frombuffer(f.positions, dtype=np.uint32).max()))
        return ArraysWriter(os.path.join(self.storage.folder, self.segment.make_filename(ARRAYS_EXT)),
                            n_terms, n_postings, n_positions, "<u2" if integral else "<f4",
                            "<u2" if top_position < 65536 else "<u4")

    def discard(self) -> None:
        """Remove whatever this builder wrote (it will not be committed)."""
        if self._child is not None:
            try:
                self.wait()
            except IndexStateError:
                pass
        if not self._written:
            self._written = True
            try:
                self.close_documents()
            except Exception:  # noqa: BLE001 — best effort on the way out
                pass
        self._fields.clear()
        self._building.discard(self.segment.segment_id())
        for name in self.segment.list_files(self.storage):
            try:
                self.storage.delete_file(name)
            except OSError:
                pass


# Postings looked up at a time while writing a field: bounds the temporary arrays of a
# large segment (some 200 bytes a posting, in Python lists) whatever its size.
WRITE_GROUP_POSTINGS = 1 << 18
_NO_LENGTH = 1 << 40   # above any field length: a block whose documents all have none


def _positional(f: _Field) -> bool:
    """Whether a field's positions go into the postings arrays: every document brought
    them, as many as each posting's weight (its frequency)."""
    if not f.positions:
        return False
    total = len(f.terms) if f.weights is None else int(np.frombuffer(f.weights, dtype=np.float32).sum(dtype=np.float64))
    return total == len(f.positions)


def _write_field(fw, f: _Field, lengths: array, name: str = "", arrays: ArraysWriter | None = None) -> None:
    """Every term of one field, in term order, through Whoosh's field writer.

    The postings were gathered in document order; they are written by term (terms by
    their bytes, documents ascending within a term). The terms are cut into groups of
    about WRITE_GROUP_POSTINGS postings; for each group, its postings are found (one
    pass over a byte per posting), sorted by term — stable, so documents stay in order
    — and their documents, weights and values looked up, then written term by term
    (``_write_group``). Beyond the builder's own arrays, memory is a group number per
    posting (one to four bytes) plus one group's arrays: a forked writer of a large
    segment must not double the import's memory."""
    count = len(f.terms)
    if not count:
        return
    items = sorted(f.table.items())            # (term bytes, term number), as written
    n_terms = len(items)
    numbers = np.fromiter((t for _, t in items), dtype=np.int64, count=n_terms)
    rank = np.empty(n_terms, dtype=np.uint32)   # term number → its place in writing order
    rank[numbers] = np.arange(n_terms, dtype=np.uint32)
    terms = np.frombuffer(f.terms, dtype=np.uint32)
    first = np.zeros(n_terms + 1, dtype=np.int64)   # each rank's first posting in writing order
    np.cumsum(np.bincount(terms, minlength=n_terms)[numbers], out=first[1:])
    del numbers
    # Groups: runs of ranks holding at most a group's postings (a longer term alone).
    edges = [0]
    while edges[-1] < n_terms:
        r = edges[-1]
        r2 = int(np.searchsorted(first, first[r] + WRITE_GROUP_POSTINGS, side="right")) - 1
        edges.append(min(max(r2, r + 1), n_terms))
    group_of_rank = np.repeat(np.arange(len(edges) - 1, dtype=np.uint32), np.diff(edges))
    group_dtype = np.uint8 if len(edges) <= 256 else np.uint16 if len(edges) <= 65536 else np.uint32
    groups = group_of_rank.astype(group_dtype)[rank[terms]]   # each posting's group
    del group_of_rank

    chunk_docs = np.frombuffer(f.chunk_docs, dtype=np.uint32)
    chunk_first = np.zeros(len(chunk_docs), dtype=np.int64)   # each chunk's first posting
    np.cumsum(np.frombuffer(f.chunk_sizes, dtype=np.uint32)[:-1], out=chunk_first[1:])
    weights = np.frombuffer(f.weights, dtype=np.float32) if f.weights is not None else None
    value_ends = np.frombuffer(f.ends, dtype=np.uint32) if f.ends is not None else None

    lengths_of = np.frombuffer(lengths, dtype=np.uint32)
    positions = position_ends = None
    if arrays is not None and _positional(f):
        positions = np.frombuffer(f.positions, dtype=np.uint32)  # type: ignore[arg-type]
        if weights is not None:
            # Where each posting's positions end (a posting has as many as its weight):
            # four bytes a posting, the one whole-field array this adds to the writer.
            position_ends = weights.astype(np.uint32)
            np.cumsum(position_ends, out=position_ends)
    for g in range(len(edges) - 1):
        r, r2 = edges[g], edges[g + 1]
        p = np.flatnonzero(groups == g)
        p = p[np.argsort(rank[terms[p]], kind="stable")]   # the group's postings, as written
        c = np.searchsorted(chunk_first, p, side="right") - 1   # each posting's chunk
        docs = chunk_docs[c]
        wts = weights[p] if weights is not None else None
        starts = ends = None
        if value_ends is not None:
            # A posting's value starts where the one before it in its chunk ends.
            starts = np.where(p == chunk_first[c], 0, value_ends[p - 1])
            ends = value_ends[p]
        _write_group(fw, items, first, r, r2, docs, wts, lengths_of,
                     None if starts is None else (f.values, c, starts, ends))  # type: ignore[arg-type]
        if arrays is not None:
            term_counts = np.diff(first[r:r2 + 1])
            pos = per_term = None
            if positions is not None:
                if position_ends is None:   # one position a posting
                    n_pos, run_starts = np.ones(len(p), dtype=np.int64), p
                else:
                    n_pos = wts.astype(np.int64)   # type: ignore[union-attr]
                    run_starts = position_ends[p] - n_pos
                # Each posting's run of positions, gathered in writing order in one pass.
                idx = np.repeat(run_starts - (np.cumsum(n_pos) - n_pos), n_pos) + np.arange(int(n_pos.sum()))
                pos = positions[idx]
                per_term = np.add.reduceat(n_pos, first[r:r2] - first[r]) if len(n_pos) else n_pos
            arrays.add_terms(name, [items[k][0] for k in range(r, r2)], term_counts, docs, wts, pos, per_term)


def _write_group(fw, items: list, first: np.ndarray, r: int, r2: int, docs: np.ndarray,
                 weights: np.ndarray | None, lengths: np.ndarray,
                 values: tuple[list[bytes], np.ndarray, np.ndarray, np.ndarray] | None) -> None:
    """Terms ``r``..``r2 - 1`` of a field (``items``, in writing order) and their
    postings (``docs``, ``weights``; ``values``: the builder's per-chunk values, and for
    each posting its chunk and the start and end of its value there), written as
    whoosh3's postings writer would write them.

    ``W3PostingsWriter`` handles a posting at a time and a block at a time in Python:
    per block it delta-encodes the ids, checks the weights, finds the shortest and
    longest document, pickles, compresses and writes. Here everything but the pickling
    and compressing is done for the whole group at once in numpy, and each term's
    blocks are written in one call; the bytes are Whoosh's own. Bound to whoosh3 3.54
    (pinned in pyproject.toml); tests/test_segment.py checks the postings and terms files
    byte for byte against the ones Whoosh's own writer makes.
    """
    pw = fw._postwriter
    limit = pw._blocklimit
    level = pw._compression or 0
    fixed = fw._format.fixed_value_size()
    g0 = int(first[r])
    # The group's blocks: each term's postings in runs of ``limit``.
    term_starts = first[r:r2] - g0
    counts = np.diff(first[r:r2 + 1])
    nblocks = (counts + limit - 1) // limit
    term_block = np.zeros(len(counts), dtype=np.int64)     # each term's first block
    np.cumsum(nblocks[:-1], out=term_block[1:])
    block_start = (np.repeat(term_starts, nblocks)
                   + limit * (np.arange(int(nblocks.sum())) - np.repeat(term_block, nblocks)))
    block_end = np.minimum(block_start + limit, np.repeat(term_starts + counts, nblocks))
    ids = docs.astype(np.int64)
    deltas = ids.copy()
    deltas[1:] -= ids[:-1]
    deltas[block_start] = ids[block_start]          # a block's first id is written whole
    doc_lengths = lengths[docs].astype(np.int64)
    max_length = np.maximum.reduceat(doc_lengths, block_start).tolist()
    # The shortest non-zero length of each block; _NO_LENGTH where every one is zero.
    min_length = np.minimum.reduceat(np.where(doc_lengths == 0, _NO_LENGTH, doc_lengths), block_start).tolist()
    if weights is not None:
        max_weight = np.maximum.reduceat(weights, block_start).tolist()
        same_weight = (np.minimum.reduceat(weights, block_start) == max_weight).tolist()
        weight_list = weights.tolist()
    ids_list, deltas_list = ids.tolist(), deltas.tolist()
    block_start_list, block_end_list = block_start.tolist(), block_end.tolist()
    if values is not None:
        chunk_values, chunks, starts, ends = values
        chunk_list, start_list, end_list = chunks.tolist(), starts.tolist(), ends.tolist()
    postfile = pw._postfile
    j = 0
    for k in range(r, r2):
        fw.start_term(items[k][0])
        ti = pw._terminfo
        parts = [WHOOSH3_HEADER_MAGIC]
        total_weight = 0
        top_weight = 0
        shortest = None
        longest = 0
        n = nblocks[k - r]
        for jj in range(j, j + n):
            a, b = block_start_list[jj], block_end_list[jj]
            if weights is None:
                mini_weights, block_max, block_sum = None, 1.0, float(b - a)
            else:
                block_max = max_weight[jj]
                block_sum = sum(weight_list[a:b])
                if not same_weight[jj]:
                    mini_weights = tuple(weight_list[a:b])
                else:
                    mini_weights = None if block_max == 1.0 else weight_list[a]
            if values is None:
                vals: list = []
            else:
                # As add_posting keeps them: empty values are not listed.
                vals = [chunk_values[ch][s:e] for ch, s, e in
                        zip(chunk_list[a:b], start_list[a:b], end_list[a:b]) if e > s]
            mini_values = (tuple(vals) if fixed is None or fixed < 0
                           else None if fixed == 0 else b"".join(vals))
            data = dumps((tuple(deltas_list[a:b]), mini_weights, mini_values), 2)
            comp = level if len(data) >= COMPRESSION_MIN_SIZE else 0
            if comp:
                data = zlib.compress(data, comp)
            low = min_length[jj]
            low = None if low == _NO_LENGTH else low
            info = dumps((b - a, ids_list[b - 1], block_max, comp, length_to_byte(low),
                          length_to_byte(max_length[jj])), 2)
            size = len(info) + len(data)
            parts += (pack_int(-size if jj == j + n - 1 else size), info, data)
            # What W3TermInfo.add_block keeps of each block.
            total_weight += block_sum
            top_weight = max(top_weight, block_max)
            if low is not None:
                shortest = low if shortest is None else min(shortest, low)
            longest = max(longest, max_length[jj])
        postfile.write(b"".join(parts))
        ti._weight, ti._df = total_weight, int(counts[k - r])
        ti._minlength, ti._maxlength, ti._maxweight = shortest, longest, top_weight
        ti._minid, ti._maxid = ids_list[block_start_list[j]], ids_list[block_end_list[j + n - 1] - 1]
        pw._blockcount = n
        j += n
        fw.finish_term()   # the term's extent and its row in the terms table
