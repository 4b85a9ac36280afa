"""Re-parse stored raw pages with the current parser (the archive is the truth)."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable

from .errors import NotAPageError, StoreError
from .page import parse_page
from .store import Archive, page_status

log = logging.getLogger(__name__)


def reparse_all(archive: Archive, damaged: list[tuple[int, str]] | None = None,
                progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Parse every stored page again; returns (records changed, pages that failed).

    A page whose stored bytes are missing or damaged keeps its record; it is appended to
    ``damaged`` as (page id, reason) and the others go on. ``progress(done, total)`` is
    called after each batch of pages."""
    changed = failed = 0
    ids = [r[0] for r in archive.db.execute("SELECT id FROM pages ORDER BY id")]
    for start in range(0, len(ids), 200):
        if progress:
            progress(start, len(ids))
        with archive.transaction() as db:
            for page_id in ids[start:start + 200]:
                row = db.execute(
                    "SELECT p.id, p.record, p.status, p.headers, (SELECT origin FROM origins o WHERE o.page_id = p.id"
                    " ORDER BY seen_at LIMIT 1) AS origin FROM pages p WHERE p.id = ?", (page_id,)).fetchone()
                try:
                    data = archive.raw(row["id"])
                except StoreError as e:
                    log.error("page %s: %s", row["id"], e)
                    if damaged is not None:
                        damaged.append((row["id"], str(e)))
                    failed += 1
                    continue
                headers = json.loads(row["headers"]) if row["headers"] else {}
                ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
                name = (row["origin"] or "").rsplit("!", 1)[-1]
                try:
                    parsed = parse_page(data, name=name, content_type=ctype)
                    record, form, error = parsed.record, parsed.form, None
                except NotAPageError as e:
                    record, form, error = None, None, e.reason
                except Exception as e:  # noqa: BLE001 — one bad page must not stop a reparse
                    log.exception("parser failed on page %s", row["id"])
                    record, form, error = None, None, f"parser error: {type(e).__name__}: {e}"
                new = json.dumps(record.to_dict(), ensure_ascii=False) if record else None
                if new != row["record"] or page_status(record) != row["status"]:
                    changed += 1
                    archive.set_record(db, row["id"], record, form, error)
                if record is None:
                    failed += 1
    if progress:
        progress(len(ids), len(ids))
    return changed, failed
