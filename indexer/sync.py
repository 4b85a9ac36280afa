"""Keep the search index in step with the archive's catalog.

The catalog marks every page and snippet whose indexed form is out of date
(``indexed = 0``): new pages, re-parsed pages, older versions that must leave the
index, new snippets. ``IndexSync`` gathers those documents into one write batch of
the search backend (indexer.backend: for Whoosh, one new segment), marking them
staged (``Archive.stage``), and commits the batch when it is big enough or when
asked to finish; only then are they marked indexed (``Archive.mark_indexed``). A
crash in between loses nothing: staged rows go back to 0 when the next sync starts
and are written again — an unchanged document is recognised by its
digest and skipped, so that costs little.

An import calls it after every catalog batch (``final=False``), handing over the
pages its workers have already prepared (indexer.backend.prepare_record), so the one
writer does not analyze them again; the batch is committed when it reaches its memory budget or
``commit_every`` seconds after its first document (the interval doubling after each
such commit), so searches see a long import's pages as it goes. A crawl, a reindex or the end of an import calls it with
``final=True`` (the default), which commits whatever is staged.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from archive.ids import group_doc_id, page_doc_id, snippet_doc_id, work_doc_id
from archive.record import Record
from archive.store import Archive
from indexer.backend import SearchBackend, WriteBatch, open_index, prepare, rebuild_index_at
from indexer.documents import article_document, related_document, with_work
from indexer.works import keep_current, reassign_all

log = logging.getLogger(__name__)

# Seconds a long import's first new pages wait before searches see them. Each commit is
# a segment, and every segment costs each search a pass of its own, so the wait doubles
# after every commit made for time: an import of hours makes a handful of such segments
# (60 s, 2, 4, 8 … minutes: 8 in 4 hours) instead of one a minute, and the budget
# (SYNC_SEGMENT_MB) cuts the rest.
COMMIT_EVERY = 60.0
STAGE_CHUNK = 1000   # catalog rows staged between two checks of the memory budget
# While one batch is written in the background the next one fills up, so an import
# holds two at once: each gets two thirds of a rebuild's single segment
# (indexer.whoosh.index.SEGMENT_MB). That keeps the whole import (writer, workers,
# segment writer) well under 1 GB, and its segments few enough for fast searches
# (bench.import_bench, bench.serve_bench).
SYNC_SEGMENT_MB = 256

Rows = tuple[list[int], list[int]]   # catalog page ids, snippet ids


def _page_doc(row) -> dict | None:
    if not row["is_latest"] or row["status"] != "parsed" or not row["record"]:
        return None
    return article_document(page_doc_id(row["id"]), Record.from_dict(json.loads(row["record"])),
                            row["url"] or row["final_url"],
                            work_doc_id(row["work_id"]) if row["work_id"] is not None else None)


def _snippet_doc(archive: Archive, row) -> dict | None:
    if not archive.pages_of_snippet(row["id"]):
        return None
    # The snippet's pages are found through the articles at search time (see
    # indexer.documents); a snippet no latest page shows leaves the index. Its work: the
    # one it resolves to, else its group of cuts of one text (indexer.works).
    work = work_doc_id(row["work_id"]) if row["work_id"] is not None else \
        group_doc_id(row["grp"]) if row["grp"] is not None else None
    return related_document(row["text"], doc_id=snippet_doc_id(row["id"]), work=work)


class IndexSync:
    """Callable ``sync(archive, prepared=None, final=True)``: index what the catalog
    says is not indexed yet. Returns the number of catalog rows it took up."""

    def __init__(self, segment_mb: float = SYNC_SEGMENT_MB, commit_every: float = COMMIT_EVERY) -> None:
        self._index: SearchBackend | None = None
        self._batch: WriteBatch | None = None
        self._started = 0.0                 # when the batch got its first document
        self._commit_every = commit_every   # doubles after each commit made for time
        self._deletes: set[str] = set()   # committed documents the batch replaces or removes
        self._budget = segment_mb * 2**20
        self._reset_done = False
        # Seconds spent on works (indexer.works): assigning them here, and the workers'
        # fingerprints of the pages handed over.
        self.works_s = 0.0
        self._staged: Rows = ([], [])   # catalog rows in the batch
        # Batches being written in the background, oldest first: (batch, deletes, rows).
        # They are committed in this order, so a later batch's deletions always see
        # the earlier batches' documents.
        self._pending: list[tuple[WriteBatch, set[str], Rows]] = []

    def index(self, archive: Archive) -> SearchBackend:
        if self._index is None:
            self._index = open_index(archive.index_dir, create=True)
        return self._index

    def __call__(self, archive: Archive, prepared: dict[int, Any] | None = None,
                 final: bool = True) -> int:
        if not self._reset_done:
            archive.reset_staged()
            self._reset_done = True
        # Works first: a page's index document carries its work from the start.
        t0 = time.perf_counter()
        keep_current(archive, {page: p.fingerprint for page, p in (prepared or {}).items()})
        self.works_s += time.perf_counter() - t0 + sum(p.fingerprint_s for p in (prepared or {}).values())
        pages, snippets = archive.unindexed()
        # In chunks, so that a large backlog (a crashed import's pages) is committed
        # batch by batch within the memory budget.
        for k in range(0, max(len(pages), len(snippets)), STAGE_CHUNK):
            self._stage(archive, pages[k:k + STAGE_CHUNK], snippets[k:k + STAGE_CHUNK], prepared or {})
            if self._batch is not None and self._batch.approx_bytes() >= self._budget:
                self._flush()
        b = self._batch
        if b is not None and (final or b.approx_bytes() >= self._budget
                              or time.monotonic() - self._started >= self._commit_every):
            if not final and b.approx_bytes() < self._budget:
                self._commit_every *= 2
            # A final batch is waited for at once: writing it here spares the fork.
            self._flush(background=not final)
        self._commit_written(archive, wait=final)
        return len(pages) + len(snippets)

    def _stage(self, archive: Archive, pages: list, snippets: list, prepared: dict[int, Any]) -> None:
        idx = self.index(archive)
        if self._batch is None:
            self._batch = idx.new_batch()
            self._started = time.monotonic()
        batch = self._batch
        checks: list[tuple[str, dict]] = []   # documents the index may hold already
        for row in pages:
            doc_id = page_doc_id(row["id"])
            if row["is_latest"] and row["status"] == "parsed":
                prep = prepared.get(row["id"])
                if prep is not None:
                    # Prepared by an import worker for a page the catalog has just
                    # created: no committed document can have its id.
                    batch.add(doc_id, prep.document, doc_id,
                              work_doc_id(row["work_id"]) if row["work_id"] is not None else None)
                    continue
                doc = _page_doc(archive.index_row(row["id"]))
                if doc is not None:
                    checks.append((doc_id, doc))
                    continue
            batch.delete(doc_id)
            self._deletes.add(doc_id)
        for row in snippets:
            doc_id = snippet_doc_id(row["id"])
            doc = _snippet_doc(archive, row)
            if doc is not None:
                checks.append((doc_id, doc))
            else:
                batch.delete(doc_id)
                self._deletes.add(doc_id)
        if checks:
            self._stage_checked(idx, batch, checks)
        page_ids, snippet_ids = [r["id"] for r in pages], [r["id"] for r in snippets]
        archive.stage(page_ids, snippet_ids)
        self._staged[0].extend(page_ids)
        self._staged[1].extend(snippet_ids)

    def _stage_checked(self, idx: SearchBackend, batch: WriteBatch, checks: list[tuple[str, dict]]) -> None:
        """Stage documents that may be committed already: skipped when the committed
        one is identical (its digest), else added and the committed one replaced."""
        current = idx.digests(doc_id for doc_id, _ in checks)
        for doc_id, doc in checks:
            prep = prepare(doc)
            if doc_id not in batch and current.get(doc_id) == with_work(prep.digest, doc.get("work")):
                continue
            batch.add(doc_id, prep, doc.get("page_ids"), doc.get("work"))
            self._deletes.add(doc_id)

    def _flush(self, background: bool = True) -> None:
        """Queue the batch for commit; the backend may start writing it out in the
        background (WriteBatch.seal) while the next documents go into a new batch."""
        batch, deletes, rows = self._batch, self._deletes, self._staged
        self._batch, self._deletes, self._staged = None, set(), ([], [])
        assert batch is not None
        log.debug("index batch of %d documents, %.0f MB, to be written", len(batch), batch.approx_bytes() / 2**20)
        self._pending.append((batch, deletes, rows))
        try:
            batch.seal(background=background)
        except BaseException:
            self._pending.pop()
            raise

    def _commit_written(self, archive: Archive, wait: bool) -> None:
        """Commit the batches whose writing has finished, oldest first (all of them,
        waiting, when ``wait``); only then are their rows marked indexed."""
        while self._pending:
            batch, deletes, (pages, snippets) = self._pending[0]
            if not wait and not batch.done():
                return
            self._pending.pop(0)
            self.index(archive).commit(batch, deletes)
            archive.mark_indexed(pages, snippets)
            log.debug("index batch committed")

    def close(self) -> None:
        """Drop uncommitted batches (their rows stay staged, so the next sync redoes
        them) and close the index."""
        for batch, _, _ in self._pending:
            batch.discard()
        self._pending = []
        if self._batch is not None:
            self._batch.discard()
            self._batch = None
        if self._index is not None:
            self._index.close()
            self._index = None


def all_documents(archive: Archive) -> Iterator[dict]:
    """Every document the index should hold, from the catalog alone."""
    for row in archive.indexable_pages():
        doc = _page_doc(row)
        if doc:
            yield doc
    for row in archive.all_snippets():
        doc = _snippet_doc(archive, row)
        if doc:
            yield doc


@dataclass
class Rebuilt:
    pages: int = 0      # articles indexed
    snippets: int = 0   # other-literature snippets indexed


def rebuild_index(archive: Archive, progress: Callable[[int, int], None] | None = None,
                  snippet_progress: Callable[[int, int], None] | None = None) -> Rebuilt:
    """Rebuild the whole index from the catalog into a new directory, then swap it in.
    ``progress(done, total)`` counts the pages as they are indexed, then
    ``snippet_progress(done, total)`` the other-literature snippets (they come after)."""
    keep_current(archive, all_pages=True)   # an archive older than works has none yet
    totals = archive.count_indexable()
    counts = Rebuilt()

    def counted() -> Iterator[dict]:
        done = [0, 0]
        shown = [progress, snippet_progress]
        for doc in all_documents(archive):
            phase = 1 if doc.get("kind") == "related" else 0
            if phase and done[1] == 0 and shown[0]:
                shown[0](totals[0], totals[0])   # the pages are done before the first snippet
                shown[0] = None
            if shown[phase] and not done[phase] % 500:
                shown[phase](done[phase], totals[phase])
            done[phase] += 1
            yield doc
        counts.pages, counts.snippets = done
        for phase, report in enumerate(shown):
            if report:
                report(totals[phase], totals[phase])

    rebuild_index_at(archive.index_dir, counted())
    archive.mark_all_indexed()
    return counts


# ---- the use cases the CLI runs: each holds the archive's writer lock and keeps the
# index in step with what it archives.

def import_and_index(archive: Archive, paths, *, jobs: int | None = None, commit_every: float = COMMIT_EVERY,
                     progress=None, follow_symlinks: bool = False, stdin: bytes | None = None,
                     on_wait: Callable[[str], None] | None = None):
    """``wenyuan import``: archive every page under ``paths`` ("-": the bytes in
    ``stdin``), parsed and prepared in ``jobs`` worker processes, and index each batch as
    it lands. Returns archive.importer.ImportSummary."""
    from archive.importer import import_paths
    from indexer.backend import prepare_record

    from indexer.works import preload

    sync = IndexSync(commit_every=commit_every)
    preload()
    try:
        with archive.writer_lock(on_wait=on_wait):
            summary = import_paths(archive, paths, jobs=jobs, progress=progress, sync_index=sync,
                                   prepare=prepare_record, follow_symlinks=follow_symlinks, stdin=stdin)
            summary.stages["works"] = sync.works_s   # inside "index" (assigning) and "analyze"
            return summary
    finally:
        sync.close()


def crawl_and_index(archive: Archive, urls, *, on_wait: Callable[[str], None] | None = None, **options):
    """``wenyuan crawl``: archive.crawl.crawl with its options, each batch of fetched
    pages indexed as it lands. Returns archive.crawl.CrawlSummary."""
    from archive.crawl import crawl

    sync = IndexSync()
    try:
        with archive.writer_lock(on_wait=on_wait):
            return crawl(archive, urls, sync_index=sync, **options)
    finally:
        sync.close()


@dataclass
class Reindexed:
    rebuilt: Rebuilt
    reparsed: tuple[int, int] | None = None   # (records changed, pages that failed), with reparse
    damaged: list[tuple[int, str]] | None = None   # (page id, reason): raw bytes unreadable, record kept


def reindex(archive: Archive, *, reparse: bool = False, on_wait: Callable[[str], None] | None = None,
            reparse_progress: Callable[[int, int], None] | None = None,
            progress: Callable[[int, int], None] | None = None,
            snippet_progress: Callable[[int, int], None] | None = None) -> Reindexed:
    """``wenyuan reindex``: optionally re-parse every stored raw page, then rebuild the
    index from the catalog and swap it in."""
    from archive.reparse import reparse_all

    with archive.writer_lock(on_wait=on_wait):
        out = Reindexed(Rebuilt())
        if reparse:
            out.damaged = []
            out.reparsed = reparse_all(archive, out.damaged, progress=reparse_progress)
            reassign_all(archive)   # records changed: so may the works
        out.rebuilt = rebuild_index(archive, progress=progress, snippet_progress=snippet_progress)
        return out
