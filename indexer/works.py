"""Works: the pages of an archive that carry the same paper.

Collectors get one paper many times: from several doc-share sites, as HTML and as a
text copy, in traditional and in simplified characters, as new versions of one URL.
Each such page is a *copy* of one *work*. Two pages are copies of one work when, after
folding (indexer.text.fold: traditional → simplified, full-width → half-width, case),
with everything but letters and digits left out:

- their titles agree: equal, one the other cut short (at least ``TITLE_PREFIX_SHARE``
  of it), or all but a few characters alike (difflib's ratio ≥ ``TITLE_SIMILAR``) with
  the same numbers; and
- their openings agree: the first ``OPENING_CHARS`` of the abstract (of the body when
  the abstract is too short to say) share ≥ ``OPENING_SIMILAR`` of their character
  3-grams, over the shorter one's length (one site shows a longer opening).

Both, always: a title alone merges distinct papers called 浅谈…, an opening alone
merges papers sharing a template (a conference's abstract form, a bare 引言).

Finding the candidates must not compare a page with every other: a MinHash of the
3-grams of the opening's first ``BAND_CHARS`` (datasketch) is cut into ``BANDS`` bands, and the catalog keeps each
work's band keys (``work_bands``, a B-tree), so the works sharing a band with a new page
are a few index lookups away whatever the archive's size (locality-sensitive hashing:
two openings with Jaccard 0.8 share a band with probability 0.9998, with 0.7 0.995,
with 0.3 only 0.28; a false candidate costs one check).
Each candidate is then checked with the rule above against a few of its copies kept in
``page_works`` (copies of one work agree with each other). Works that share the page's
title but no band are not candidates: their openings disagree, as with 浅谈… papers, and
checking them all would cost most where a title is most common.

A work's id is its first page's id; a page joins the work of its best-agreeing
candidate, or founds its own. Works never merge, so a page's work never changes once
given: its index document carries it from the start (indexer.sync assigns works before
it stages pages), and a kill -9 anywhere leaves pages either assigned or not, never
half. The pages without one are assigned, in page order, by the next sync.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from archive.record import Record
from archive.store import Archive
from indexer.text import fold

OPENING_CHARS = 300     # how much of the opening is compared
BAND_CHARS = 100        # how much of it the band keys are made of
MIN_OPENING = 30        # an opening shorter than this says nothing: no work is shared
MIN_ABSTRACT = 30       # an abstract this long is the opening, else the body is
SHINGLE = 3
NUM_PERM = 36
BANDS, ROWS = 12, 3     # BANDS * ROWS == NUM_PERM
TITLE_PREFIX_SHARE = 0.6
MIN_TITLE = 4
TITLE_SIMILAR = 0.9
OPENING_SIMILAR = 0.6
CANDIDATE_WORKS = 24    # works checked per page, most bands shared first
MEMBERS_CHECKED = 3     # copies of a candidate work checked against the page, newest first
BAND_ROWS = 200         # works read per band key (a band shared by thousands says little)

_NOT_WORDLIKE = re.compile(r"[\W_]+")
_NUMBERS = re.compile(r"[0-9]+|[一二三四五六七八九十百千]+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a page is compared on: its folded title and opening, and the band keys."""
    title: str
    opening: str
    bands: tuple[int, ...]


def folded_key(text: str | None) -> str:
    """Folded, with only letters and digits (any script) kept."""
    return _NOT_WORDLIKE.sub("", fold(text or ""))


def opening_of(record: Record) -> str:
    abstract = folded_key(record.abstract)
    if len(abstract) >= MIN_ABSTRACT:
        return abstract[:OPENING_CHARS]
    return folded_key((record.body or "")[:OPENING_CHARS * 3])[:OPENING_CHARS]


_MASK = np.uint64(0xFFFFFFFF)


