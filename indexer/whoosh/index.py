"""The index lifecycle: create or open, write in batches, search, rebuild and swap.

Layout of an index directory ``ROOT``::

    ROOT/CURRENT          name of the live generation (replaced atomically)
    ROOT/gen-000001/      a Whoosh index + wenyuan-index.json (the version stamp)
    ROOT/gen-000002.tmp/  a rebuild in progress (renamed when complete)

A rebuild writes a whole new generation beside the live one and switches
CURRENT only when it is complete, so searches keep using the old generation
meanwhile, and a failed rebuild leaves it untouched. Searchers notice a new
commit (``refresh``) and a new generation (CURRENT changed) before each search.

Every write is one new segment built by indexer.whoosh.segment.SegmentBuilder and listed in a
new TOC by a Whoosh writer, which also applies the deletions (replaced and removed
ids). Rebuilds and imports write large segments (SEGMENT_MB of postings each, or
indexer.sync.SYNC_SEGMENT_MB), which are never merged: a merge would push every
posting through Whoosh's writer again, at a cost that grows with the index. Small
segments (a crawl's batches) are merged by Whoosh once MAX_SMALL of them have piled up.
"""
from __future__ import annotations

import json
import logging
import os
import pickle
import re
import struct
import zlib
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.reading import CorruptIndexError, SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from archive.errors import IndexStateError
from indexer.backend import AllHits, WriteBatch
from indexer.documents import with_work, with_words
import indexer.whoosh as engine
from indexer.whoosh import fast_paths, plain
from indexer.whoosh import search as search_mod
from indexer.whoosh.arrays import VERSION as ARRAYS_VERSION
from indexer.whoosh.schema import build_schema, version_stamp

log = logging.getLogger(__name__)

STAMP_FILE = "wenyuan-index.json"
FAST_WRITER = "wenyuan"   # the stamp's "writer" when indexer.whoosh.segment wrote segments
POINTER_FILE = "CURRENT"
REINDEX_HINT = "run `wenyuan reindex` to rebuild it from the archive"
DEFAULT_BATCH = 500
WRITER_MB = 64     # Whoosh's own pool, used only when it merges small segments
SEGMENT_MB = 384   # postings a SegmentBuilder holds in memory before its segment is written
SMALL_SEGMENT = 2048  # segments under this many documents are merged …
MAX_SMALL = 8         # … once there are this many of them


def prepare(doc: dict):
    """``doc`` prepared for a batch: by wenyuan's fast writer's analysis when it may run
    (indexer.whoosh.fast_paths), else as the fields of Whoosh's own add_document."""
    if fast_paths():
        from indexer.whoosh.postings import prepare as fast_prepare
        return fast_prepare(doc)
    return plain.prepare(doc)


class Batch:
    """Documents added inside ``with index.batch() as b:``; committed together.

    The same id added twice keeps the last version: Whoosh's update_document
    only replaces *committed* documents, so duplicates must never reach it
    within one writer.
    """

    def __init__(self) -> None:
        self.docs: dict[str, dict] = {}
        self.deletes: set[str] = set()

    def add(self, doc: dict) -> None:
        """Add or replace (by ``doc["id"]``) one document from indexer.documents."""
        self.docs[doc["id"]] = doc
        self.deletes.discard(doc["id"])

    def delete(self, doc_id: str) -> None:
        self.docs.pop(doc_id, None)
        self.deletes.add(doc_id)

    def __len__(self) -> int:
        return len(self.docs) + len(self.deletes)


# How many searches run at once in one process. One at a time, a long search holds up
# every other; more than two, and Python threads mostly fight over the interpreter lock.
# Measured with `python -m bench.hostile_bench` (8 clients, 10k pages): 1 slot 227
# requests/s alone and 190 beside a client sending hostile queries, 2 slots 196 and 173,
# 3 slots 169 and 144, unbounded ~150 alone. Two slots: no single client's search can
# stall the others. (`serve --workers N` runs N processes, each with its own slots.)
SEARCH_SLOTS = 2


