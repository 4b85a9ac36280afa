"""Bulk import: walk inputs, parse in worker processes, store with one writer, index.

Workers hash each candidate page, write its blob (content-addressed, so concurrent and
repeated writes are harmless), skip bytes the catalog already has, parse the rest, and
— given a ``prepare`` function (indexer.backend.prepare_record) — compute the page's
index postings too, so the one writer never analyzes text. The one writer — this
process — catalogs results in batches, one transaction each, and after every committed
batch hands the new pages to ``sync_index``, which stages them into the index segment
being built and commits it when it is big enough, and at the end (indexer.sync). An
interrupted run (Ctrl-C, kill -9) therefore loses at most the uncommitted catalog batch
and the uncommitted index segment; running the same import again finishes both:
already-stored bytes come back as duplicates, staged pages are indexed again.

At most MAX_IN_FLIGHT pages are read ahead of the writer, so memory stays flat
however large the input is.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import sqlite3
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import NotAPageError
from .page import parse_page
from .record import Record
from .sources import Item, count_items, iter_items
from .store import Archive, Blobs, now, release_inherited_locks, sha256

log = logging.getLogger(__name__)

BATCH_PAGES = 256        # pages per catalog transaction (and index commit)
BATCH_SECONDS = 3.0      # …or this long, so a slow trickle still lands regularly
TRACES_KEPT = 20         # parser tracebacks an import report holds (the rest: path and error)
MAX_IN_FLIGHT = 1024     # pages read but not yet cataloged (bounds the writer's backlog)

# A top-level function (record, url) -> prepared index postings; picklable by name.
PrepareFn = Callable[[Record, "str | None"], object]


@dataclass
class Parsed:
    """What a worker hands the writer: never the raw bytes (the blob is already written)."""
    origin: str
    sha: str | None = None
    size: int = 0
    known: bool = False              # the catalog already had these bytes
    record: Record | None = None
    form: str | None = None
    url: str | None = None
    rejected: str | None = None      # not a page: the reason
    failed: str | None = None        # a page the parser could not handle: kept raw, with this error
    trace: str | None = None         # ... and the parser's traceback, for the import report
    prepared: object = None          # its index postings (see PrepareFn), if asked for
    parse_s: float = 0.0             # worker time spent decoding and parsing
    analyze_s: float = 0.0           # worker time spent computing index postings
    blob_s: float = 0.0              # worker time spent hashing and writing the blob


@dataclass
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    new_versions: int = 0
    failed: int = 0
    not_articles: int = 0     # archived, not indexed: result lists, help pages, bare headings
    rejected: list[tuple[str, str]] = field(default_factory=list)
    # Pages kept unparsed: (path, error, parser traceback), the traceback for the first
    # TRACES_KEPT only, so that a parser failing on every page cannot fill the memory.
    unparsed: list[tuple[str, str, str | None]] = field(default_factory=list)
    seen: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    report: Path | None = None
    # Where the time went (seconds): reading inputs and cataloging/indexing happen in this
    # process; parsing and blob writing are summed over the worker processes.
    stages: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("read", "parse", "analyze", "blobs", "catalog", "index"), 0.0))

    def to_dict(self) -> dict:
        return {"imported": self.imported, "new_pages": self.imported - self.new_versions,
                "duplicates": self.duplicates,
                "new_versions": self.new_versions, "failed": self.failed, "not_articles": self.not_articles,
                "rejected": [{"path": o, "reason": r} for o, r in self.rejected],
                "seen": self.seen, "interrupted": self.interrupted,
                "seconds": round(self.seconds, 3), "report": str(self.report) if self.report else None,
                "stages": {k: round(v, 3) for k, v in self.stages.items()}}


# ---------------------------------------------------------------- worker side

_worker_blobs: Blobs | None = None
_worker_catalog: sqlite3.Connection | None = None
_worker_prepare: PrepareFn | None = None


def _init_worker(home: str, prepare: PrepareFn | None = None) -> None:
    global _worker_blobs, _worker_catalog, _worker_prepare
    release_inherited_locks()
    _worker_prepare = prepare
    _worker_blobs = Blobs(Path(home) / "blobs")
    _worker_catalog = sqlite3.connect(f"file:{Path(home) / 'catalog.sqlite'}?mode=ro", uri=True,
                                      timeout=30, check_same_thread=False)


def parse_item(item: Item) -> Parsed:
    """Hash, store the blob, parse. Runs in a worker process (or inline with --jobs 1)."""
    if item.error is not None or item.data is None:
        return Parsed(item.origin, rejected=item.error or "no data")
    data = item.data
    t0 = time.perf_counter()
    sha = sha256(data)
    if _worker_catalog is not None and _worker_catalog.execute(
            "SELECT 1 FROM pages WHERE sha256 = ?", (sha,)).fetchone():
        return Parsed(item.origin, sha=sha, size=len(data), known=True)
    name = item.origin.rsplit("!", 1)[-1]
    t1 = time.perf_counter()
    try:
        parsed = parse_page(data, name=name, content_type=item.content_type, url=item.url)
    except NotAPageError as e:
        return Parsed(item.origin, rejected=e.reason, parse_s=time.perf_counter() - t1)
    except Exception as e:  # noqa: BLE001 — a parser bug must not lose the page: keep it raw
        # One line for the user (the page is kept, raw); the traceback goes to the import
        # report, where someone reporting the bug finds it.
        log.error("parser failed on %s (%s: %s); the page is kept unparsed (the import report has "
                  "the traceback)", item.origin, type(e).__name__, e)
        assert _worker_blobs is not None
        _worker_blobs.write(sha, data)
        return Parsed(item.origin, sha=sha, size=len(data), url=item.url,
                      failed=f"parser error: {type(e).__name__}: {e}", trace=traceback.format_exc()[-8000:])
    t2 = time.perf_counter()
    assert _worker_blobs is not None
    _worker_blobs.write(sha, data)
    t3 = time.perf_counter()
    url = item.url or parsed.url
    # A page that is not an article is archived, never indexed.
    prepared = _worker_prepare(parsed.record, url) \
        if _worker_prepare is not None and not parsed.record.not_article else None
    return Parsed(item.origin, sha=sha, size=len(data), record=parsed.record, form=parsed.form,
                  url=url, prepared=prepared, parse_s=t2 - t1, blob_s=(t1 - t0) + (t3 - t2),
                  analyze_s=time.perf_counter() - t3)


# ---------------------------------------------------------------- writer side

ProgressFn = Callable[[int, "int | None", ImportSummary], None]
# sync_index(archive, prepared={page id: postings}, final=False) after each catalog batch,
# sync_index(archive) at the start and the end (see indexer.sync.IndexSync).
SyncFn = Callable[..., object]


def _results(archive: Archive, items: Iterator[Item], jobs: int,
             prepare: PrepareFn | None) -> Iterator[Parsed]:
    if jobs <= 1:
        _init_worker(str(archive.home), prepare)
        for item in items:
            yield parse_item(item)
        return
    # Pool.imap reads its input as fast as it can; the semaphore holds the reader to
    # MAX_IN_FLIGHT pages ahead of this process, which releases one per result.
    slots = threading.BoundedSemaphore(MAX_IN_FLIGHT)
    stop = threading.Event()

    def bounded() -> Iterator[Item]:
        for item in items:
            while not slots.acquire(timeout=0.2):
                if stop.is_set():
                    return
            yield item

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(str(archive.home), prepare))
    try:
        for res in pool.imap(parse_item, bounded(), chunksize=4):
            slots.release()
            yield res
        pool.close()
    finally:
        stop.set()
        pool.terminate()
        pool.join()


def import_paths(archive: Archive, paths: Iterable[str | Path], *, jobs: int | None = None,
                 progress: ProgressFn | None = None, sync_index: SyncFn | None = None,
                 prepare: PrepareFn | None = None, follow_symlinks: bool = False,
                 stdin: bytes | None = None) -> ImportSummary:
    """Import every page under ``paths``. The caller holds ``archive.writer_lock()``.
    Symbolic links inside folders are followed only with ``follow_symlinks`` (see
    archive.sources.iter_items); a path ``-`` is the page in ``stdin``.

    ``prepare`` (run in the workers) computes each new page's index postings, which
    reach ``sync_index`` keyed by the page's catalog id."""
    paths = [str(p) for p in paths]
    jobs = jobs or os.cpu_count() or 1
    summary = ImportSummary()
    total = count_items(paths, skip=[archive.home])
    start = time.monotonic()
    batch: list[Parsed] = []
    last_commit = time.monotonic()

    if sync_index:
        sync_index(archive)   # a previous run may have stopped between catalog and index

    def commit(final: bool = False) -> None:
        nonlocal batch, last_commit
        if batch or final:
            t0 = time.perf_counter()
            prepared = _store_batch(archive, batch, summary)
            t1 = time.perf_counter()
            batch = []
            if sync_index:
                sync_index(archive, prepared=prepared, final=final)
            summary.stages["catalog"] += t1 - t0
            summary.stages["index"] += time.perf_counter() - t1
        last_commit = time.monotonic()

    def timed_items() -> Iterator[Item]:
        it = iter_items(paths, follow_symlinks=follow_symlinks, stdin=stdin, skip=[archive.home])
        while True:
            t0 = time.perf_counter()
            item = next(it, None)
            summary.stages["read"] += time.perf_counter() - t0
            if item is None:
                return
            yield item

    failed = True   # an error on its way out: the report is still tried, quietly
    try:
        for res in _results(archive, timed_items(), jobs, prepare):
            summary.seen += 1
            summary.stages["parse"] += res.parse_s
            summary.stages["analyze"] += res.analyze_s
            summary.stages["blobs"] += res.blob_s
            batch.append(res)
            if len(batch) >= BATCH_PAGES or time.monotonic() - last_commit > BATCH_SECONDS:
                commit()
            if progress:
                progress(summary.seen, total, summary)
        commit(final=True)
        failed = False
    except KeyboardInterrupt:
        summary.interrupted = True
        failed = False
    finally:
        summary.seconds = time.monotonic() - start
        summary.report = _write_report(archive, summary, paths, quiet=failed)
    return summary