@lru_cache(maxsize=4096)
def _shingles(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of the text's character 3-grams, sorted: a 3-gram is
    its three code points mixed (a multiply-xorshift), all at once in numpy rather than
    a hash call per 3-gram. Memoized: a work's copies are checked against page after
    page (the arrays are only read)."""
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if cps.size < SHINGLE:
        cps = np.concatenate([cps, np.zeros(SHINGLE - cps.size, dtype=np.uint64)])
    h = (cps[:-2] * np.uint64(0x9E3779B1) + cps[1:-1] * np.uint64(0x85EBCA77) + cps[2:]) & _MASK
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(0x2C1B3C6D)) & _MASK
    h ^= h >> np.uint64(12)
    return np.unique(h)


# The catalog keeps band keys: every one of these must stay as it is, or the works of an
# archive stop finding their new copies (a change needs `reindex --reparse`).
_SCHEME = "affine32"


def _as_is(value: int) -> int:
    return value   # the 3-grams come hashed already (_shingles)


def preload() -> None:
    """Import datasketch (half a second: it pulls in scipy) in this process, so that
    the import workers forked from it do not each pay for it again."""
    _permutations()


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=_SCHEME, hashfunc=_as_is).permutations


def band_keys(opening: str) -> tuple[int, ...]:
    """The opening's MinHash, cut into BANDS band keys (signed 64-bit, for SQLite)."""
    from datasketch import MinHash
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=_SCHEME, hashfunc=_as_is, permutations=_permutations())
    m.update_batch(_shingles(opening).tolist())
    values = m.hashvalues
    keys = []
    for band in range(BANDS):
        blob = bytes([band]) + values[band * ROWS:(band + 1) * ROWS].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(blob, digest_size=8).digest(), "big", signed=True))
    return tuple(keys)


def fingerprint(record: Record | None) -> Fingerprint | None:
    """The page's fingerprint, or None when it cannot share a work (no title, no
    opening worth comparing, not an article)."""
    if record is None or record.not_article:
        return None
    title = folded_key(record.title)
    opening = opening_of(record)
    if len(title) < MIN_TITLE or len(opening) < MIN_OPENING:
        return Fingerprint(title, opening, ())
    # The bands hash the opening's start only: one copy's opening may be its abstract, cut
    # short, another's its body, which runs on past the abstract.
    return Fingerprint(title, opening, band_keys(opening[:BAND_CHARS]))


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not a.size or not b.size:
        return 0.0
    both = np.intersect1d(a, b, assume_unique=True).size
    return both / (a.size + b.size - both)


def titles_agree(a: str, b: str) -> bool:
    if len(a) < MIN_TITLE or len(b) < MIN_TITLE:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if long_.startswith(short) and len(short) >= TITLE_PREFIX_SHARE * len(long_):
        return True
    # A few characters apart: a character one site's encoding lost, a typo. Not a
    # number: 2019年…报告 and 2020年…报告, 第1篇 and 第2篇 are other papers.
    if _NUMBERS.findall(a) != _NUMBERS.findall(b):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= TITLE_SIMILAR


def opening_agreement(a: str, b: str) -> float:
    """Shared 3-grams of the two openings over the shorter one's length (0 when either
    is too short to say)."""
    n = min(len(a), len(b))
    if n < MIN_OPENING:
        return 0.0
    return _jaccard(_shingles(a[:n]), _shingles(b[:n]))


def same_work(a: Fingerprint, b: Fingerprint) -> float:
    """How well two pages agree as copies of one paper: 0 when they are not."""
    if not titles_agree(a.title, b.title):
        return 0.0
    agreement = opening_agreement(a.opening, b.opening)
    return agreement if agreement >= OPENING_SIMILAR else 0.0


# ---- the catalog's works ---------------------------------------------------------------

def _candidates(db: sqlite3.Connection, fp: Fingerprint) -> list[int]:
    shared: dict[int, int] = {}
    for key in fp.bands:
        for (work,) in db.execute("SELECT work_id FROM work_bands WHERE band = ? LIMIT ?", (key, BAND_ROWS)):
            shared[work] = shared.get(work, 0) + 1
    return sorted(shared, key=lambda w: (-shared[w], w))[:CANDIDATE_WORKS]


