"""Shared test helpers: where the shared material lives, and a page parser by bytes."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WENYUAN_SHARED", ROOT.parent / "shared"))
PAGES_DEV = SHARED / "pages-dev"
CSL = SHARED / "data" / "csl-dev.tsv"
OWN_PAGES = ROOT / "tests" / "pages"
# 300 synthetic paper records made from csl-dev by tests/fixtures/make_records.py: the
# engine's contract tests (same bytes, same results as Whoosh) never skip for want of shared/.
RECORDS = ROOT / "tests" / "fixtures" / "records.tsv"


def fixture_records() -> list[dict]:
    """The rows of RECORDS: title, abstract, keywords (';'-separated), discipline."""
    import csv
    with RECORDS.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def shared_or_skip(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared material not found at {path} (set WENYUAN_SHARED)")
    return path


def load_scorer():
    """The project-independent scorer from shared/tools (standard library only)."""
    tools = shared_or_skip(SHARED / "tools")
    sys.path.insert(0, str(tools))
    try:
        import score_pages
    finally:
        sys.path.remove(str(tools))
    return score_pages