def _store_batch(archive: Archive, batch: list[Parsed], summary: ImportSummary) -> dict[int, object]:
    """Catalog a batch in one transaction; returns the prepared postings of the pages
    it created, by page id."""
    prepared: dict[int, object] = {}
    counts = {"imported": 0, "duplicates": 0, "new_versions": 0, "failed": 0, "not_articles": 0}
    rejected: list[tuple[str, str]] = []
    unparsed: list[tuple[str, str, str | None]] = []
    with archive.transaction() as db:
        for res in batch:
            if res.rejected is not None:
                archive.add_rejected(db, res.origin, res.rejected)
                rejected.append((res.origin, res.rejected))
                continue
            assert res.sha is not None
            # Bytes the worker found already stored (``res.known``) come back from
            # put_page as duplicates, with this origin recorded.
            put = archive.put_page(db, sha=res.sha, size=res.size, origin=res.origin, record=res.record,
                                   form=res.form, url=res.url, error=res.failed)
            if put.outcome == "duplicate":
                counts["duplicates"] += 1
            else:
                counts["imported"] += 1
                if res.prepared is not None:
                    prepared[put.page_id] = res.prepared
                if put.outcome == "new_version":
                    counts["new_versions"] += 1
                if res.failed:
                    counts["failed"] += 1
                    unparsed.append((res.origin, res.failed,
                                     res.trace if len(summary.unparsed) + len(unparsed) < TRACES_KEPT else None))
                if res.record is not None and res.record.not_article:
                    counts["not_articles"] += 1
    # Only now, with the transaction committed, do these pages count as imported.
    summary.imported += counts["imported"]
    summary.duplicates += counts["duplicates"]
    summary.new_versions += counts["new_versions"]
    summary.failed += counts["failed"]
    summary.not_articles += counts["not_articles"]
    summary.rejected.extend(rejected)
    summary.unparsed.extend(unparsed)
    return prepared


