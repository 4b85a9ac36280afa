"""Keep the search index in step with the archive's catalog.

The catalog marks every page and snippet whose indexed form is out of date
(``indexed = 0``): new pages, re-parsed pages, older versions that must leave the
index, new snippets. ``IndexSync`` gathers those documents into one new segment
(indexer.segment), marking them ``indexed = 2`` ("staged"), and commits the segment
when it is big enough or when asked to finish; only then are they marked
``indexed = 1``. A crash in between loses nothing: staged rows go back to 0 when the
next sync starts and are written again — an unchanged document is recognised by its
digest and skipped, so that costs little.

An import calls it after every catalog batch (``final=False``), handing over the
pages its workers have already prepared (indexer.postings), so the one writer does
not analyze them again; the segment is committed when it reaches its memory budget or
``commit_every`` seconds after its first document, so searches see a long import's
pages as it goes. A crawl, a reindex or the end of an import calls it with
``final=True`` (the default), which commits whatever is staged.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from archive.ids import page_doc_id, parse_doc_id, snippet_doc_id  # noqa: F401  (re-exported)
from archive.record import Record
from archive.store import Archive
from indexer.index import SearchIndex, _Digests
from indexer.postings import Prepared, prepare
from indexer.schema import article_document, related_document
from indexer.segment import SegmentBuilder

log = logging.getLogger(__name__)

STAGED = 2   # the catalog's ``indexed`` value for rows in the segment being built
# Seconds a long import's new pages may wait before searches see them. Each commit is a
# segment; at ~200 pages/s a minute makes segments of ~12k pages, few enough that
# searches stay fast and none needs merging.
COMMIT_EVERY = 60.0
STAGE_CHUNK = 1000   # catalog rows staged between two checks of the memory budget
# Segments with at least this many bytes of postings are written by a forked process
# while the import goes on (SegmentBuilder.write_in_background): at 100k pages that
# writing was a third of the single writer's time. Smaller ones are written at once,
# cheaper than a fork.
BACKGROUND_BYTES = 16 * 2**20
# While one segment is written by its forked process the next one fills up, so an import
# holds two at once: each gets two thirds of a rebuild's single segment (index.SEGMENT_MB).
# That keeps the whole import (writer, workers, segment writer) well under 1 GB, and its
# segments few enough for fast searches (bench.import_bench, bench.serve_bench).
SYNC_SEGMENT_MB = 256


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
    """Callable ``sync(archive, prepared=None, final=True)``: index what the catalog
    says is not indexed yet. Returns the number of catalog rows it took up."""

    def __init__(self, segment_mb: float = SYNC_SEGMENT_MB, commit_every: float = COMMIT_EVERY) -> None:
        self._index: SearchIndex | None = None
        self._builder: SegmentBuilder | None = None
        self._started = 0.0                 # when the builder got its first document
        self._commit_every = commit_every
        self._deletes: set[str] = set()   # committed documents the segment replaces or removes
        self._budget = segment_mb * 2**20
        self._reset_done = False
        self._staged: tuple[list[int], list[int]] = ([], [])   # catalog rows in the builder
        # Segments being written in the background, oldest first: (builder, deletes, rows).
        # They are committed in this order, so a later segment's deletions always
        # see the earlier segments' documents.
        self._pending: list[tuple[SegmentBuilder, set[str], tuple[list[int], list[int]]]] = []

    def index(self, archive: Archive) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex.open(archive.index_dir, create=True)
        return self._index

    def __call__(self, archive: Archive, prepared: dict[int, Prepared] | None = None,
                 final: bool = True) -> int:
        if not self._reset_done:
            # Rows a crashed sync had staged were never committed: take them up again.
            with archive.transaction() as tx:
                tx.execute("UPDATE pages SET indexed = 0 WHERE indexed = ?", (STAGED,))
                tx.execute("UPDATE snippets SET indexed = 0 WHERE indexed = ?", (STAGED,))
            self._reset_done = True
        db = archive.db
        pages = db.execute("SELECT id, is_latest, status FROM pages WHERE indexed = 0 ORDER BY id").fetchall()
        snippets = db.execute("SELECT id, text FROM snippets WHERE indexed = 0 ORDER BY id").fetchall()
        # In chunks, so that a large backlog (a crashed import's pages) is committed
        # segment by segment within the memory budget.
        for k in range(0, max(len(pages), len(snippets)), STAGE_CHUNK):
            self._stage(archive, pages[k:k + STAGE_CHUNK], snippets[k:k + STAGE_CHUNK], prepared or {})
            if self._builder is not None and self._builder.approx_bytes() >= self._budget:
                self._flush(archive)
        b = self._builder
        if b is not None and (final or b.approx_bytes() >= self._budget
                              or time.monotonic() - self._started >= self._commit_every):
            # A final segment is waited for at once: writing it here spares the fork.
            self._flush(archive, background=not final)
        self._commit_written(archive, wait=final)
        return len(pages) + len(snippets)

    def _stage(self, archive: Archive, pages: list, snippets: list, prepared: dict[int, Prepared]) -> None:
        db = archive.db
        idx = self.index(archive)
        if self._builder is None:
            self._builder = idx.new_segment()
            self._started = time.monotonic()
        builder = self._builder
        checks: list[tuple[str, dict]] = []   # documents the index may hold already
        for row in pages:
            doc_id = page_doc_id(row["id"])
            if row["is_latest"] and row["status"] == "parsed":
                prep = prepared.get(row["id"])
                if prep is not None:
                    # Prepared by an import worker for a page the catalog has just
                    # created: no committed document can have its id.
                    builder.add(doc_id, prep, doc_id)
                    continue
                full = db.execute("SELECT id, is_latest, status, record, url, final_url FROM pages"
                                  " WHERE id = ?", (row["id"],)).fetchone()
                doc = _page_doc(full)
                if doc is not None:
                    checks.append((doc_id, doc))
                    continue
            builder.delete(doc_id)
            self._deletes.add(doc_id)
        for row in snippets:
            doc_id = snippet_doc_id(row["id"])
            doc = _snippet_doc(archive, row)
            if doc is not None:
                checks.append((doc_id, doc))
            else:
                builder.delete(doc_id)
                self._deletes.add(doc_id)
        if checks:
            self._stage_checked(idx, builder, checks)
        with archive.transaction() as tx:
            tx.executemany("UPDATE pages SET indexed = ? WHERE id = ?", [(STAGED, r["id"]) for r in pages])
            tx.executemany("UPDATE snippets SET indexed = ? WHERE id = ?", [(STAGED, r["id"]) for r in snippets])
        self._staged[0].extend(r["id"] for r in pages)
        self._staged[1].extend(r["id"] for r in snippets)

    def _stage_checked(self, idx: SearchIndex, builder: SegmentBuilder, checks: list[tuple[str, dict]]) -> None:
        """Stage documents that may be committed already: skipped when the committed
        one is identical (its digest), else added and the committed one replaced."""
        current = _Digests(idx.searcher().reader(), owned=False)
        for doc_id, doc in checks:
            prep = prepare(doc)
            if doc_id not in builder and current.get(doc_id) == prep.digest:
                continue
            builder.add(doc_id, prep, doc.get("page_ids"))
            self._deletes.add(doc_id)

    def _flush(self, archive: Archive, background: bool = True) -> None:
        """Queue the builder's segment for commit; a large one is first written by a
        background process (SegmentBuilder.write_in_background) while the next
        documents go into a new builder."""
        builder, deletes, rows = self._builder, self._deletes, self._staged
        self._builder, self._deletes, self._staged = None, set(), ([], [])
        assert builder is not None
        builder.close_documents()   # before another builder opens its per-document files
        log.debug("index segment of %d documents, %.0f MB of postings, to be written",
                  builder.doc_count_all, builder.approx_bytes() / 2**20)
        self._pending.append((builder, deletes, rows))
        if not background or builder.approx_bytes() < BACKGROUND_BYTES:
            return   # written (in the foreground) when committed, right after this
        try:
            builder.write_in_background()
        except BaseException:
            self._pending.pop()
            builder.discard()
            raise

    def _commit_written(self, archive: Archive, wait: bool) -> None:
        """Commit the segments whose writing has finished, oldest first (all of them,
        waiting, when ``wait``); only then are their rows marked indexed."""
        while self._pending:
            builder, deletes, (pages, snippets) = self._pending[0]
            if not wait and not builder.done():
                return
            self._pending.pop(0)
            self.index(archive).commit_segment(builder, deletes)
            with archive.transaction() as tx:
                tx.executemany("UPDATE pages SET indexed = 1 WHERE id = ? AND indexed = ?",
                               [(i, STAGED) for i in pages])
                tx.executemany("UPDATE snippets SET indexed = 1 WHERE id = ? AND indexed = ?",
                               [(i, STAGED) for i in snippets])
            log.debug("index segment committed")

    def close(self) -> None:
        """Drop uncommitted segments (their rows stay staged, so the next sync redoes
        them) and close the index."""
        for builder, _, _ in self._pending:
            builder.discard()
        self._pending = []
        if self._builder is not None:
            self._builder.discard()
            self._builder = None
        if self._index is not None:
            self._index.close()
            self._index = None


def all_documents(archive: Archive) -> Iterator[dict]:
    """Every document the index should hold, from the catalog alone."""
    for row in archive.db.execute("SELECT id, is_latest, status, record, url, final_url FROM pages"
                                  " WHERE is_latest = 1 AND status = 'parsed' ORDER BY id"):
        doc = _page_doc(row)
        if doc:
            yield doc
    for row in archive.db.execute("SELECT id, text FROM snippets ORDER BY id").fetchall():
        doc = _snippet_doc(archive, row)
        if doc:
            yield doc


@dataclass
class Rebuilt:
    pages: int = 0      # articles indexed
    snippets: int = 0   # other-literature snippets indexed


def rebuild_index(archive: Archive, progress: Callable[[int, int], None] | None = None) -> Rebuilt:
    """Rebuild the whole index from the catalog into a new directory, then swap it in.
    ``progress(done, total)`` counts documents (pages and snippets) as they are indexed."""
    total = (archive.db.execute("SELECT count(*) FROM pages WHERE is_latest = 1 AND status = 'parsed'")
             .fetchone()[0] + archive.db.execute("SELECT count(*) FROM snippets").fetchone()[0])
    counts = Rebuilt()

    def counted() -> Iterator[dict]:
        for n, doc in enumerate(all_documents(archive)):
            if doc.get("kind") == "related":
                counts.snippets += 1
            else:
                counts.pages += 1
            if progress and not n % 500:
                progress(n, total)
            yield doc
        if progress:
            progress(total, total)

    SearchIndex.rebuild_at(archive.index_dir, counted())
    with archive.transaction() as tx:
        tx.execute("UPDATE pages SET indexed = 1 WHERE indexed != 1")
        tx.execute("UPDATE snippets SET indexed = 1 WHERE indexed != 1")
    return counts
