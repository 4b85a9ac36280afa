"""Write prepared documents (indexer.postings) as one Whoosh segment.

What Whoosh's SegmentWriter does per posting — a 5-tuple into a sorting pool, pickled
to a run file past the pool's memory limit, merged back through a heap, then its
field length re-read from a column — is replaced by a few whole-array appends per
field of each document (the term numbers, weights and encoded values the import
worker prepared), and one stable sort by term when the segment is written. The
one process that writes the index then does almost no per-posting Python work
while documents arrive. The segment itself is written through Whoosh's codec
(``W3Codec``: its per-document writer for stored fields, lengths and columns, its
field writer for terms and posting blocks), so it is an ordinary Whoosh segment
that any Whoosh reader opens.

Memory is what bounds a segment: the buffers cost about 8-12 bytes per posting plus
its encoded value; ``approx_bytes`` lets the caller write the segment out when a
budget is reached (see indexer.index.SEGMENT_MB).
"""
from __future__ import annotations

import os
import traceback
from array import array

import numpy as np
from whoosh.codec import default_codec
from whoosh.filedb.filestore import FileStorage, Storage

from archive.errors import IndexStateError
from indexer.postings import Prepared, schema
from indexer.storage import BuilderStorage

_PER_TERM_BYTES = 150   # the term's bytes key and its dict slot
_PER_POSTING_BYTES = 12  # term number, weight and value end (4 bytes each)
_PER_CHUNK_BYTES = 16    # one document's share of a field: docnum, posting count, value base


class _Field:
    """The postings of one field within the segment being built, in document order:
    posting i belongs to term ``terms[i]``; the document's postings are a chunk."""
    __slots__ = ("table", "terms", "chunk_docs", "chunk_sizes", "weights", "ends", "bases", "values")

    def __init__(self) -> None:
        self.table: dict = {}             # term bytes → term number
        self.terms = array("I")           # per posting: its term number
        self.chunk_docs = array("I")      # per chunk: the document number
        self.chunk_sizes = array("I")     # per chunk: its number of postings
        self.weights: array | None = None  # per posting; None while every weight is 1.0
        self.ends: array | None = None     # per posting: its value's end within its chunk's values
        self.bases: array | None = None    # per chunk: where its values start in ``values``
        self.values: bytearray | None = None

    def postings(self) -> int:
        return len(self.terms)


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
        # Out of reach of Whoosh's clean-up until committed (indexer.storage.WriterStorage).
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

    def add(self, doc_id: str, prep: Prepared, page_ids: str | None = None) -> None:
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
        for fp in prep.fields:
            field = sch[fp.name]
            self._add_terms(fp.name, fp.term_list(), fp.weights, fp.values, fp.value_ends,
                            fp.length, docnum)
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
                   values: bytes | None, ends: bytes | None, length: int, docnum: int) -> None:
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
                f.bases = array("Q", [0]) * (len(f.chunk_docs) - 1)
                f.values = bytearray()
            f.bases.append(len(f.values))  # type: ignore[union-attr]
            f.ends.frombytes(ends)
            f.values += values  # type: ignore[operator]
        elif f.ends is not None:
            f.bases.append(len(f.values))  # type: ignore[union-attr, arg-type]
            f.ends.extend(array("I", [0]) * n)
        self._bytes += (new_terms * _PER_TERM_BYTES + n * _PER_POSTING_BYTES + _PER_CHUNK_BYTES
                        + (len(values) if values else 0))

    def delete(self, doc_id: str) -> None:
        """Drop a document added earlier (it is written, then marked deleted)."""
        docnum = self._ids.pop(doc_id, None)
        if docnum is not None:
            self._deleted.add(docnum)

    def write(self):
        """Write the postings and close the segment's files (or wait for the process
        ``write_in_background`` started to have done so); returns the segment, ready
        to be listed in a new TOC (``indexer.index``)."""
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
        try:
            for name in sorted(self._fields):
                lengths = self._lengths[name]
                if len(lengths) < self._docnum:
                    lengths.extend(array("I", [0]) * (self._docnum - len(lengths)))
                fw.start_field(name, sch[name])
                _write_field(fw, self._fields[name], lengths)
                fw.finish_field()
        finally:
            fw.close()
        # Plain files, no compound file: searchers map each one (indexer.storage), and
        # assembling a compound file would copy the whole segment once more.
        self._fields.clear()
        self._lengths.clear()

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