def _write_report(archive: Archive, summary: ImportSummary, paths: list[str], quiet: bool = False
                  ) -> Path | None:
    """The import's report file, or None if it could not be written (said, unless
    ``quiet``: the import is failing anyway and its own error says why)."""
    reports = archive.home / "reports"
    try:
        reports.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = reports / f"import-{stamp}-{os.getpid()}.txt"
        lines = [f"# wenyuan import {now()} of: {' '.join(paths)}",
                 f"# imported {summary.imported}, duplicates {summary.duplicates}, new versions "
                 f"{summary.new_versions}, not articles {summary.not_articles}, failed {summary.failed}, "
                 f"rejected {len(summary.rejected)}"
                 + (" (interrupted)" if summary.interrupted else "")]
        lines += [f"{origin}\t{reason}" for origin, reason in summary.rejected]
        if summary.unparsed:
            lines.append("# kept unparsed: the parser failed on these pages (a bug in wenyuan: please "
                         "report it with the traceback); `wenyuan reindex --reparse` retries them")
            for origin, reason, trace in summary.unparsed:
                lines.append(f"{origin}\t{reason}")
                lines += ["    " + x for x in (trace or "").rstrip().splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    except OSError as e:
        if not quiet:
            log.warning("could not write the import report: %s", e)
        return None
