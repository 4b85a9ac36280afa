"""The archive on disk: raw page bytes (content-addressed blobs) and the SQLite catalog.

Layout of a home folder::

    HOME/catalog.sqlite     pages, their origins, parsed records, snippets (WAL mode)
    HOME/blobs/ab/cd/<sha256>.z   raw bytes, zlib-compressed, named by the SHA-256 of the raw bytes
    HOME/index/             the search index (derived; see indexer/)
    HOME/reports/           one report per import run: every rejected file and why
    HOME/writer.lock        held by the one process that writes (import, crawl, reindex)

Crash safety: a blob is written to a temporary name and renamed into place before the
catalog row that points at it is committed, so a catalog row never points at a missing or
partial blob. An orphan blob (written, then killed before the commit) is harmless and is
reused by the next run. Catalog changes are committed in batches inside transactions;
the index is brought up to date from the catalog (``indexed = 0`` rows), never the reverse.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import unicodedata
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.request import pathname2url

from .errors import NotFoundError, StoreError
from .record import Record

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    url TEXT,                 -- the page's own URL (from the file or the crawl), if known
    final_url TEXT,           -- after redirects (crawl)
    http_status INTEGER,
    headers TEXT,             -- JSON object of response headers (crawl)
    form TEXT,                -- html | mhtml | text
    encoding TEXT,
    status TEXT NOT NULL,     -- parsed | not_article (a result list, a help page: kept, never
                              -- indexed; error says why) | failed (kept raw, parser said no)
    error TEXT,
    record TEXT,              -- the parsed record as JSON
    title TEXT, source TEXT, citations INTEGER,
    imported_at TEXT NOT NULL,
    is_latest INTEGER NOT NULL DEFAULT 1,   -- 0 once a newer version of its URL arrives
    indexed INTEGER NOT NULL DEFAULT 0      -- 1 once the index holds its current state
);
CREATE INDEX IF NOT EXISTS pages_url ON pages(url);
CREATE INDEX IF NOT EXISTS pages_unindexed ON pages(indexed) WHERE indexed = 0;
CREATE TABLE IF NOT EXISTS origins (
    page_id INTEGER NOT NULL REFERENCES pages(id),
    origin TEXT NOT NULL,     -- file path, archive member (a.zip!b/c.html) or URL
    seen_at TEXT NOT NULL,
    PRIMARY KEY (page_id, origin)
);
CREATE TABLE IF NOT EXISTS snippets (
    id INTEGER PRIMARY KEY,
    norm TEXT NOT NULL UNIQUE,  -- NFKC text without whitespace: one row per distinct snippet
    text TEXT NOT NULL,         -- as first seen
    indexed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS page_snippets (
    page_id INTEGER NOT NULL REFERENCES pages(id),
    position INTEGER NOT NULL,
    snippet_id INTEGER NOT NULL REFERENCES snippets(id),
    url TEXT,
    PRIMARY KEY (page_id, position)
);
CREATE INDEX IF NOT EXISTS page_snippets_snippet ON page_snippets(snippet_id);
-- Works (indexer.works): which pages carry the same paper. Derived from the records, like
-- the index: ``reindex --reparse`` assigns them again.
CREATE TABLE IF NOT EXISTS page_works (
    page_id INTEGER PRIMARY KEY REFERENCES pages(id),
    work_id INTEGER NOT NULL,   -- the id of the work's first page
    title_key TEXT NOT NULL,    -- folded title, letters and digits only
    opening TEXT NOT NULL       -- folded opening (abstract, else body), letters and digits only
);
CREATE INDEX IF NOT EXISTS page_works_work ON page_works(work_id);
CREATE TABLE IF NOT EXISTS work_bands (   -- MinHash band keys of each work's copies
    band INTEGER NOT NULL,
    work_id INTEGER NOT NULL,
    PRIMARY KEY (band, work_id)
) WITHOUT ROWID;
-- Other-literature snippets grouped and resolved (indexer.works): the folded text, the
-- group of snippets that are one text cut at other lengths, the work it is the opening of.
CREATE TABLE IF NOT EXISTS snippet_keys (
    snippet_id INTEGER PRIMARY KEY REFERENCES snippets(id),
    key TEXT NOT NULL,
    grp INTEGER NOT NULL,       -- the id of the group's first snippet
    work_id INTEGER             -- NULL: no archived work opens with it (yet)
);
CREATE INDEX IF NOT EXISTS snippet_keys_key ON snippet_keys(key);
CREATE INDEX IF NOT EXISTS snippet_keys_grp ON snippet_keys(grp);
CREATE INDEX IF NOT EXISTS snippet_keys_work ON snippet_keys(work_id);
CREATE INDEX IF NOT EXISTS page_works_opening ON page_works(opening);
CREATE TABLE IF NOT EXISTS rejected (
    origin TEXT PRIMARY KEY,  -- rejected again on a re-run: one row, latest reason
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

_WS = re.compile(r"\s+")


STAGED = 2   # ``indexed`` of rows in an index batch not yet committed (see Archive.stage)
# What a page's indexed form needs: the page, and its work (indexer.works).
_INDEX_COLUMNS = ("id, is_latest, status, record, url, final_url,"
                  " (SELECT work_id FROM page_works WHERE page_id = pages.id) AS work_id")
# What a snippet's indexed form needs: its text, and its group and work (indexer.works).
_SNIPPET_COLUMNS = ("id, text, (SELECT grp FROM snippet_keys WHERE snippet_id = snippets.id) AS grp,"
                    " (SELECT work_id FROM snippet_keys WHERE snippet_id = snippets.id) AS work_id")
_INDEXABLE = "is_latest = 1 AND status = 'parsed'"                   # the pages the index holds


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def snippet_key(text: str) -> str:
    """Two snippets are the same when they read the same: NFKC, no whitespace."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def default_home() -> Path:
    """WENYUAN_HOME, else the per-user data folder."""
    env = os.environ.get("WENYUAN_HOME")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "wenyuan"


