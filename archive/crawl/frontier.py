"""The crawl frontier, kept in the archive's catalog so a killed crawl can go on.

Tables (created beside the archive's own, in the same SQLite file)::

    crawl_runs     one row per crawl: seeds, scope, status running | finished | abandoned
    crawl_urls     one row per canonical URL a run has met:
                   queued → in_flight → done (a response was kept: stored, duplicate or
                   rejected by the parser) | failed (fetch error, robots, … with the reason)
    crawl_robots   robots.txt answers per site, reused for 24 hours

Every change that follows a fetch — the page row, the URL's new state, the links it
adds — is committed in one transaction, so a kill -9 at any instant leaves either all of
it or none. ``in_flight`` is committed before the request; a run resumed after a kill
puts those URLs back in the queue (their fetch never reached the catalog).

Starting a new crawl (not resuming) marks any unfinished run ``abandoned``: its rows
stay for inspection, but nothing continues it.
"""
from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..store import Archive, now
from .politeness import RobotsAnswer
from .urls import host_of

ROBOTS_TTL = 24 * 3600   # RFC 9309 §2.4: a cached robots.txt may be used for 24 hours

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,        -- running | finished | abandoned
    seeds TEXT NOT NULL,         -- JSON list of canonical seed URLs
    scope TEXT NOT NULL          -- JSON: depth, include, exclude, any_host, max_pages
);
CREATE TABLE IF NOT EXISTS crawl_urls (
    run_id INTEGER NOT NULL REFERENCES crawl_runs(id),
    url TEXT NOT NULL,           -- canonical
    raw_url TEXT NOT NULL,       -- as first found; the stored page's origin
    host TEXT NOT NULL,
    depth INTEGER NOT NULL,      -- 0 for seeds
    seq INTEGER NOT NULL,        -- discovery order: (depth, seq) is breadth-first order
    state TEXT NOT NULL,         -- queued | in_flight | done | failed
    reason TEXT,                 -- done: new | duplicate | new_version | rejected: …; failed: kind: message
    attempts INTEGER NOT NULL DEFAULT 0,
    page_id INTEGER,
    referrer TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (run_id, url)
);
CREATE INDEX IF NOT EXISTS crawl_urls_next ON crawl_urls(run_id, state, depth, seq);
CREATE TABLE IF NOT EXISTS crawl_robots (
    site TEXT PRIMARY KEY,       -- scheme://host[:port]
    status INTEGER NOT NULL,
    body BLOB NOT NULL,
    fetched_at REAL NOT NULL     -- epoch seconds
);
"""


@dataclass
class QueuedUrl:
    url: str
    raw_url: str
    host: str
    depth: int
    attempts: int


class Frontier:
    """One crawl run's URLs. Writes take the caller's transaction (``db``) unless noted."""

    def __init__(self, archive: Archive, run_id: int, seeds: list[str], scope: dict):
        self.archive = archive
        self.db = archive.db
        self.run_id = run_id
        self.seeds = seeds
        self.scope = scope
        self._seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM crawl_urls WHERE run_id = ?",
                                    (run_id,)).fetchone()[0]

    # ------------------------------------------------------------------ runs
    @staticmethod
    def ensure_schema(archive: Archive) -> None:
        archive.db.executescript(_SCHEMA)

    @classmethod
    def start(cls, archive: Archive, seeds: list[tuple[str, str]], scope: dict) -> Frontier:
        """A new run with ``seeds`` ((canonical, raw) pairs) queued; unfinished runs are abandoned."""
        cls.ensure_schema(archive)
        with archive.transaction() as db:
            db.execute("UPDATE crawl_runs SET status = 'abandoned', finished_at = ? WHERE status = 'running'",
                       (now(),))
            canon = [c for c, _ in seeds]
            run_id = db.execute(
                "INSERT INTO crawl_runs (started_at, status, seeds, scope) VALUES (?, 'running', ?, ?)",
                (now(), json.dumps(canon), json.dumps(scope))).lastrowid
            assert run_id is not None
            frontier = cls(archive, run_id, canon, scope)
            frontier.add(db, seeds, depth=0, referrer=None)
        return frontier

    @classmethod
    def resume(cls, archive: Archive) -> Frontier | None:
        """The latest unfinished run, its in-flight URLs queued again; None if there is none."""
        cls.ensure_schema(archive)
        with archive.transaction() as db:
            row = db.execute("SELECT * FROM crawl_runs WHERE status = 'running' ORDER BY id DESC LIMIT 1"
                             ).fetchone()
            if row is None:
                return None
            frontier = cls(archive, row["id"], json.loads(row["seeds"]), json.loads(row["scope"]))
            frontier.requeue_in_flight(db)
        return frontier

    def add_seeds(self, seeds: list[tuple[str, str]]) -> None:
        with self.archive.transaction() as db:
            self.add(db, seeds, depth=0, referrer=None)
            self.seeds = list(dict.fromkeys(self.seeds + [c for c, _ in seeds]))
            self.scope["hosts"] = sorted(set(self.scope["hosts"]) | {host_of(c) for c, _ in seeds})
            db.execute("UPDATE crawl_runs SET seeds = ?, scope = ? WHERE id = ?",
                       (json.dumps(self.seeds), json.dumps(self.scope), self.run_id))

    def add_host(self, host: str) -> None:
        """Widen the run's scope to ``host`` (where a seed redirected to)."""
        self.scope["hosts"] = sorted(set(self.scope["hosts"]) | {host})
        with self.archive.transaction() as db:
            db.execute("UPDATE crawl_runs SET scope = ? WHERE id = ?", (json.dumps(self.scope), self.run_id))

    def close(self, status: str = "finished") -> None:
        with self.archive.transaction() as db:
            db.execute("UPDATE crawl_runs SET status = ?, finished_at = ? WHERE id = ?",
                       (status, now(), self.run_id))

    # ------------------------------------------------------------------ URLs
    def add(self, db: sqlite3.Connection, urls: Iterable[tuple[str, str]], *, depth: int,
            referrer: str | None) -> int:
        """Queue (canonical, raw) URLs not met before; a queued URL found again nearer the
        seeds moves up to that depth. Returns how many are new."""
        added = 0
        at = now()
        for canon, raw in urls:
            self._seq += 1
            cur = db.execute(
                "INSERT INTO crawl_urls (run_id, url, raw_url, host, depth, seq, state, referrer, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)"
                " ON CONFLICT (run_id, url) DO UPDATE SET depth = excluded.depth, seq = excluded.seq"
                " WHERE state = 'queued' AND excluded.depth < depth",
                (self.run_id, canon, raw, host_of(canon), depth, self._seq, referrer, at))
            added += cur.rowcount > 0
        return added

    def candidates(self, skip_hosts: Iterable[str] = (), limit: int = -1) -> Iterator[QueuedUrl]:
        """Queued URLs in breadth-first order, leaving out the hosts in ``skip_hosts``."""
        skip = list(skip_hosts)
        sql = ("SELECT url, raw_url, host, depth, attempts FROM crawl_urls WHERE run_id = ? AND state = 'queued'"
               + (f" AND host NOT IN ({','.join('?' * len(skip))})" if skip else "")
               + " ORDER BY depth, seq LIMIT ?")
        for row in self.db.execute(sql, (self.run_id, *skip, limit)).fetchall():
            yield QueuedUrl(row["url"], row["raw_url"], row["host"], row["depth"], row["attempts"])

    def state_of(self, url: str) -> str | None:
        row = self.db.execute("SELECT state FROM crawl_urls WHERE run_id = ? AND url = ?",
                              (self.run_id, url)).fetchone()
        return row["state"] if row else None

    def page_of(self, url: str) -> int | None:
        row = self.db.execute("SELECT page_id FROM crawl_urls WHERE run_id = ? AND url = ?",
                              (self.run_id, url)).fetchone()
        return row["page_id"] if row else None

    def mark_in_flight(self, url: str) -> None:
        with self.archive.transaction() as db:
            self._set(db, url, "in_flight")

    def requeue_in_flight(self, db: sqlite3.Connection) -> None:
        """Queue again the URLs whose fetch never reached the catalog."""
        db.execute("UPDATE crawl_urls SET state = 'queued', updated_at = ? WHERE run_id = ?"
                   " AND state = 'in_flight'", (now(), self.run_id))

    def requeue(self, db: sqlite3.Connection, url: str, reason: str | None = None,
                count_attempt: bool = False) -> None:
        db.execute("UPDATE crawl_urls SET state = 'queued', reason = ?, attempts = attempts + ?,"
                   " updated_at = ? WHERE run_id = ? AND url = ?",
                   (reason, int(count_attempt), now(), self.run_id, url))

    def finish(self, db: sqlite3.Connection, url: str, state: str, reason: str,
               page_id: int | None = None) -> None:
        self._set(db, url, state, reason, page_id)

    def _set(self, db: sqlite3.Connection, url: str, state: str, reason: str | None = None,
             page_id: int | None = None) -> None:
        db.execute("UPDATE crawl_urls SET state = ?, reason = ?, page_id = ?, updated_at = ?"
                   " WHERE run_id = ? AND url = ?", (state, reason, page_id, now(), self.run_id, url))

    @staticmethod
    def failures(archive: Archive, run_id: int | None = None) -> tuple[int | None, list[tuple[str, str]]]:
        """The latest crawl run (or ``run_id``) and its failed URLs with their reasons, in the
        order they were found."""
        db = archive.db
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "crawl_runs" not in tables:
            return None, []
        if run_id is None:
            row = db.execute("SELECT max(id) FROM crawl_runs").fetchone()
            run_id = row[0] if row else None
            if run_id is None:
                return None, []
        rows = db.execute("SELECT raw_url, reason FROM crawl_urls WHERE run_id = ? AND state = 'failed' "
                          "ORDER BY depth, seq", (run_id,)).fetchall()
        return run_id, [(r[0], r[1] or "") for r in rows]

    def counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT state, COUNT(*) FROM crawl_urls WHERE run_id = ? GROUP BY state", (self.run_id,))}

    # ------------------------------------------------------------------ robots.txt cache
    def get_robots(self, site: str) -> RobotsAnswer | None:
        row = self.db.execute("SELECT status, body, fetched_at FROM crawl_robots WHERE site = ?",
                              (site,)).fetchone()
        if row is None or time.time() - row["fetched_at"] > ROBOTS_TTL:
            return None
        return RobotsAnswer(row["status"], bytes(row["body"]))

    def put_robots(self, site: str, answer: RobotsAnswer) -> None:
        assert answer.status is not None
        with self.archive.transaction() as db:
            db.execute("INSERT OR REPLACE INTO crawl_robots VALUES (?, ?, ?, ?)",
                       (site, answer.status, answer.body, time.time()))