def _work_for(db: sqlite3.Connection, page_id: int, url: str | None, fp: Fingerprint) -> int:
    """The work ``page_id`` joins (its own id when it founds one)."""
    if url:
        # A new version of a URL stays in its older version's work when either its
        # title or its opening still agrees (a site may reuse a URL for another paper).
        row = db.execute(
            "SELECT pw.work_id, pw.title_key, pw.opening FROM pages p JOIN page_works pw ON pw.page_id = p.id"
            " WHERE p.url = ? AND p.id < ? ORDER BY p.id DESC LIMIT 1", (url, page_id)).fetchone()
        if row and (titles_agree(fp.title, row[1]) or opening_agreement(fp.opening, row[2]) >= OPENING_SIMILAR):
            return row[0]
    if not fp.bands:
        return page_id
    best, best_work = 0.0, page_id
    for work in _candidates(db, fp):
        for title, opening in db.execute(
                "SELECT title_key, opening FROM page_works WHERE work_id = ? ORDER BY page_id DESC LIMIT ?",
                (work, MEMBERS_CHECKED)):
            score = same_work(fp, Fingerprint(title, opening, ()))
            if score > best or (score == best and score and work < best_work):
                best, best_work = score, work
    return best_work


def assign(db: sqlite3.Connection, page_id: int, url: str | None, fp: Fingerprint) -> int:
    """Give one page its work (inside a transaction); returns the work's id."""
    work = _work_for(db, page_id, url, fp)
    db.execute("INSERT OR REPLACE INTO page_works (page_id, work_id, title_key, opening) VALUES (?, ?, ?, ?)",
               (page_id, work, fp.title, fp.opening))
    db.executemany("INSERT OR IGNORE INTO work_bands (band, work_id) VALUES (?, ?)",
                   [(key, work) for key in fp.bands])
    return work


def assign_works(archive: Archive, fingerprints: dict[int, Fingerprint | None] | None = None,
                 *, all_pages: bool = False, progress=None) -> list[int]:
    """Give every parsed page the index is behind on (``all_pages``: every parsed page)
    that has no work yet its work, in page order, in one transaction. ``fingerprints``
    holds those an import's workers computed already; the rest are computed from the
    catalog's records. Returns the pages assigned."""
    fingerprints = fingerprints or {}
    rows = archive.pages_without_work(all_pages=all_pages)
    if not rows:
        return []
    with archive.transaction() as db:
        for k, row in enumerate(rows):
            fp = fingerprints.get(row["id"])
            if fp is None:
                fp = fingerprint(Record.from_dict(json.loads(row["record"]))) or Fingerprint("", "", ())
            assign(db, row["id"], row["url"] or row["final_url"], fp)
            if progress and not k % 1000:
                progress(k, len(rows))
    return [row["id"] for row in rows]


def reassign_all(archive: Archive, progress=None) -> int:
    """Forget every work and snippet resolution and make them again (after a re-parse
    changed records)."""
    with archive.transaction() as db:
        db.execute("DELETE FROM page_works")
        db.execute("DELETE FROM work_bands")
        db.execute("DELETE FROM snippet_keys")
    assigned = assign_works(archive, all_pages=True, progress=progress)
    resolve_snippets(archive)
    return len(assigned)


def keep_current(archive: Archive, fingerprints: dict[int, Fingerprint | None] | None = None,
                 *, all_pages: bool = False) -> None:
    """Works for the pages without one, then the new snippets grouped and resolved, and
    the snippets waiting for those pages resolved (what every index sync runs first)."""
    resolve_snippets(archive, assign_works(archive, fingerprints, all_pages=all_pages))


# ---- other-literature snippets: which work each one is the opening of ----------------
#
# A page's "其他文献" list shows other papers cut short: their abstract (or body) up to
# some length, often with an ellipsis. Snippets whose folded text is the same text cut
# at other lengths form one *group* (``snippet_keys.grp``: the id of its first snippet),
# so a search shows the group once, with its longest text. A snippet resolves to a work
# when its folded text is the opening of one of the work's copies, cut short (or all but
# a few characters of it: NEAR_PREFIX); the whole group then resolves with it, and search
# folds it into the work's hit. Both lookups are range scans of an index on the folded
# text's first LOOKUP_CHARS characters, however large the archive.

MIN_SNIPPET = 15       # folded characters a snippet needs to join a group or resolve
LOOKUP_CHARS = 12      # the prefix both lookups agree on exactly
NEAR_PREFIX = 0.95     # difflib's ratio against the opening cut to the snippet's length
CANDIDATES = 50        # rows a lookup reads


