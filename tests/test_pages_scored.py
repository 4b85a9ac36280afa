"""The parser against hand-made gold records: shared/pages-dev and our own tests/pages.

Bars from the parser issue: title 100%; source/uploader/citations ≥ 95% with no false
positives; body F1 ≥ 0.97; related precision and recall ≥ 0.95; keywords/authors F1
≥ 0.95; encoding 100%. The scorer is shared/tools/score_pages.py, used in-process.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from archive.errors import NotAPageError
from archive.page import read_page
from conftest import OWN_PAGES, PAGES_DEV, load_scorer, shared_or_skip


def predict(path: str) -> dict:
    try:
        return read_page(path).record.to_dict()
    except NotAPageError as e:
        return {"error": str(e)}


def assert_bars(agg: dict) -> None:
    assert agg["title_acc"] == 1.0
    for k in ("source", "uploader", "citations"):
        assert agg[k + "_acc"] is None or agg[k + "_acc"] >= 0.95, k
        assert agg[k + "_fp"] == 0, k
    assert agg["body_F1"] >= 0.97
    assert agg["related_P"] >= 0.95 and agg["related_R"] >= 0.95
    for k in ("keywords", "authors"):
        assert agg[k + "_F1"] is None or agg[k + "_F1"] >= 0.95, k
        assert agg[k + "_fp"] == 0, k
    assert agg["encoding_acc"] == 1.0


@pytest.mark.parametrize("folder", [PAGES_DEV, OWN_PAGES, OWN_PAGES.parent / "pages-holdout"],
                         ids=["pages-dev", "own-pages", "holdout-pages"])
def test_gold_pages_reach_the_bars(folder: Path):
    scorer = load_scorer()
    shared_or_skip(folder)
    agg, rows = scorer.score_folder(str(folder), predict=predict, quiet=True)
    assert agg["cases"] >= 10
    assert_bars(agg)
