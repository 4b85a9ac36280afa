"""What the HTTP layer reads, and how: one shared search backend, one catalog connection per request.

The search index is opened lazily and kept: the backend notices every new commit and
every rebuilt generation before each search, so pages an import or crawl commits
appear without a restart. Until the first import has created the index, searches
answer 503. The catalog is opened read-only for each request on the thread that
serves it (SQLite's WAL lets readers run beside the one writer, which never waits
for us), with ``Archive.open(readonly=True)``, which touches nothing.
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from archive.errors import ArchiveMissing, IndexStateError, NotFoundError
from archive.export import page_json, snippet_json, work_json
from archive.ids import parse_doc_id
from archive.store import CATALOG, Archive, no_archive_message
from indexer.backend import SearchBackend, open_index

from .errors import ApiError

log = logging.getLogger(__name__)

_CHARSET = re.compile(r"[A-Za-z0-9._-]{1,40}")
# form → (media type, file extension); text forms get "; charset=<detected encoding>".
RAW_TYPES = {"html": ("text/html", "html"), "text": ("text/plain", "txt"), "mhtml": ("message/rfc822", "mht")}


@dataclass
class Raw:
    data: bytes
    media_type: str
    filename: str


class Library:
    """The archive at ``home`` and its search index, as the web app reads them."""

    def __init__(self, home: str | Path) -> None:
        self.home = Path(home)
        self._index: SearchBackend | None = None
        self._open_lock = threading.Lock()

    # ---- index -------------------------------------------------------------------

    def index(self) -> SearchBackend:
        """The shared index, opened at first use. ArchiveMissing while there is no archive
        at all (the advice is then to import, not to rebuild an index from nothing);
        IndexStateError while there is an archive but no usable index."""
        if self._index is None:
            with self._open_lock:
                if self._index is None:
                    if not (self.home / CATALOG).exists():
                        raise ArchiveMissing(no_archive_message(self.home))
                    self._index = open_index(self.home / "index")
        return self._index

    def has_index(self) -> bool:
        try:
            self.index()
        except (IndexStateError, ArchiveMissing):
            return False
        return True

    def search(self, q: str, **options) -> dict:
        """Exactly ``wenyuan search --json``: the backend's search dict."""
        return self.index().search(q, **options)

    def close(self) -> None:
        with self._open_lock:
            if self._index is not None:
                self._index.close()
                self._index = None

    # ---- catalog -----------------------------------------------------------------

    @contextmanager
    def archive(self) -> Iterator[Archive]:
        """A read-only view of the archive on its own connection, closed on exit."""
        if not (self.home / CATALOG).exists():
            raise ArchiveMissing(no_archive_message(self.home))
        arc = Archive.open(self.home, readonly=True)
        try:
            yield arc
        finally:
            arc.close()

    def stats(self) -> dict:
        """Exactly ``wenyuan stats --json``."""
        with self.archive() as arc:
            return arc.stats()

    def document(self, doc_id: str, q: str | None = None) -> dict:
        """Exactly ``wenyuan show --json``; with ``q``, also ``matches``: where the query
        matches in the title, abstract and body (a snippet: its text)."""
        kind, n = _parse(doc_id)
        with self.archive() as arc:
            try:
                doc = page_json(arc.page(n), arc.related_of(n), work_json(arc, n)) if kind == "page" \
                    else snippet_json(arc, n)
            except NotFoundError:
                raise ApiError(404, "not_found", f"no document with id {doc_id}") from None
        if q:
            rec = doc.get("record") or {}
            fields = {"text": doc.get("text") or ""} if kind == "snippet" else \
                {name: rec.get(name) or "" for name in ("title", "abstract", "body")}
            doc["matches"] = self.index().match_spans(q, fields)
        return doc

    def raw(self, doc_id: str) -> Raw:
        kind, n = _parse(doc_id)
        if kind != "page":
            raise ApiError(404, "not_found", f"{doc_id} is an other-literature snippet: only pages have "
                                             f"original bytes")
        with self.archive() as arc:
            try:
                page = arc.page(n)
            except NotFoundError:
                raise ApiError(404, "not_found", f"no document with id {doc_id}") from None
            data = arc.raw(n)
        media_type, ext = RAW_TYPES.get(page.form or "", ("application/octet-stream", "bin"))
        if media_type.startswith("text/") and page.encoding and _CHARSET.fullmatch(page.encoding):
            media_type += f"; charset={page.encoding}"
        return Raw(data, media_type, f"{doc_id}.{ext}")

    def view(self, doc_id: str) -> Raw:
        """The original page as a browser shows it: the stored HTML or text (an MHTML
        file's HTML part), with its detected charset. Served only into a sandbox."""
        r = self.raw(doc_id)
        if r.media_type.startswith("message/rfc822"):
            from archive.mhtml import extract_html

            part = extract_html(r.data)
            if part is None:
                raise ApiError(404, "not_found", f"{doc_id} holds no HTML part to show")
            charset = part.charset if part.charset and _CHARSET.fullmatch(part.charset) else "utf-8"
            return Raw(part.payload, f"text/html; charset={charset}", r.filename)
        if not r.media_type.startswith(("text/html", "text/plain")):
            raise ApiError(404, "not_found", f"{doc_id} is not a page a browser can show")
        return Raw(r.data, r.media_type, r.filename)


def _parse(doc_id: str) -> tuple[str, int]:
    parsed = parse_doc_id(doc_id)
    if parsed is None:
        raise ApiError(400, "bad_id", f"{doc_id[:40]!r} is not a document id")
    return parsed
