"""Re-parse stored raw pages with the current parser (the archive is the truth)."""
from __future__ import annotations

import json
import logging
import os
import time
import traceback
from collections.abc import Callable

from .errors import NotAPageError, StoreError
from .importer import TRACES_KEPT
from .page import parse_page
from .store import Archive, page_status

log = logging.getLogger(__name__)


def reparse_all(archive: Archive, damaged: list[tuple[int, str]] | None = None,
                progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Parse every stored page again; returns (records changed, pages that failed).

    A page whose stored bytes are missing or damaged keeps its record; it is appended to
    ``damaged`` as (page id, reason) and the others go on. So does a page the parser fails
    on (a bug): its traceback goes to ``HOME/reports/reparse-*.txt``. ``progress(done,
    total)`` is called after each batch of pages."""
    changed = failed = 0
    traces: list[tuple[int, str]] = []
    ids = [r[0] for r in archive.db.execute("SELECT id FROM pages ORDER BY id")]
    for start in range(0, len(ids), 200):
        if progress:
            progress(start, len(ids))
        with archive.transaction() as db:
            for page_id in ids[start:start + 200]:
                row = db.execute(
                    "SELECT p.id, p.record, p.status, p.headers, p.url, p.final_url,"
                    " (SELECT origin FROM origins o WHERE o.page_id = p.id"
                    " ORDER BY seen_at LIMIT 1) AS origin FROM pages p WHERE p.id = ?", (page_id,)).fetchone()
                try:
                    data = archive.raw(row["id"])
                except StoreError as e:
                    _skipped(damaged, row["id"], str(e))
                    failed += 1
                    continue
                headers = json.loads(row["headers"]) if row["headers"] else {}
                ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
                name = (row["origin"] or "").rsplit("!", 1)[-1]
                try:
                    parsed = parse_page(data, name=name, content_type=ctype, url=row["final_url"] or row["url"])
                    record, form, error = parsed.record, parsed.form, None
                except NotAPageError as e:
                    record, form, error = None, None, e.reason
                except Exception as e:  # noqa: BLE001 — one bad page must not stop a reparse
                    # A parser bug must not cost the page the record an earlier parser gave it.
                    reason = f"parser error: {type(e).__name__}: {e}; its record is kept as it was"
                    _skipped(damaged, row["id"], reason)
                    if len(traces) < TRACES_KEPT:
                        traces.append((row["id"], traceback.format_exc()[-8000:]))
                    failed += 1
                    continue
                new = json.dumps(record.to_dict(), ensure_ascii=False) if record else None
                if new != row["record"] or page_status(record) != row["status"]:
                    changed += 1
                    archive.set_record(db, row["id"], record, form, error)
                if record is None:
                    failed += 1
    if progress:
        progress(len(ids), len(ids))
    if traces:
        _write_report(archive, traces)
    return changed, failed


def _skipped(damaged: list[tuple[int, str]] | None, page_id: int, reason: str) -> None:
    """The caller lists what was skipped, if it asked; else the log says it."""
    if damaged is not None:
        damaged.append((page_id, reason))
    else:
        log.error("page %s: %s", page_id, reason)


def _write_report(archive: Archive, traces: list[tuple[int, str]]) -> None:
    try:
        reports = archive.home / "reports"
        reports.mkdir(exist_ok=True)
        path = reports / f"reparse-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
        lines = ["# wenyuan reindex --reparse: the parser failed on these pages (a bug in wenyuan: please "
                 "report it with the traceback); their records were kept as they were"]
        for page_id, trace in traces:
            lines.append(f"page {page_id}")
            lines += ["    " + x for x in trace.rstrip().splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        log.error("the parser's tracebacks are in %s", path)
    except OSError as e:
        log.warning("could not write the reparse report: %s", e)
