"""Whoosh's own writer, for when the fast one may not run (indexer.whoosh.fast_paths).

A document is prepared as the dict Whoosh's ``add_document`` takes, and a batch is
written through an IndexWriter: every posting goes through Whoosh's sorting pool,
which is several times slower than indexer.whoosh.segment but depends on nothing
beyond Whoosh's public API.
"""
from __future__ import annotations

from dataclasses import dataclass

from whoosh.writing import IndexWriter

from indexer.documents import with_work, with_words

ID_FIELDS = ("id", "page_ids", "work")
# Whoosh's pool holds several times a document's text per posting: this many bytes of
# memory per character is what ``approx_bytes`` reports, so a sync commits in time.
BYTES_PER_CHAR = 24


@dataclass(slots=True)
class PlainDocument:
    """A document ready for ``PlainBatch.add``: its fields for add_document, but its id."""
    fields: dict
    digest: str
    chars: int


def prepare(doc: dict) -> PlainDocument:
    full = with_words({k: v for k, v in doc.items() if k not in ID_FIELDS})
    fields = {k: v for k, v in full.items() if v is not None}
    return PlainDocument(fields, full["digest"], sum(len(v) for v in fields.values() if isinstance(v, str)))


class PlainBatch:
    """The WriteBatch of Whoosh's own writer: documents kept until the commit writes them."""

    def __init__(self) -> None:
        self._docs: dict[str, dict] = {}
        self._bytes = 0

    def add(self, doc_id: str, prepared: PlainDocument, page_ids: str | None = None,
            work: str | None = None) -> None:
        doc = {**prepared.fields, "id": doc_id}
        if page_ids:
            doc["page_ids"] = page_ids
        if work:
            doc["work"] = work
            doc["digest"] = with_work(prepared.digest, work)
        self._docs[doc_id] = doc
        self._bytes += prepared.chars * BYTES_PER_CHAR

    def delete(self, doc_id: str) -> None:
        self._docs.pop(doc_id, None)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._docs

    def __len__(self) -> int:
        return len(self._docs)

    def ids(self) -> list[str]:
        return list(self._docs)

    def approx_bytes(self) -> int:
        return self._bytes

    def seal(self, background: bool = False) -> None:
        """Nothing to start: Whoosh's writer runs at commit."""

    def done(self) -> bool:
        return True

    def discard(self) -> None:
        self._docs.clear()
        self._bytes = 0

    def write_to(self, w: IndexWriter) -> None:
        for doc in self._docs.values():
            w.add_document(**doc)
        self._docs.clear()