def _prefix_range(key: str) -> tuple[str, str]:
    start = key[:LOOKUP_CHARS]
    return start, start + "\U0010ffff"


def is_opening_of(snippet: str, opening: str) -> bool:
    """Whether a snippet's folded text is ``opening`` (folded) cut short."""
    if len(snippet) < MIN_SNIPPET or len(opening) < MIN_SNIPPET:
        return False
    n = min(len(snippet), len(opening))   # an opening is kept to OPENING_CHARS
    if opening.startswith(snippet[:n]):
        return True
    return SequenceMatcher(None, snippet[:n], opening[:n], autojunk=False).ratio() >= NEAR_PREFIX


def _opening_work(db: sqlite3.Connection, key: str) -> int | None:
    """The work one of whose latest copies opens with ``key``, the lowest id first."""
    lo, hi = _prefix_range(key)
    found = [work for work, opening in db.execute(
        "SELECT pw.work_id, pw.opening FROM page_works pw JOIN pages p ON p.id = pw.page_id"
        " WHERE pw.opening >= ? AND pw.opening < ? AND p.is_latest = 1 LIMIT ?", (lo, hi, CANDIDATES))
        if is_opening_of(key, opening)]
    return min(found) if found else None


def _group_of(db: sqlite3.Connection, snippet_id: int, key: str) -> tuple[int, int | None]:
    """(group, its work) for a new snippet: the group of a known snippet that is the same
    text cut at another length, else a group of its own."""
    lo, hi = _prefix_range(key)
    for okey, grp, work in db.execute(
            "SELECT key, grp, work_id FROM snippet_keys WHERE key >= ? AND key < ?"
            " ORDER BY snippet_id LIMIT ?", (lo, hi, CANDIDATES)):
        if len(okey) >= MIN_SNIPPET and (okey.startswith(key) or key.startswith(okey)):
            return grp, work
    return snippet_id, None


def _resolve_group(db: sqlite3.Connection, grp: int, work: int) -> None:
    db.execute("UPDATE snippet_keys SET work_id = ? WHERE grp = ? AND work_id IS NULL", (work, grp))
    # Their index documents now carry the work (indexer.sync).
    db.execute("UPDATE snippets SET indexed = 0 WHERE id IN (SELECT snippet_id FROM snippet_keys WHERE grp = ?)",
               (grp,))


def resolve_snippets(archive: Archive, new_pages: list[int] | tuple = ()) -> int:
    """Group and resolve the snippets not seen yet, and resolve the waiting snippets
    that the pages ``new_pages`` (just given their works) are the opening of. Returns
    the snippets that changed. One transaction."""
    changed = 0
    with archive.transaction() as db:
        # Snippet ids only grow: the new ones are past the last one keyed.
        rows = db.execute("SELECT id, text FROM snippets WHERE id > (SELECT COALESCE(MAX(snippet_id), 0)"
                          " FROM snippet_keys) ORDER BY id").fetchall()
        for sid, text in rows:
            key = folded_key(text)
            grp, work = _group_of(db, sid, key) if len(key) >= MIN_SNIPPET else (sid, None)
            db.execute("INSERT INTO snippet_keys (snippet_id, key, grp, work_id) VALUES (?, ?, ?, ?)",
                       (sid, key, grp, work))
            if work is None and len(key) >= MIN_SNIPPET:
                work = _opening_work(db, key)
                if work is not None:
                    _resolve_group(db, grp, work)
            changed += 1
        for page in new_pages:
            row = db.execute("SELECT work_id, opening FROM page_works WHERE page_id = ?", (page,)).fetchone()
            if row is None or len(row[1]) < MIN_SNIPPET:
                continue
            work, opening = row
            lo, hi = _prefix_range(opening)
            for key, grp in db.execute(
                    "SELECT key, grp FROM snippet_keys WHERE key >= ? AND key < ? AND work_id IS NULL"
                    " LIMIT ?", (lo, hi, CANDIDATES)).fetchall():
                if is_opening_of(key, opening):
                    _resolve_group(db, grp, work)
                    changed += 1
    return changed