CATALOG = "catalog.sqlite"


def _out_of_room(home: Path) -> bool:
    """Whether the file system holding ``home`` has (next to) no space left for us."""
    try:
        return shutil.disk_usage(home if home.exists() else home.parent).free < 1 << 20
    except OSError:
        return False


def no_archive_message(home: str | Path) -> str:
    return f"no archive at {home}: import pages first: wenyuan import DIR (or crawl: wenyuan crawl URL)"


def page_status(record: Record | None) -> str:
    """The catalog status of a page with this record (None: the parser gave up on it)."""
    if record is None:
        return "failed"
    return "not_article" if record.not_article else "parsed"


def not_article_reason(record: Record | None) -> str | None:
    return f"not an article: {record.not_article}" if record is not None and record.not_article else None


@dataclass
class StoredPage:
    id: int
    sha256: str
    size: int
    url: str | None
    final_url: str | None
    http_status: int | None
    headers: dict | None
    form: str | None
    encoding: str | None
    status: str
    error: str | None
    record: Record | None
    imported_at: str
    is_latest: bool
    origins: list[str]


@dataclass
class PutResult:
    page_id: int
    outcome: str   # "new" | "duplicate" | "new_version"


class Blobs:
    """Raw page bytes, zlib-compressed, one file per SHA-256. Safe to write from many processes:
    a blob appears under its final name only complete (write to a temporary name, rename)."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha[2:4] / f"{sha}.z"

    def write(self, sha: str, data: bytes) -> None:
        path = self.path(sha)
        if path.exists():
            return
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(zlib.compress(data, 6))
            os.replace(tmp, path)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            if e.errno in (errno.ENOSPC, errno.EDQUOT):
                raise   # a full disk, wherever it strikes, is the CLI's one "disk is full" line
            raise StoreError(f"cannot write to the archive at {self.root.parent}: {e.strerror or e}") from None

    def read(self, sha: str, what: str) -> bytes:
        try:
            data = zlib.decompress(self.path(sha).read_bytes())
        except OSError as e:   # the reason, never the path: errors reach HTTP clients
            raise StoreError(f"the raw bytes of {what} are missing or unreadable ({e.strerror or 'error'})") from None
        except zlib.error:
            raise StoreError(f"the raw bytes of {what} are damaged (not valid compressed data)") from None
        if hashlib.sha256(data).hexdigest() != sha:
            raise StoreError(f"the raw bytes of {what} do not match their checksum")
        return data


def _open_readonly(catalog: Path, home: Path) -> sqlite3.Connection:
    """The catalog opened for reading only.

    A WAL database opened read-only still needs its shared-memory file (-shm) beside
    it, which SQLite creates when it is missing; in a folder nobody may write to (a
    read-only mount, an archive owned by another user) that fails with "unable to open
    database file". Then the catalog is opened immutable: no writer can be changing it
    there either.
    """
    uri = "file:" + pathname2url(str(catalog.resolve()))
    error: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(f"{uri}?{options}", uri=True, timeout=30, check_same_thread=False)
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error:
                db.close()
                raise
        except sqlite3.Error as e:
            error = e
            continue
        db.row_factory = sqlite3.Row
        return db
    raise StoreError(f"cannot open the archive at {home}: {error}")


class Archive:
    """One home folder: blobs + catalog. Open it with ``Archive.open(home)``."""

    def __init__(self, home: Path, db: sqlite3.Connection):
        self.home = home
        self.db = db
        self.blobs = Blobs(home / "blobs")

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, home: str | Path | None = None, *, create: bool = True, readonly: bool = False) -> "Archive":
        """Open (or create) the archive at ``home``.

        ``readonly`` opens the catalog for reading only, touching nothing: readers (the
        HTTP server, `search`) then never wait behind a writer for the schema script.
        """
        home = Path(home) if home else default_home()
        catalog = home / CATALOG
        if not catalog.exists() and (not create or readonly):
            raise StoreError(no_archive_message(home))
        if readonly:
            return cls(home, _open_readonly(catalog, home))
        try:
            home.mkdir(parents=True, exist_ok=True)
            (home / "blobs").mkdir(exist_ok=True)
            db = sqlite3.connect(catalog, timeout=30, isolation_level=None, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.executescript(_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except (OSError, sqlite3.Error) as e:
            if home.is_dir() and not os.access(home, os.W_OK):
                raise StoreError(f"the archive at {home} is read-only here: this command writes to it "
                                 f"(search, show, stats, export and serve only read)") from None
            if _out_of_room(home):
                # SQLite says "disk I/O error" when it cannot grow its shared-memory file on
                # a full disk: say what it is, as every other write on a full disk does.
                raise OSError(errno.ENOSPC, f"no space left to open the archive at {home}") from e
            raise StoreError(f"cannot open the archive at {home}: {e}") from None
        return cls(home, db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @contextmanager
    def writer_lock(self, on_wait=None) -> Iterator[None]:
        """Hold the single-writer lock; ``on_wait(pid)`` is called once if we must wait."""
        path = self.home / "writer.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait:
                    other = os.pread(fd, 32, 0).decode("ascii", "ignore").strip()
                    on_wait(other or "?")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            _HELD_LOCKS[fd] = os.getpid()
            yield
        finally:
            _HELD_LOCKS.pop(fd, None)
            os.close(fd)   # closing releases the lock (and the kernel does so on kill -9)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # ------------------------------------------------------------------ blobs
    def blob_path(self, sha: str) -> Path:
        return self.blobs.path(sha)

    def raw(self, page_id: int) -> bytes:
        row = self.db.execute("SELECT sha256 FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no page with id {page_id}")
        return self.blobs.read(row["sha256"], f"page {page_id}")

    # ------------------------------------------------------------------ pages
    def put_page(self, db: sqlite3.Connection, *, sha: str, size: int, origin: str,
                 record: Record | None, form: str | None, url: str | None, error: str | None = None,
                 final_url: str | None = None, http_status: int | None = None,
                 headers: dict | None = None) -> PutResult:
        """Catalog one page (inside ``transaction()``); its blob must already be written.

        Identical bytes are stored once: a second origin of the same bytes is a duplicate.
        """
        at = now()
        existing = db.execute("SELECT id FROM pages WHERE sha256 = ?", (sha,)).fetchone()
        if existing:
            db.execute("INSERT OR IGNORE INTO origins VALUES (?, ?, ?)", (existing["id"], origin, at))
            return PutResult(existing["id"], "duplicate")
        if not self.blob_path(sha).exists():
            raise StoreError(f"internal error: blob {sha} was not written before its catalog row")
        outcome = "new"
        if url:
            older = db.execute("SELECT id FROM pages WHERE url = ? AND is_latest = 1", (url,)).fetchall()
            if older:
                outcome = "new_version"
                db.executemany("UPDATE pages SET is_latest = 0, indexed = 0 WHERE id = ?",
                               [(r["id"],) for r in older])
        rec_json = json.dumps(record.to_dict(), ensure_ascii=False) if record else None
        cur = db.execute(
            "INSERT INTO pages (sha256, size, url, final_url, http_status, headers, form, encoding,"
            " status, error, record, title, source, citations, imported_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (sha, size, url, final_url, http_status,
             json.dumps(headers, ensure_ascii=False) if headers else None, form,
             record.encoding if record else None, page_status(record), error or not_article_reason(record),
             rec_json,
             record.title if record else None, record.source if record else None,
             record.citations if record else None, at))
        page_id = cur.lastrowid
        assert page_id is not None
        db.execute("INSERT OR IGNORE INTO origins VALUES (?, ?, ?)", (page_id, origin, at))
        if record:
            self._link_snippets(db, page_id, record)
        return PutResult(page_id, outcome)

    def _link_snippets(self, db: sqlite3.Connection, page_id: int, record: Record) -> None:
        db.execute("DELETE FROM page_snippets WHERE page_id = ?", (page_id,))
        for pos, item in enumerate(record.related):
            key = snippet_key(item.text)
            if not key:
                continue
            cur = db.execute("INSERT OR IGNORE INTO snippets (norm, text) VALUES (?, ?)", (key, item.text))
            if cur.rowcount:
                sid = cur.lastrowid   # new: indexed = 0 by default
            else:
                # Known already. Its index document does not list its pages (search finds
                # them through the articles: indexer.documents), so it need not be re-indexed.
                sid = db.execute("SELECT id FROM snippets WHERE norm = ?", (key,)).fetchone()["id"]
            db.execute("INSERT OR REPLACE INTO page_snippets VALUES (?, ?, ?, ?)",
                       (page_id, pos, sid, item.url))

    def set_record(self, db: sqlite3.Connection, page_id: int, record: Record | None, form: str | None,
                   error: str | None) -> None:
        """Replace a page's parsed record (reparse)."""
        db.execute(
            "UPDATE pages SET record = ?, form = ?, encoding = ?, status = ?, error = ?, title = ?,"
            " source = ?, citations = ?, indexed = 0 WHERE id = ?",
            (json.dumps(record.to_dict(), ensure_ascii=False) if record else None, form,
             record.encoding if record else None, page_status(record), error or not_article_reason(record),
             record.title if record else None, record.source if record else None,
             record.citations if record else None, page_id))
        if record:
            self._link_snippets(db, page_id, record)
        else:
            db.execute("DELETE FROM page_snippets WHERE page_id = ?", (page_id,))

    def add_rejected(self, db: sqlite3.Connection, origin: str, reason: str) -> None:
        db.execute("INSERT OR REPLACE INTO rejected (origin, reason, at) VALUES (?, ?, ?)",
                   (origin, reason, now()))

    def _stored(self, row: sqlite3.Row) -> StoredPage:
        origins = [r["origin"] for r in self.db.execute(
            "SELECT origin FROM origins WHERE page_id = ? ORDER BY seen_at, origin", (row["id"],))]
        return StoredPage(
            id=row["id"], sha256=row["sha256"], size=row["size"], url=row["url"],
            final_url=row["final_url"], http_status=row["http_status"],
            headers=json.loads(row["headers"]) if row["headers"] else None, form=row["form"],
            encoding=row["encoding"], status=row["status"], error=row["error"],
            record=Record.from_dict(json.loads(row["record"])) if row["record"] else None,
            imported_at=row["imported_at"], is_latest=bool(row["is_latest"]), origins=origins)

    def page(self, page_id: int) -> StoredPage:
        row = self.db.execute("SELECT * FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no page with id {page_id}")
        return self._stored(row)

    def snippet(self, snippet_id: int) -> str:
        """A snippet's text (as first seen)."""
        row = self.db.execute("SELECT text FROM snippets WHERE id = ?", (snippet_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no snippet with id {snippet_id}")
        return row["text"]

    def iter_pages(self, *, latest_only: bool = False) -> Iterator[StoredPage]:
        sql = "SELECT * FROM pages" + (" WHERE is_latest = 1" if latest_only else "") + " ORDER BY id"
        for row in self.db.execute(sql).fetchall():
            yield self._stored(row)

    def related_of(self, page_id: int) -> list[dict]:
        """A page's other-literature items, in order, each with its snippet id and the
        page it cites (the first latest copy of the work it is the opening of), if any."""
        return [dict(r) for r in self.db.execute(
            "SELECT ps.position, ps.snippet_id, s.text, ps.url, (SELECT MIN(pw.page_id) FROM snippet_keys k"
            " JOIN page_works pw ON pw.work_id = k.work_id JOIN pages p ON p.id = pw.page_id"
            " WHERE k.snippet_id = s.id AND p.is_latest = 1 AND p.status = 'parsed') AS cites"
            " FROM page_snippets ps JOIN snippets s ON s.id = ps.snippet_id WHERE ps.page_id = ?"
            " ORDER BY ps.position", (page_id,))]

    def pages_of_snippet(self, snippet_id: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT ps.page_id FROM page_snippets ps JOIN pages p ON p.id = ps.page_id"
            " WHERE ps.snippet_id = ? AND p.is_latest = 1 ORDER BY ps.page_id", (snippet_id,))]

    # ------------------------------------------------------------------ index state
    # The ``indexed`` column says where each row stands: 0 its indexed form is out of
    # date, STAGED in a batch not yet committed to the index, 1 indexed as it is.

    def reset_staged(self) -> None:
        """Rows a crashed index sync had staged were never committed: mark them unindexed."""
        with self.transaction() as tx:
            tx.execute("UPDATE pages SET indexed = 0 WHERE indexed = ?", (STAGED,))
            tx.execute("UPDATE snippets SET indexed = 0 WHERE indexed = ?", (STAGED,))

    def unindexed(self) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        """The pages (id, is_latest, status, work_id) and snippets (id, text) the index is behind on."""
        pages = self.db.execute(
            "SELECT id, is_latest, status, (SELECT work_id FROM page_works WHERE page_id = pages.id) AS work_id"
            " FROM pages WHERE indexed = 0 ORDER BY id").fetchall()
        snippets = self.db.execute(f"SELECT {_SNIPPET_COLUMNS} FROM snippets WHERE indexed = 0 ORDER BY id").fetchall()
        return pages, snippets

    def index_row(self, page_id: int) -> sqlite3.Row:
        """What a page's indexed form is made from (_INDEX_COLUMNS)."""
        return self.db.execute(f"SELECT {_INDEX_COLUMNS} FROM pages WHERE id = ?", (page_id,)).fetchone()

    def indexable_pages(self) -> Iterator[sqlite3.Row]:
        """index_row of every latest parsed page, in id order."""
        return self.db.execute(f"SELECT {_INDEX_COLUMNS} FROM pages WHERE {_INDEXABLE} ORDER BY id")

    # ------------------------------------------------------------------ works
    def pages_without_work(self, *, all_pages: bool = False) -> list[sqlite3.Row]:
        """Parsed pages no work has been given yet (indexer.works), in page order: among
        the pages the index is behind on, or (``all_pages``) among every page."""
        where = "" if all_pages else " AND p.indexed = 0"
        return self.db.execute(
            "SELECT p.id, p.url, p.final_url, p.record FROM pages p LEFT JOIN page_works pw ON pw.page_id = p.id"
            f" WHERE pw.page_id IS NULL AND p.status = 'parsed'{where} ORDER BY p.id").fetchall()

    def work_of(self, page_id: int) -> int | None:
        row = self.db.execute("SELECT work_id FROM page_works WHERE page_id = ?", (page_id,)).fetchone()
        return row[0] if row else None

    def snippet_work(self, snippet_id: int) -> int | None:
        """The work a snippet is the opening of (indexer.works), if any."""
        row = self.db.execute("SELECT work_id FROM snippet_keys WHERE snippet_id = ?", (snippet_id,)).fetchone()
        return row[0] if row else None

    def citing_snippets(self, work_id: int, limit: int = 50) -> list[sqlite3.Row]:
        """The snippets (id, text) resolved to a work that a latest page shows, in id order."""
        return self.db.execute(
            "SELECT s.id, s.text FROM snippet_keys k JOIN snippets s ON s.id = k.snippet_id WHERE k.work_id = ?"
            " AND EXISTS (SELECT 1 FROM page_snippets ps JOIN pages p ON p.id = ps.page_id"
            " WHERE ps.snippet_id = s.id AND p.is_latest = 1) ORDER BY s.id LIMIT ?", (work_id, limit)).fetchall()

    def copies(self, work_id: int) -> list[int]:
        """The latest pages of a work, in page order."""
        return [r[0] for r in self.db.execute(
            "SELECT pw.page_id FROM page_works pw JOIN pages p ON p.id = pw.page_id"
            " WHERE pw.work_id = ? AND p.is_latest = 1 AND p.status = 'parsed' ORDER BY pw.page_id",
            (work_id,))]

    def all_snippets(self) -> list[sqlite3.Row]:
        return self.db.execute(f"SELECT {_SNIPPET_COLUMNS} FROM snippets ORDER BY id").fetchall()

    def count_indexable(self) -> tuple[int, int]:
        """(latest parsed pages, snippets): what a rebuild goes through."""
        q = self.db.execute
        return (q(f"SELECT count(*) FROM pages WHERE {_INDEXABLE}").fetchone()[0],
                q("SELECT count(*) FROM snippets").fetchone()[0])

    def stage(self, page_ids: list[int], snippet_ids: list[int]) -> None:
        """Mark rows as being in an index batch not yet committed."""
        with self.transaction() as tx:
            tx.executemany("UPDATE pages SET indexed = ? WHERE id = ?", [(STAGED, i) for i in page_ids])
            tx.executemany("UPDATE snippets SET indexed = ? WHERE id = ?", [(STAGED, i) for i in snippet_ids])

    def mark_indexed(self, page_ids: list[int], snippet_ids: list[int]) -> None:
        """Staged rows whose batch is committed: indexed. A row changed meanwhile (0 again) stays 0."""
        with self.transaction() as tx:
            tx.executemany("UPDATE pages SET indexed = 1 WHERE id = ? AND indexed = ?",
                           [(i, STAGED) for i in page_ids])
            tx.executemany("UPDATE snippets SET indexed = 1 WHERE id = ? AND indexed = ?",
                           [(i, STAGED) for i in snippet_ids])

    def mark_all_indexed(self) -> None:
        """After a rebuild from the whole catalog."""
        with self.transaction() as tx:
            tx.execute("UPDATE pages SET indexed = 1 WHERE indexed != 1")
            tx.execute("UPDATE snippets SET indexed = 1 WHERE indexed != 1")

    def stats(self, top_sources: int | None = 50) -> dict:
        """Figures about the archive; ``sources`` holds the ``top_sources`` biggest (None: all)."""
        q = self.db.execute

        def count(sql: str) -> int:
            return q(sql).fetchone()[0]

        return {
            "pages": count("SELECT COUNT(*) FROM pages"),
            "latest_pages": count("SELECT COUNT(*) FROM pages WHERE is_latest = 1"),
            "records": count("SELECT COUNT(*) FROM pages WHERE status = 'parsed'"),
            "failed": count("SELECT COUNT(*) FROM pages WHERE status = 'failed'"),
            "not_articles": count("SELECT COUNT(*) FROM pages WHERE status = 'not_article'"),
            "snippets": count("SELECT COUNT(*) FROM snippets"),
            **self._work_stats(),
            "rejected": count("SELECT COUNT(*) FROM rejected"),
            "bytes": count("SELECT COALESCE(SUM(size), 0) FROM pages"),
            "sources": {r[0]: r[1] for r in q(
                "SELECT source, COUNT(*) FROM pages WHERE source IS NOT NULL AND is_latest = 1"
                " GROUP BY source ORDER BY COUNT(*) DESC, source LIMIT ?", (top_sources or -1,))},
            "encodings": {r[0]: r[1] for r in q(
                "SELECT encoding, COUNT(*) FROM pages WHERE encoding IS NOT NULL"
                " GROUP BY encoding ORDER BY COUNT(*) DESC")},
            "forms": {r[0]: r[1] for r in q(
                "SELECT form, COUNT(*) FROM pages WHERE form IS NOT NULL GROUP BY form ORDER BY form")},
        }

    def _work_stats(self) -> dict:
        """Works among the latest parsed pages: how many, how many have several copies,
        the most copies one has; and the snippets resolved to a work."""
        row = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(n > 1), 0), COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n"
            " FROM page_works pw JOIN pages p ON p.id = pw.page_id"
            " WHERE p.is_latest = 1 AND p.status = 'parsed' GROUP BY pw.work_id)").fetchone()
        resolved = self.db.execute("SELECT COUNT(*) FROM snippet_keys WHERE work_id IS NOT NULL").fetchone()[0]
        return {"works": row[0], "works_with_copies": row[1], "most_copies": row[2],
                "snippets_resolved": resolved}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def wait_message(pid: str) -> str:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return (f"the last writer (pid {pid}) is gone, but a process it started still holds the lock; "
                "waiting for it to exit…")
    except PermissionError:
        pass
    return f"another wenyuan process (pid {pid}) is writing to this archive; waiting for it to finish…"


# The writer lock's descriptors held by this process. flock locks belong to the open file,
# which a forked child shares: a child must drop its copy, or it holds the lock on after a
# kill -9 of its parent.
_HELD_LOCKS: dict[int, int] = {}   # descriptor → pid of the process that took the lock


def release_inherited_locks() -> None:
    """Call first thing in a forked child: drop the inherited writer lock, and ask the
    kernel to end this child when its parent dies (Linux), so nothing outlives a kill -9.
    In the process that took the lock (a worker run inline) it does nothing."""
    inherited = [fd for fd, pid in _HELD_LOCKS.items() if pid != os.getpid()]
    if not inherited:
        return
    for fd in inherited:
        try:
            os.close(fd)
        except OSError:
            pass
        del _HELD_LOCKS[fd]
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
        if os.getppid() == 1:           # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass
