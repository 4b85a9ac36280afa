"""The search-backend contract: what the CLI, the web app and the index sync may ask of an
index, and the one place that picks the engine (``open_index``).

Nothing that crosses this line is an engine object: searches answer plain dicts (the
README's JSON shape), documents are the plain dicts of indexer.documents, and what the
write side hands around (a prepared document, a batch) is opaque to its callers. Today
the one engine is Whoosh (indexer.whoosh, the only code that imports it);
docs/scale-out.md says how an OpenSearch backend would meet the same contract.

The limits of a search live here too, in one table read by the engine, the HTTP
parameters (web.params, and so the OpenAPI schema) and the CLI's options. No engine
import at module level: the CLI reads this to build its options before any index opens.
"""
from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from archive.errors import QueryError, SearchCancelled

SORTS = ("relevance", "citations", "year")
YEARS = (1900, 2100)   # the years a --year / year= filter may name
KINDS = ("article", "related")
MAX_QUERY_CHARS = 1000
MAX_PAGE = 1000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10

DEFAULT_TIME_LIMIT = 5.0   # seconds a search may take before it answers what it has


@dataclass
class AllHits:
    """Every hit of a query, in rank order: ``hits`` yields them (dicts) one by one."""
    total: int
    timed_out: bool
    hits: Iterator[dict]


class WriteBatch(Protocol):
    """Documents on their way into the index as one unit (for Whoosh, one segment).
    Nothing is searchable until ``SearchBackend.commit``; ``discard`` drops it all."""

    def add(self, doc_id: str, prepared: Any, page_ids: str | None = None, work: str | None = None) -> None:
        """Add (or, within the batch, replace) one document, as ``prepare`` made it; an
        article's ``work`` is the id of the work it is a copy of (indexer.works)."""

    def delete(self, doc_id: str) -> None:
        """Drop ``doc_id`` from the batch (a committed one goes through commit's deletes)."""

    def __contains__(self, doc_id: str) -> bool: ...

    def __len__(self) -> int: ...

    def approx_bytes(self) -> int:
        """Memory the batch holds: callers commit before it passes their budget."""

    def seal(self, background: bool = False) -> None:
        """No more documents. With ``background``, the engine may start writing the
        batch out while the caller goes on (``done`` says when it has finished)."""

    def done(self) -> bool: ...

    def discard(self) -> None: ...


class SearchBackend(Protocol):
    """One search index. Threads may search at once; one process writes."""

    # ---- reading
    def search(self, q: str, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE, kind: str | None = None,
               source: str | None = None, year: tuple[int, int] | None = None, sort: str = "relevance",
               time_limit: float = DEFAULT_TIME_LIMIT, cancelled: threading.Event | None = None,
               all_copies: bool = False) -> dict:
        """One page of hits in the README's shape, one per work unless ``all_copies``.
        Raises QueryError for a query or an option that cannot be used, SearchCancelled
        once ``cancelled`` is set."""

    def search_all(self, q: str, *, kind: str | None = None, source: str | None = None,
                   year: tuple[int, int] | None = None, sort: str = "relevance",
                   time_limit: float = DEFAULT_TIME_LIMIT, all_copies: bool = False
                   ) -> AbstractContextManager[AllHits]:
        """Every hit, read inside the ``with`` block."""

    def match_spans(self, q: str, texts: dict[str, str]) -> dict[str, list[list[int]]]:
        """Where ``q`` matches in each text, as search marks it: ``[start, end)`` offsets."""

    def document(self, doc_id: str) -> dict | None:
        """The stored fields of one document, or None."""

    def count(self) -> int: ...

    def warm_up(self) -> None:
        """Open what the first search would otherwise open (dictionaries, files)."""

    # ---- writing
    def digests(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The digest (indexer.documents.document_digest) of each committed document
        among ``doc_ids``: an unchanged document need not be written again."""

    def new_batch(self) -> WriteBatch: ...

    def commit(self, batch: WriteBatch, deletes: Iterable[str] = ()) -> None:
        """Make ``batch`` searchable and remove every committed document whose id is in
        ``deletes`` (re-added ids must be there), atomically. The batch is spent."""

    def rebuild(self, docs: Iterable[dict]) -> int:
        """Replace the whole index by ``docs``; searches see the old one until done."""

    def close(self) -> None: ...

    def __enter__(self) -> SearchBackend: ...

    def __exit__(self, *exc) -> None: ...


def open_index(root: str | os.PathLike, create: bool = False) -> SearchBackend:
    """The index at ``root`` (created empty if missing and ``create``). Raises
    IndexStateError when it is missing, locked, stale or unreadable."""
    from indexer.whoosh.index import SearchIndex
    return SearchIndex.open(root, create=create)


def rebuild_index_at(root: str | os.PathLike, docs: Iterable[dict]) -> int:
    """Rebuild the index at ``root`` from ``docs`` whatever state it is in (missing,
    damaged, or built by another version), swapping the new one in when complete."""
    from indexer.whoosh.index import SearchIndex
    return SearchIndex.rebuild_at(root, docs)


def prepare(doc: dict) -> Any:
    """``doc`` (indexer.documents) analyzed for ``WriteBatch.add``. Picklable both ways,
    so import workers run it in parallel and hand the result to the one writer."""
    from indexer.whoosh.index import prepare as engine_prepare
    return engine_prepare(doc)


@dataclass(slots=True)
class PreparedPage:
    """What an import worker computes for a new page: its article document, prepared
    (the page's id and work are given when the catalog has made them), and the
    fingerprint its work is found by (indexer.works)."""
    document: Any
    fingerprint: Any
    fingerprint_s: float = 0.0   # the worker's time spent on the fingerprint


def prepare_record(record, url: str | None = None) -> PreparedPage | None:
    """A parsed page's PreparedPage (what import workers call)."""
    if record is None:
        return None
    from indexer.documents import article_document
    from indexer.works import fingerprint
    document = prepare(article_document("", record, url))
    t0 = time.perf_counter()
    fp = fingerprint(record)
    return PreparedPage(document, fp, time.perf_counter() - t0)


def parse_years(text: str) -> tuple[int, int]:
    """``2015`` → (2015, 2015); ``2010-2015`` → (2010, 2015). Raises QueryError."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~至到]\s*(\d{4}))?\s*", text or "")
    if not m:
        raise QueryError(f"{text!r} is not a year or a range of years (2015, 2010-2015)")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    if lo > hi:
        lo, hi = hi, lo
    if lo < YEARS[0] or hi > YEARS[1]:
        raise QueryError(f"years go from {YEARS[0]} to {YEARS[1]}")
    return lo, hi


class Deadline:
    """When a search must stop: at ``at`` (time.perf_counter), or as soon as the event
    ``cancelled`` is set (its client went away). ``passed()`` is asked between units
    of work, each a bounded vector operation."""

    def __init__(self, at: float, cancelled: threading.Event | None = None) -> None:
        self.at = at
        self.cancelled = cancelled

    def passed(self) -> bool:
        if self.cancelled is not None and self.cancelled.is_set():
            raise SearchCancelled("the search was stopped: its client went away")
        return time.perf_counter() > self.at
