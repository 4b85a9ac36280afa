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


# ---- tests write only inside their tmp folders: anything new elsewhere fails the run.
# Watched: the repository's own tree (bar caches), the system temp folder's wenyuan* and
# image files (a screenshot once went to /tmp), and the user's default archive.
_CACHES = {".git", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", "venv", ".venv", "build"}


def _outside_tmp() -> set[str]:
    import tempfile

    from archive.store import default_home

    seen = set()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in _CACHES and not d.endswith(".egg-info")]
        seen.update(os.path.join(folder, f) for f in files)
    temp = Path(tempfile.gettempdir())
    seen.update(str(p) for pattern in ("wenyuan*", "*.png") for p in temp.glob(pattern))
    if "WENYUAN_HOME" not in os.environ and default_home().exists():
        seen.add(str(default_home()))
    return seen


def pytest_sessionstart(session):
    session.config._before = _outside_tmp()


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_before", None)
    if before is None:
        return
    leaked = sorted(_outside_tmp() - before)
    if leaked:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "tests wrote outside their tmp folders:\n  " + "\n  ".join(leaked[:20])
        if reporter:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
