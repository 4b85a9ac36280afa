"""The Whoosh engine behind indexer.backend: the only package that imports whoosh.

Two of its parts are wenyuan's own and stand on whoosh3's private internals (about
40 names: codec constants, posting-block layouts, file classes, matcher wrappers):

- the segment writer (segment, postings, storage), which writes the very bytes
  Whoosh's own writer would, at a fraction of its per-posting cost;
- the numpy evaluator (evaluate), which gives Whoosh's search results set-at-a-time.

Both are tested against whoosh3 PINNED only (tests/test_segment.py: same bytes;
tests/test_search.py: same results). With any other installed version, or when one
of those modules cannot even be imported, ``fast_paths()`` is False: one warning is
logged, and Whoosh's own writer, storage and matchers run instead. That is correct,
only slower, and never a traceback.

Index generations record which writer wrote them and under which whoosh3
(indexer.whoosh.index.STAMP_FILE): segments from the fast writer are opened only by
the whoosh3 version they were written for; any other asks for ``wenyuan reindex``.
"""
from __future__ import annotations

import importlib
import logging

import whoosh

log = logging.getLogger(__name__)

PINNED = "3.54.0"                  # the whoosh3 release the fast paths are written against
INSTALLED = whoosh.versionstring()
FAST_MODULES = ("indexer.whoosh.storage", "indexer.whoosh.postings", "indexer.whoosh.segment",
                "indexer.whoosh.evaluate")

_verdict: bool | None = None   # fast_paths()'s answer, worked out once per process


def fast_paths() -> bool:
    """Whether the fast writer and the numpy evaluator may run (see the module docstring)."""
    global _verdict
    if _verdict is None:
        _verdict = _check()
    return _verdict


def _check() -> bool:
    if INSTALLED != PINNED:
        log.warning("whoosh3 %s is installed, but wenyuan's fast index writer and search are built for "
                    "whoosh3 %s: using Whoosh's own writer and search instead (correct, but slower); "
                    "`pip install whoosh3==%s` restores them", INSTALLED, PINNED, PINNED)
        return False
    for name in FAST_MODULES:
        try:
            importlib.import_module(name)
        except (ImportError, AttributeError) as e:
            log.warning("wenyuan's fast index writer and search cannot load with this whoosh3 (%s: %s): "
                        "using Whoosh's own writer and search instead (correct, but slower)",
                        type(e).__name__, e)
            return False
    return True