class SearchIndex:
    """One index directory: the only code that creates, writes or swaps it."""

    def __init__(self, root: Path, ix: windex.Index, generation: str) -> None:
        self.root = root
        self._ix = ix
        self._write_ix: windex.Index | None = None
        self._generation = generation
        self._searcher: Searcher | None = None
        # Searches run on many threads at once over the one current searcher; each
        # holds a lease on it (reading()), so a searcher replaced by a newer commit
        # or generation is closed by whoever gives back its last lease. The lock
        # guards only this bookkeeping, never a search.
        self._leases: dict[int, int] = {}          # id(searcher) → searches using it
        self._retired: dict[int, Searcher] = {}    # replaced, closed at their last lease
        self._lock = threading.RLock()
        self._slots = threading.BoundedSemaphore(SEARCH_SLOTS)

    # ---- create / open ---------------------------------------------------------

    @classmethod
    def create(cls, root: str | os.PathLike) -> SearchIndex:
        """Create an empty index at ``root`` (replacing nothing: it must not exist yet)."""
        root = Path(root)
        if (root / POINTER_FILE).exists():
            raise IndexStateError(f"an index already exists at {root}")
        root.mkdir(parents=True, exist_ok=True)
        gen = _next_generation(root)
        _new_generation(root / gen)
        _point_to(root, gen)
        return cls.open(root)

    @classmethod
    def open(cls, root: str | os.PathLike, create: bool = False) -> SearchIndex:
        """Open the index at ``root``; raise IndexStateError if it is missing or stale."""
        root = Path(root)
        if not (root / POINTER_FILE).exists():
            if create:
                return cls.create(root)
            raise IndexStateError(f"no search index at {root}: {REINDEX_HINT}")
        gen = _read_pointer(root)
        return cls(root, _open_generation(root / gen), gen)

    def close(self) -> None:
        with self._lock:
            self._close_generation()

    def _close_generation(self) -> None:
        """Close everything opened on the current generation: searcher, reader, writer side
        (a searcher still in use is closed when its last search ends)."""
        if self._searcher is not None:
            self._retire(self._searcher)
            self._searcher = None
        self._ix.close()
        if self._write_ix is not None:
            self._write_ix.close()
            self._write_ix = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- writing ---------------------------------------------------------------

    @contextmanager
    def batch(self, lock_timeout: float = 0.0) -> Iterator[Batch]:
        """Collect documents in a ``with`` block: committed on success, dropped on error."""
        b = Batch()
        yield b
        if len(b):
            self._write(b, lock_timeout)

    def add_documents(self, docs: Iterable[dict], batch_size: int = DEFAULT_BATCH,
                      lock_timeout: float = 0.0) -> int:
        """Add or replace many documents, committing every ``batch_size``."""
        n = 0
        b = Batch()
        for doc in docs:
            b.add(doc)
            n += 1
            if len(b) >= batch_size:
                self._write(b, lock_timeout)
                b = Batch()
        if len(b):
            self._write(b, lock_timeout)
        return n

    def delete(self, ids: Iterable[str], lock_timeout: float = 0.0) -> None:
        b = Batch()
        for doc_id in ids:
            b.delete(doc_id)
        if len(b):
            self._write(b, lock_timeout)

    def _writing_index(self) -> windex.Index:
        """The live generation opened for writing, without memory-mapped segment files.

        Writers read older segments when they merge; through mmap those reads stay
        resident and an import's RSS grew with the index (60 MB per batch of 256 pages).
        Plain reads keep it flat; searchers map files (indexer.whoosh.storage).
        """
        if self._write_ix is None:
            path = str(self.root / self._generation)
            if fast_paths():
                from indexer.whoosh.storage import WriterStorage
                self._write_ix = WriterStorage(path).open_index()
            else:
                self._write_ix = FileStorage(path, supports_mmap=False).open_index()
        return self._write_ix

    def _writer(self, ix: windex.Index, lock_timeout: float) -> IndexWriter:
        try:
            # compound=False: merged segments stay plain files, as SegmentBuilder writes
            # them, which searchers map (indexer.whoosh.storage).
            return ix.writer(timeout=lock_timeout, limitmb=WRITER_MB, compound=False)
        except LockError as e:
            raise IndexStateError(
                f"the search index at {self.root} is locked by another writer (an import, "
                f"crawl or reindex still running?); try again when it has finished") from e

    def _write(self, b: Batch, lock_timeout: float) -> None:
        batch = self.new_batch()
        try:
            current = self.digests(b.docs)
            for doc in b.docs.values():
                prep = prepare(doc)
                if current.get(doc["id"]) == with_work(prep.digest, doc.get("work")):
                    continue  # indexed exactly so already: a snippet that gained a page, a re-sync
                batch.add(doc["id"], prep, doc.get("page_ids"), doc.get("work"))
            added = len(batch)
            self.commit(batch, set(b.deletes) | set(batch.ids()), lock_timeout)
        except BaseException:
            batch.discard()
            raise
        log.debug("committed %d documents (%d unchanged), %d deletions", added,
                  len(b.docs) - added, len(b.deletes))

    def new_batch(self) -> WriteBatch:
        """A batch for one new segment of the live generation (see commit): built by the
        fast writer (indexer.whoosh.segment) when it may run, else by Whoosh's own."""
        self._check_generation()
        if not fast_paths():
            return plain.PlainBatch()
        from indexer.whoosh.segment import SegmentBuilder
        ix = self._writing_index()
        return SegmentBuilder(ix.storage, ix.indexname)

    def commit(self, batch: WriteBatch, deletes: Iterable[str] = (), lock_timeout: float = 0.0) -> None:
        """Commit ``batch``'s documents and delete every committed document whose id
        is in ``deletes`` (give the ids of re-added documents there: a committed
        document with the same id must go). The batch is spent either way."""
        try:
            storage = getattr(batch, "storage", None)
            if (storage is not None and storage is not self._writing_index().storage) \
                    or _read_pointer(self.root) != self._generation:
                raise IndexStateError("the search index was rebuilt while a segment was being built; "
                                      "sync again")
            w = self._writer(self._writing_index(), lock_timeout)
        except BaseException:
            batch.discard()
            raise
        try:
            self._commit(w, batch, deletes)
        except BaseException:
            batch.discard()
            if not w.is_closed:
                w.cancel()
            raise

    def _commit(self, w: IndexWriter, batch: WriteBatch, deletes: Iterable[str]) -> None:
        n_del = 0
        for doc_id in deletes:
            n_del += w.delete_by_term("id", doc_id)
        if isinstance(batch, plain.PlainBatch):
            if not len(batch) and not n_del:
                w.cancel()
                return
            batch.write_to(w)
            w.commit()   # Whoosh's own merge policy
            return
        if not batch.doc_count_all and not n_del:
            batch.discard()
            w.cancel()
            return
        new = [batch.write()] if batch.doc_count_all else []
        if not new:
            batch.discard()
        else:
            _stamp_fast_writer(self.root / self._generation)
        w.commit(mergetype=lambda writer, segments: _merge_small(writer, segments) + new)

    # ---- rebuild ---------------------------------------------------------------

    def rebuild(self, docs: Iterable[dict], lock_timeout: float = 0.0) -> int:
        """Build a fresh index from ``docs`` beside the live one, then swap it in.

        Holds the live index's write lock throughout, so no write can land in the
        generation about to be retired. On any error the new generation is removed
        and the live one is untouched; the error propagates.
        """
        with self._lock:
            self._check_generation()
            guard = self._writer(self._writing_index(), lock_timeout)
            try:
                _remove_unfinished(self.root)
                new_gen = _next_generation(self.root)
                tmp = self.root / (new_gen + ".tmp")
                try:
                    n = _build(tmp, docs)
                    tmp.rename(self.root / new_gen)
                except BaseException:
                    shutil.rmtree(tmp, ignore_errors=True)
                    raise
                old_gen = self._generation
                _point_to(self.root, new_gen)
            finally:
                guard.cancel()
            self._switch_to(new_gen)
            _remove_old_generations(self.root, keep={new_gen, old_gen})
            log.info("rebuilt the index with %d documents in %s", n, new_gen)
            return n

    @classmethod
    def rebuild_at(cls, root: str | os.PathLike, docs: Iterable[dict]) -> int:
        """Rebuild the index at ``root`` whatever state it is in — missing, damaged, or
        stamped by another schema/analyzer version — without opening the old one.

        The caller must be the archive's single writer (``wenyuan reindex`` holds the
        writer lock), since a stale index cannot be locked through Whoosh. The new
        generation is built beside the old and swapped in only when complete.
        """
        root = Path(root)
        if (root.exists() or root.is_symlink()) and not root.is_dir():
            # Something that is not a folder where the index belongs (a file, a dangling
            # link; a link to a folder is kept): the index is derived from the archive, so
            # whatever stands in its place goes, and it is built anew.
            log.warning("%s is not an index folder: replacing it", root)
            root.unlink()
        try:
            idx = cls.open(root, create=True)
        except IndexStateError:
            root.mkdir(parents=True, exist_ok=True)
            _remove_unfinished(root)
            new_gen = _next_generation(root)
            tmp = root / (new_gen + ".tmp")
            try:
                n = _build(tmp, docs)
                tmp.rename(root / new_gen)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            _point_to(root, new_gen)
            _remove_old_generations(root, keep={new_gen})
            log.info("rebuilt a stale or damaged index with %d documents in %s", n, new_gen)
            return n
        with idx:
            return idx.rebuild(docs)

    # ---- reading ---------------------------------------------------------------

    def searcher(self) -> Searcher:
        """A searcher on the latest commit of the live generation (shared; do not close).
        Code that reads through it while other threads may commit or rebuild should
        hold it with ``reading()``."""
        with self._lock:
            self._check_generation()
            if self._searcher is not None and not self._searcher.up_to_date():
                # A new searcher rather than Searcher.refresh(): refreshing a searcher
                # opened on an empty index raises TypeError in whoosh3 3.54.
                self._retire(self._searcher)
                self._searcher = None
            if self._searcher is None:
                self._searcher = self._ix.searcher()
            return self._searcher

    @contextmanager
    def reading(self) -> Iterator[Searcher]:
        """The current searcher, kept open until the block ends even if a newer commit
        replaces it meanwhile. A damaged segment met in the block is an IndexStateError."""
        with self._lease() as s:
            try:
                yield s
            except _DAMAGED as e:
                raise self._damaged(e) from e

    def _damaged(self, e: Exception) -> IndexStateError:
        return IndexStateError(f"the search index at {self.root} is damaged ({type(e).__name__}: "
                               f"{str(e)[:120]}): {REINDEX_HINT}")

    @contextmanager
    def _lease(self) -> Iterator[Searcher]:
        with self._lock:
            try:
                s = self.searcher()
            except _UNREADABLE as e:
                raise IndexStateError(f"the search index at {self.root} cannot be read "
                                      f"({type(e).__name__}: {str(e)[:120]}): {REINDEX_HINT}") from e
            self._leases[id(s)] = self._leases.get(id(s), 0) + 1
        try:
            yield s
        finally:
            with self._lock:
                left = self._leases[id(s)] - 1
                if left:
                    self._leases[id(s)] = left
                else:
                    del self._leases[id(s)]
                    if self._retired.pop(id(s), None) is not None:
                        s.close()

    def _retire(self, s: Searcher) -> None:
        if self._leases.get(id(s)):
            self._retired[id(s)] = s
        else:
            s.close()

    def search(self, q: str, **options) -> dict:
        """Search; see indexer.whoosh.search.search for the options and the result shape.
        Threads may call it at once; SEARCH_SLOTS of them search at a time."""
        with self._slots, self.reading() as s:
            return search_mod.search(s, q, **options)

    @contextmanager
    def search_all(self, q: str, **options) -> Iterator[AllHits]:
        """Every hit of ``q`` (see indexer.whoosh.search.search_all), read inside the block.
        Only the index's own errors become IndexStateError, not the block's."""
        with self._lease() as s:
            try:
                found = search_mod.search_all(s, q, **options)
            except _DAMAGED as e:
                raise self._damaged(e) from e
            found.hits = self._guarded(found.hits)
            yield found

    def _guarded(self, hits: Iterator[dict]) -> Iterator[dict]:
        while True:
            try:
                hit = next(hits)
            except StopIteration:
                return
            except _DAMAGED as e:
                raise self._damaged(e) from e
            yield hit

    def match_spans(self, q: str, texts: dict[str, str]) -> dict[str, list[list[int]]]:
        return search_mod.match_spans(q, texts)

    def count(self) -> int:
        with self.reading() as s:
            return s.doc_count()

    def document(self, doc_id: str) -> dict | None:
        """The stored fields of one document, or None."""
        with self.reading() as s:
            return s.document(id=doc_id)

    def warm_up(self) -> None:
        """Load jieba's dictionary and open the current searcher (its files mapped)."""
        from indexer.text import fold, words
        words(fold("预热词典"))
        with self.reading():
            pass

    def digests(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The stored digest of each committed document among ``doc_ids``."""
        out = {}
        with self.reading() as s:
            current = _Digests(s.reader(), owned=False)
            for doc_id in doc_ids:
                d = current.get(doc_id)
                if d is not None:
                    out[doc_id] = d
        return out

    def _check_generation(self) -> None:
        gen = _read_pointer(self.root)
        if gen != self._generation:
            self._switch_to(gen)

    def _switch_to(self, gen: str) -> None:
        new_ix = _open_generation(self.root / gen)
        self._close_generation()
        self._ix, self._generation = new_ix, gen


class _Digests:
    """The stored digest of committed documents, by id, read through ``reader``
    (closed on leaving a ``with`` block when ``owned``)."""

    def __init__(self, reader, owned: bool = True) -> None:
        self._reader = reader
        self._owned = owned

    def __enter__(self) -> _Digests:
        return self

    def __exit__(self, *exc) -> None:
        if self._owned:
            self._reader.close()

    def get(self, doc_id: str) -> str | None:
        r = self._reader
        if r.doc_count_all() == 0:
            return None
        for docnum in r.postings("id", doc_id).all_ids() if ("id", doc_id) in r else ():
            if not r.is_deleted(docnum):
                return r.stored_fields(docnum).get("digest")
        return None


def _build(path: Path, docs: Iterable[dict]) -> int:
    """A new generation at ``path`` holding ``docs``: segments of SEGMENT_MB each,
    written by SegmentBuilder, committed once at the end (by Whoosh's own writer when
    the fast one may not run)."""
    if not fast_paths():
        return _build_plain(path, docs)
    from indexer.whoosh.segment import SegmentBuilder
    ix = _new_generation(path)
    _stamp_fast_writer(path)
    n = 0
    segments = []
    builder = SegmentBuilder(ix.storage, ix.indexname)
    try:
        for doc in _unique_ids(docs):
            builder.add(doc["id"], prepare(doc), doc.get("page_ids"), doc.get("work"))
            n += 1
            if builder.approx_bytes() >= SEGMENT_MB * 2**20:
                segments.append(builder.write())
                builder = SegmentBuilder(ix.storage, ix.indexname)
        if builder.doc_count_all:
            segments.append(builder.write())
        w = ix.writer(compound=False)
        w.commit(mergetype=lambda writer, existing: list(existing) + segments)
    except BaseException:
        builder.discard()
        ix.close()
        raise
    ix.close()
    return n


def _unique_ids(docs: Iterable[dict]) -> Iterator[dict]:
    """Rebuild input should be unique; keep the first of an id, like a catalog would."""
    seen: set[str] = set()
    for doc in docs:
        if doc["id"] in seen:
            log.warning("duplicate id %r in rebuild input ignored", doc["id"])
            continue
        seen.add(doc["id"])
        yield doc


def _build_plain(path: Path, docs: Iterable[dict]) -> int:
    """_build through Whoosh's own writer (indexer.whoosh.plain)."""
    ix = _new_generation(path)
    n = 0
    w = ix.writer(limitmb=WRITER_MB, compound=False)
    try:
        for doc in _unique_ids(docs):
            w.add_document(**{k: v for k, v in with_words(doc).items() if v is not None})
            n += 1
        w.commit()
    except BaseException:
        if not w.is_closed:
            w.cancel()
        ix.close()
        raise
    ix.close()
    return n


def _merge_small(writer: IndexWriter, segments: list) -> list:
    """Merge policy: segments under SMALL_SEGMENT documents (from small syncs, e.g. a
    crawl's) are merged into one once there are MAX_SMALL of them; larger ones, which
    imports and rebuilds write, are left alone — merging them would re-write
    every posting through Whoosh's writer for no gain a search would notice."""
    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT]
    if len(small) < MAX_SMALL:
        return list(segments)
    for seg in small:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s.doc_count_all() >= SMALL_SEGMENT]