def _write_field(fw, f: _Field, lengths: array) -> None:
    """Every term of one field, in term order, through Whoosh's field writer.

    The postings, gathered in document order, are put in term order by one stable
    sort (documents stay ascending within a term), then each term's run is handed
    to its postings writer a block at a time (``_write_postings``)."""
    count = len(f.terms)
    if not count:
        return
    terms = np.frombuffer(f.terms, dtype=np.uint32)
    order = np.argsort(terms, kind="stable")
    docs = np.repeat(np.frombuffer(f.chunk_docs, dtype=np.uint32),
                     np.frombuffer(f.chunk_sizes, dtype=np.uint32))[order]
    weights = np.frombuffer(f.weights, dtype=np.float32)[order] if f.weights is not None else None
    starts = ends = None
    values = b""
    if f.ends is not None:
        sizes = np.frombuffer(f.chunk_sizes, dtype=np.uint32)
        local_end = np.frombuffer(f.ends, dtype=np.uint32).astype(np.int64)
        local_start = np.empty(count, dtype=np.int64)
        local_start[0] = 0
        local_start[1:] = local_end[:-1]
        chunk_first = np.concatenate(([0], np.cumsum(sizes[:-1], dtype=np.int64)))
        local_start[chunk_first] = 0   # each document's values start at its base
        base = np.repeat(np.frombuffer(f.bases, dtype=np.uint64).astype(np.int64), sizes)
        starts = (local_start + base)[order]
        ends = (local_end + base)[order]
        values = bytes(f.values)  # type: ignore[arg-type]
    per_term = np.bincount(terms, minlength=len(f.table))
    first = np.concatenate(([0], np.cumsum(per_term, dtype=np.int64)))
    pw = fw._postwriter
    for tbytes, t in sorted(f.table.items()):
        a, b = int(first[t]), int(first[t + 1])
        fw.start_term(tbytes)
        _write_postings(pw, docs[a:b].tolist(),
                        weights[a:b].tolist() if weights is not None else None,
                        None if starts is None else values,
                        None if starts is None else starts[a:b].tolist(),
                        None if ends is None else ends[a:b].tolist(), lengths)
        fw.finish_term()


def _write_postings(pw, docs: list[int], weights: list[float] | None, values: bytes | None,
                    starts: list[int] | None, ends: list[int] | None, lengths: array) -> None:
    """One term's postings into Whoosh's postings writer, a block at a time.

    What ``W3PostingsWriter.add_posting`` does per posting — append the id, weight and
    value to the block buffers, track the block's maximum weight and its shortest and
    longest document — done per block of ``_blocklimit`` from the term's lists. The
    writer then writes, compresses and accounts for each block itself (``_write_block``,
    and ``finish_postings`` for the last). Bound to whoosh3 3.54's postings writer
    (pinned in pyproject.toml); tests/test_segment.py reads every term back against an
    index Whoosh wrote itself.
    """
    n = len(docs)
    limit = pw._blocklimit
    for a in range(0, n, limit):
        b = min(a + limit, n)
        ids = docs[a:b]
        pw._ids = array("I", ids)
        if weights is None:
            pw._weights = array("f", [1.0]) * (b - a)
            pw._maxweight = 1.0
        else:
            pw._weights = array("f", weights[a:b])
            pw._maxweight = max(pw._weights)
        if values is not None:
            # As add_posting keeps them: empty values are not listed.
            pw._values = [values[s:e] for s, e in zip(starts[a:b], ends[a:b]) if e > s]  # type: ignore[index]
        if lengths:
            lens = [lengths[d] for d in ids]
            nonzero = [x for x in lens if x]
            pw._minlength = min(nonzero) if nonzero else None
            pw._maxlength = max(lens)
        if b < n:
            pw._write_block()
