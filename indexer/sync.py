"""Keep the search index in step with the archive's catalog.

The catalog marks every page and snippet whose indexed form is out of date
(``indexed = 0``): new pages, re-parsed pages, older versions that must leave the index,
snippets that gained a page. ``IndexSync`` writes those documents in one index commit and
only then marks them indexed, so a crash between the two just means the next sync
(the next import, crawl or reindex) writes them again — ``update`` by id is idempotent.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from archive.ids import page_doc_id, parse_doc_id, snippet_doc_id  # noqa: F401  (re-exported)
from archive.record import Record
from archive.store import Archive
from indexer.index import SearchIndex
from indexer.schema import article_document, related_document

log = logging.getLogger(__name__)


def _page_doc(row) -> dict | None:
    if not row["is_latest"] or row["status"] != "parsed" or not row["record"]:
        return None
    return article_document(page_doc_id(row["id"]), Record.from_dict(json.loads(row["record"])),
                            row["url"] or row["final_url"])


def _snippet_doc(archive: Archive, row) -> dict | None:
    pages = archive.pages_of_snippet(row["id"])
    if not pages:
        return None
    # The snippet's pages are found through the articles at search time (see
    # indexer.schema); a snippet no latest page shows leaves the index.
    return related_document(row["text"], doc_id=snippet_doc_id(row["id"]))


class IndexSync:
    """Callable ``sync(archive)``: index what the catalog says is not indexed yet."""

    def __init__(self) -> None:
        self._index: SearchIndex | None = None

    def index(self, archive: Archive) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex.open(archive.index_dir, create=True)
        return self._index

    def __call__(self, archive: Archive) -> int:
        db = archive.db
        pages = db.execute("SELECT id, is_latest, status, record, url, final_url FROM pages"
                           " WHERE indexed = 0 ORDER BY id").fetchall()
        snippets = db.execute("SELECT id, text FROM snippets WHERE indexed = 0 ORDER BY id").fetchall()
        if not pages and not snippets:
            return 0
        idx = self.index(archive)
        with idx.batch() as batch:
            for row in pages:
                doc = _page_doc(row)
                if doc:
                    batch.add(doc)
                else:
                    batch.delete(page_doc_id(row["id"]))
            for row in snippets:
                doc = _snippet_doc(archive, row)
                if doc:
                    batch.add(doc)
                else:
                    batch.delete(snippet_doc_id(row["id"]))
        with archive.transaction() as tx:
            tx.executemany("UPDATE pages SET indexed = 1 WHERE id = ?", [(r["id"],) for r in pages])
            tx.executemany("UPDATE snippets SET indexed = 1 WHERE id = ?", [(r["id"],) for r in snippets])
        return len(pages) + len(snippets)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None


def all_documents(archive: Archive) -> Iterator[dict]:
    """Every document the index should hold, from the catalog alone."""
    for row in archive.db.execute("SELECT id, is_latest, status, record, url, final_url FROM pages"
                                  " WHERE is_latest = 1 AND status = 'parsed' ORDER BY id").fetchall():
        doc = _page_doc(row)
        if doc:
            yield doc
    for row in archive.db.execute("SELECT id, text FROM snippets ORDER BY id").fetchall():
        doc = _snippet_doc(archive, row)
        if doc:
            yield doc


def rebuild_index(archive: Archive) -> int:
    """Rebuild the whole index from the catalog into a new directory, then swap it in."""
    n = SearchIndex.rebuild_at(archive.index_dir, all_documents(archive))
    with archive.transaction() as tx:
        tx.execute("UPDATE pages SET indexed = 1 WHERE indexed = 0")
        tx.execute("UPDATE snippets SET indexed = 1 WHERE indexed = 0")
    return n