def _new_generation(path: Path) -> windex.Index:
    path.mkdir(parents=True)
    ix = windex.create_in(str(path), build_schema())
    _write_stamp(path, {**version_stamp(), "whoosh": engine.INSTALLED, "writer": "whoosh"})
    return ix


def _write_stamp(path: Path, stamp: dict) -> None:
    tmp = path / (STAMP_FILE + ".tmp")
    tmp.write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    os.replace(tmp, path / STAMP_FILE)


def _stamp_fast_writer(path: Path) -> None:
    """Record that the fast writer put segments in this generation, under this whoosh3:
    only that version may open it (see _open_generation)."""
    stamp = _read_stamp(path)
    if (stamp.get("writer") != FAST_WRITER or stamp.get("whoosh") != engine.INSTALLED
            or stamp.get("postings_arrays") != ARRAYS_VERSION):
        _write_stamp(path, {**stamp, "whoosh": engine.INSTALLED, "writer": FAST_WRITER,
                            "postings_arrays": ARRAYS_VERSION})


def _read_stamp(path: Path) -> dict:
    try:
        stamp = json.loads((path / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise IndexStateError(f"the search index at {path} has no readable version "
                              f"stamp: {REINDEX_HINT}") from e
    if not isinstance(stamp, dict):
        raise IndexStateError(f"the search index at {path} has a damaged version stamp: {REINDEX_HINT}")
    return stamp


def _open_generation(path: Path) -> windex.Index:
    stamp = _read_stamp(path)
    want = version_stamp()
    got = {k: stamp.get(k) for k in want}
    if got != want:
        raise IndexStateError(
            f"the search index at {path} was built by another wenyuan version "
            f"(schema {got['schema_version']}, analyzer {got['analyzer_version']}; this "
            f"wenyuan needs schema {want['schema_version']}, analyzer "
            f"{want['analyzer_version']}): {REINDEX_HINT}")
    if stamp.get("writer", FAST_WRITER) == FAST_WRITER and stamp.get("whoosh") != engine.INSTALLED:
        # Wenyuan's writer wrote these segments for one whoosh3 release's formats; another
        # release may read them differently, and a wrong answer is worse than none.
        raise IndexStateError(
            f"the search index at {path} was written by wenyuan's fast writer for whoosh3 "
            f"{stamp.get('whoosh')}, and whoosh3 {engine.INSTALLED} is installed: {REINDEX_HINT}")
    if stamp.get("writer", FAST_WRITER) == FAST_WRITER and stamp.get("postings_arrays") != ARRAYS_VERSION:
        # Its segments have no postings arrays (indexer.whoosh.arrays), or ones of another
        # layout: searches would decode Whoosh's blocks, seconds a query at a million pages.
        raise IndexStateError(
            f"the search index at {path} was written without this wenyuan's postings arrays "
            f"(format {stamp.get('postings_arrays') or 'none'}; this one writes format {ARRAYS_VERSION}): "
            f"{REINDEX_HINT}")
    try:
        if fast_paths():
            from indexer.whoosh.storage import MappedStorage
            return MappedStorage(str(path)).open_index()
        return FileStorage(str(path)).open_index()
    except _FOREIGN as e:
        raise IndexStateError(f"the search index at {path} was written by another version of wenyuan or "
                              f"whoosh3 (its schema names {str(e)[:80]}, which this one lacks): "
                              f"{REINDEX_HINT}") from e
    except _UNREADABLE as e:
        raise IndexStateError(f"the search index at {path} cannot be opened ({e}): "
                              f"{REINDEX_HINT}") from e


# What Whoosh raises for a damaged index. (An AttributeError or ImportError is not one:
# opening, it means the pickled schema names a class this code lacks, another version's
# (_FOREIGN); anywhere else, a fault in wenyuan's code, which must not pass for damage.)
_UNREADABLE = (OSError, EOFError, ValueError, pickle.UnpicklingError, windex.IndexError, struct.error,
               zlib.error)
_FOREIGN = (AttributeError, ImportError)
# What reading a damaged segment raises mid-search: a truncated or overwritten file gives
# short reads (struct.error, EOFError, IndexError), bad pickles, bad compressed blocks,
# bytes that decode to nothing (ValueError covers UnicodeError), and Whoosh's own tag check.
_DAMAGED = (CorruptIndexError, pickle.UnpicklingError, struct.error, zlib.error, EOFError,
            IndexError, ValueError)


def _read_pointer(root: Path) -> str:
    try:
        gen = (root / POINTER_FILE).read_text(encoding="utf-8").strip()
    except OSError as e:
        raise IndexStateError(f"no search index at {root}: {REINDEX_HINT}") from e
    except ValueError as e:   # not UTF-8: a damaged pointer
        raise IndexStateError(f"the search index at {root} has a damaged {POINTER_FILE} file: "
                              f"{REINDEX_HINT}") from e
    if not _GENERATION.fullmatch(gen):   # also keeps a damaged pointer inside the index folder
        raise IndexStateError(f"the search index at {root} has a damaged {POINTER_FILE} file "
                              f"({gen[:40]!r} is not a generation): {REINDEX_HINT}")
    if not (root / gen).is_dir():
        raise IndexStateError(f"the search index at {root} points to a missing "
                              f"generation {gen!r}: {REINDEX_HINT}")
    return gen


_GENERATION = re.compile(r"gen-[0-9]{1,12}")


def _point_to(root: Path, gen: str) -> None:
    tmp = root / (POINTER_FILE + ".tmp")
    tmp.write_text(gen + "\n", encoding="utf-8")
    os.replace(tmp, root / POINTER_FILE)  # atomic: readers see old or new, never half


def _generations(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and p.name.startswith("gen-") and not p.name.endswith(".tmp"))


def _remove_unfinished(root: Path) -> None:
    """What a killed rebuild left: generations still named ``.tmp``. No reader ever opens
    one (CURRENT never points at it), and rebuilds hold the write lock, so none is in use."""
    for p in root.iterdir():
        if p.name.startswith("gen-") and p.name.endswith(".tmp") and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
            log.info("removed %s, left by an interrupted rebuild", p.name)


def _next_generation(root: Path) -> str:
    numbers = [int(p.name[4:].split(".")[0]) for p in root.iterdir()
               if p.name.startswith("gen-") and p.name[4:].split(".")[0].isdigit()]
    return f"gen-{max(numbers, default=0) + 1:06d}"


def _remove_old_generations(root: Path, keep: set[str]) -> None:
    # The generation just retired is kept one round: another process may still
    # be reading it until it notices CURRENT changed.
    for gen in _generations(root):
        if gen not in keep:
            shutil.rmtree(root / gen, ignore_errors=True)
