"""Write prepared documents (indexer.postings) as one Whoosh segment.

What Whoosh's SegmentWriter does per posting — a 5-tuple into a sorting pool, pickled
to a run file past the pool's memory limit, merged back through a heap, then its
field length re-read from a column — is replaced by one array append per posting
into a per-term buffer, and a sort of the distinct terms at the end. The segment
itself is written through Whoosh's codec (``W3Codec``: its per-document writer for
stored fields, lengths and columns, its field writer for terms and posting blocks),
so it is an ordinary Whoosh segment that any Whoosh reader opens.

Memory is what bounds a segment: the buffers cost about 12 bytes per posting plus
its encoded value; ``approx_bytes`` lets the caller write the segment out when a
budget is reached (see indexer.index.SEGMENT_MB).
"""
from __future__ import annotations

from array import array

from whoosh.codec import default_codec
from whoosh.filedb.filestore import Storage

from indexer.postings import Prepared, schema

_PER_TERM_BYTES = 600   # measured: the _Term, its arrays, the key and the dict slot
_PER_POSTING_BYTES = 12  # docnum and weight (4 bytes each), arrays over-allocated


class _Term:
    """The postings of one term within the segment being built."""
    __slots__ = ("docs", "weights", "values", "ends")

    def __init__(self) -> None:
        self.docs = array("I")
        self.weights: array | None = None   # None while every weight is 1.0
        self.values: bytearray | None = None
        self.ends: array | None = None      # where each posting's value ends in ``values``


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
        self._perdoc = self._codec.per_document_writer(storage, self.segment)
        self._schema = schema()
        self._fields: dict[str, dict[bytes, _Term]] = {}
        self._lengths: dict[str, array] = {}   # field → its length in each document, by docnum
        self._ids: dict[str, int] = {}   # live document id → docnum
        self._deleted: set[int] = set()
        self._docnum = 0
        self._bytes = 0
        self._written = False

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

    def _add_terms(self, name: str, terms: list[bytes], weights: bytes | None, values: bytes | None,
                   ends: bytes | None, length: int, docnum: int) -> None:
        table = self._fields.get(name)
        if table is None:
            table = self._fields[name] = {}
            self._lengths[name] = array("I")
        if length:
            lengths = self._lengths[name]
            if len(lengths) < docnum:
                lengths.extend(array("I", [0]) * (docnum - len(lengths)))
            lengths.append(length)
        get = table.get
        new_terms = 0
        if weights is None and ends is None:
            # Existence-like postings (ids, characters, keys): a docnum each.
            for t in terms:
                p = get(t)
                if p is None:
                    p = table[t] = _Term()
                    new_terms += 1
                p.docs.append(docnum)
                if p.weights is not None:
                    p.weights.append(1.0)
                if p.ends is not None:
                    p.ends.append(len(p.values))  # type: ignore[arg-type]
            self._bytes += new_terms * _PER_TERM_BYTES + len(terms) * _PER_POSTING_BYTES
            return
        w = array("f", weights) if weights is not None else None
        e = array("I", ends) if ends is not None else None
        start = 0
        for i, t in enumerate(terms):
            p = get(t)
            if p is None:
                p = table[t] = _Term()
                new_terms += 1
            p.docs.append(docnum)
            if w is not None:
                wi = w[i]
                if p.weights is not None:
                    p.weights.append(wi)
                elif wi != 1.0:
                    p.weights = array("f", [1.0]) * (len(p.docs) - 1)
                    p.weights.append(wi)
            elif p.weights is not None:
                p.weights.append(1.0)
            if e is not None:
                end = e[i]
                pv = p.values
                if pv is None:
                    pv = p.values = bytearray()
                    p.ends = array("I", [0]) * (len(p.docs) - 1)
                pv += values[start:end]  # type: ignore[index]
                p.ends.append(len(pv))  # type: ignore[union-attr]
                start = end
            elif p.ends is not None:
                p.ends.append(len(p.values))  # type: ignore[arg-type]
        self._bytes += new_terms * _PER_TERM_BYTES + len(terms) * _PER_POSTING_BYTES + start

    def delete(self, doc_id: str) -> None:
        """Drop a document added earlier (it is written, then marked deleted)."""
        docnum = self._ids.pop(doc_id, None)
        if docnum is not None:
            self._deleted.add(docnum)

    def write(self):
        """Write the postings and close the segment's files; returns the segment,
        ready to be listed in a new TOC (``indexer.index``)."""
        assert not self._written, "a SegmentBuilder writes once"
        self._written = True
        self._perdoc.close()
        fw = self._codec.field_writer(self.storage, self.segment)
        sch = self._schema
        try:
            for name in sorted(self._fields):
                table = self._fields[name]
                lengths = self._lengths[name]
                if len(lengths) < self._docnum:
                    lengths.extend(array("I", [0]) * (self._docnum - len(lengths)))
                fw.start_field(name, sch[name])
                for tbytes in sorted(table):
                    fw.start_term(tbytes)
                    _write_postings(fw._postwriter, table[tbytes], lengths)
                    fw.finish_term()
                fw.finish_field()
        finally:
            fw.close()
        self._fields.clear()
        self._lengths.clear()
        seg = self.segment
        # Plain files, no compound file: searchers map each one (indexer.storage), and
        # assembling a compound file would copy the whole segment once more.
        seg.set_doc_count(self._docnum)
        for docnum in self._deleted:
            seg.delete_document(docnum)
        return seg

    def discard(self) -> None:
        """Remove whatever this builder wrote (it will not be committed)."""
        if not self._written:
            self._written = True
            try:
                self._perdoc.close()
            except Exception:  # noqa: BLE001 — best effort on the way out
                pass
        self._fields.clear()
        for name in self.segment.list_files(self.storage):
            try:
                self.storage.delete_file(name)
            except OSError:
                pass


def _write_postings(pw, p: _Term, lengths: array) -> None:
    """One term's postings into Whoosh's postings writer, a block at a time.

    What ``W3PostingsWriter.add_posting`` does per posting — append the id, weight and
    value to the block buffers, track the block's maximum weight and its shortest and
    longest document — done per block of ``_blocklimit`` from the term's arrays. The
    writer then writes, compresses and accounts for each block itself (``_write_block``,
    and ``finish_postings`` for the last). Bound to whoosh3 3.54's postings writer
    (pinned in pyproject.toml); tests/test_segment.py reads every term back against an
    index Whoosh wrote itself.
    """
    docs = p.docs
    n = len(docs)
    limit = pw._blocklimit
    weights, values, ends = p.weights, p.values, p.ends
    for a in range(0, n, limit):
        b = min(a + limit, n)
        ids = docs[a:b]
        pw._ids = ids
        if weights is None:
            pw._weights = array("f", [1.0]) * (b - a)
            pw._maxweight = 1.0
        else:
            pw._weights = weights[a:b]
            pw._maxweight = max(pw._weights)
        if values is not None:
            start = ends[a - 1] if a else 0  # type: ignore[index]
            vals = []
            for i in range(a, b):
                end = ends[i]  # type: ignore[index]
                if end > start:
                    vals.append(bytes(values[start:end]))
                start = end
            pw._values = vals
        if lengths:
            lens = [lengths[d] for d in ids]
            nonzero = [x for x in lens if x]
            pw._minlength = min(nonzero) if nonzero else None
            pw._maxlength = max(lens)
        if b < n:
            pw._write_block()
