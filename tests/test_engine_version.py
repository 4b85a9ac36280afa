"""With another whoosh3 than the one wenyuan's fast writer and evaluator are written for,
everything still works through Whoosh's own writer and search: import, search, serve and
reindex, with one warning and the same results. Nothing is installed: the engine room's
version check is told that the installed version differs."""
from __future__ import annotations

import json
import logging
import shutil

import httpx
import pytest
from click.testing import CliRunner

import cli
import indexer.whoosh as engine
from conftest import ROOT
from indexer.whoosh.index import STAMP_FILE
from web.app import create_app
from web.server import running

QUERIES = ["反诈", "诈骗 预警", '"电信网络"', "来源:中国防伪报道", "预警 -石家庄", "title:反诈 OR 防伪", "宣传部"]

NEW_PAGE = """基于深度学习的遥感图像识别方法研究
来源 :测绘学报 | 被引量 : 2次 | 上传用户:tester
摘要: 遥感图像识别是测绘领域的重要问题。本文提出一种基于卷积神经网络的遥感图像识别方法，\
在公开数据集上取得了较好的识别精度。
关键词: 遥感图像;深度学习;卷积神经网络
　　遥感图像识别在土地利用调查中应用广泛。本文的方法先对图像分块，再用卷积神经网络逐块识别。
"""


def _cli(home, *args: str):
    r = CliRunner().invoke(cli.main, ["--home", str(home), *args])
    return r


def _results(home) -> dict:
    out = {}
    for q in QUERIES:
        r = _cli(home, "search", "--json", "--limit", "100", "--", q)
        assert r.exit_code == 0, r.output
        d = json.loads(r.stdout)
        out[q] = (d["total"], d["partial"], [(h["id"], h["score"]) for h in d["hits"]], d["facets"])
    return out


def _mismatch(monkeypatch) -> None:
    monkeypatch.setattr(engine, "INSTALLED", "3.99.0")
    monkeypatch.setattr(engine, "_verdict", None)


@pytest.fixture(autouse=True)
def _fresh_verdict(monkeypatch):
    monkeypatch.setattr(engine, "_verdict", None)


def _stamp(home) -> dict:
    gen = (home / "index" / "CURRENT").read_text().strip()
    return json.loads((home / "index" / gen / STAMP_FILE).read_text())


def test_another_whoosh3_runs_import_search_serve_and_reindex_through_whooshs_own_paths(
        tmp_path, monkeypatch, caplog):
    home = tmp_path / "home"
    pages = tmp_path / "pages"
    shutil.copytree(ROOT / "samples", pages)
    r = _cli(home, "import", str(pages))
    assert r.exit_code == 0, r.output
    assert _stamp(home)["writer"] == "wenyuan"
    fast = _results(home)
    assert any(total for total, *_ in fast.values())

    _mismatch(monkeypatch)
    caplog.set_level(logging.WARNING)
    # Segments the fast writer wrote for 3.54.0 are not trusted to another release …
    r = _cli(home, "search", "反诈")
    assert r.exit_code == 1
    assert "fast writer for whoosh3 3.54.0" in r.output and "reindex" in r.output
    assert "Traceback" not in r.output
    # … and the reindex that message asks for works, through Whoosh's own writer.
    r = _cli(home, "reindex")
    assert r.exit_code == 0, r.output
    assert _stamp(home)["writer"] == "whoosh" and _stamp(home)["whoosh"] == "3.99.0"
    assert _results(home) == fast

    # An import under the other version writes through Whoosh's writer too.
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text(NEW_PAGE, encoding="utf-8")
    r = _cli(home, "import", str(extra))
    assert r.exit_code == 0, r.output
    found = json.loads(_cli(home, "search", "--json", "遥感图像识别").stdout)
    assert found["hits"][0]["title"] == "基于深度学习的遥感图像识别方法研究"

    # The web app serves the same answers over real HTTP.
    cli_answer = json.loads(_cli(home, "search", "--json", "反诈").stdout)
    with running(create_app(home)) as url:
        got = httpx.get(f"{url}/api/search", params={"q": "反诈"}, timeout=30)
    assert got.status_code == 200
    assert [h["id"] for h in got.json()["hits"]] == [h["id"] for h in cli_answer["hits"]]

    warned = [rec for rec in caplog.records if "whoosh3 3.99.0 is installed" in rec.getMessage()]
    assert len(warned) == 1


def test_back_on_the_pinned_whoosh3_an_index_whoosh_wrote_opens_and_takes_fast_segments(tmp_path, monkeypatch):
    home = tmp_path / "home"
    pages = tmp_path / "pages"
    shutil.copytree(ROOT / "samples", pages)
    _mismatch(monkeypatch)
    assert _cli(home, "import", str(pages)).exit_code == 0
    slow = _results(home)
    monkeypatch.setattr(engine, "INSTALLED", engine.PINNED)
    monkeypatch.setattr(engine, "_verdict", None)
    assert _results(home) == slow
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text(NEW_PAGE, encoding="utf-8")
    assert _cli(home, "import", str(extra)).exit_code == 0
    # The generation now holds a fast-written segment: its stamp says so, for the check above.
    assert _stamp(home)["writer"] == "wenyuan" and _stamp(home)["whoosh"] == engine.PINNED
    assert json.loads(_cli(home, "search", "--json", "遥感图像识别").stdout)["total"] >= 1


def test_a_fast_module_that_cannot_load_switches_the_fast_paths_off_with_one_warning(monkeypatch, caplog):
    import importlib

    real = importlib.import_module

    def broken(name, *a, **k):
        if name == "indexer.whoosh.segment":
            raise ImportError("cannot import name 'length_to_byte' from 'whoosh.codec.whoosh3'")
        return real(name, *a, **k)

    monkeypatch.setattr(engine.importlib, "import_module", broken)
    caplog.set_level(logging.WARNING)
    assert engine.fast_paths() is False
    assert engine.fast_paths() is False
    warned = [rec for rec in caplog.records if "cannot load" in rec.getMessage()]
    assert len(warned) == 1 and "length_to_byte" in warned[0].getMessage()


def test_a_fault_in_wenyuans_search_code_is_a_bug_report_not_a_damaged_index(tmp_path, monkeypatch):
    home = tmp_path / "home"
    pages = tmp_path / "pages"
    shutil.copytree(ROOT / "samples", pages)
    assert _cli(home, "import", str(pages)).exit_code == 0
    import indexer.whoosh.evaluate as evaluate

    def renamed(*a, **k):   # what a renamed whoosh3 internal looks like from our side
        raise AttributeError("module 'whoosh.util.numeric' has no attribute 'byte_to_length'")

    monkeypatch.setattr(evaluate, "run_plan", renamed)
    r = _cli(home, "search", "反诈")
    assert r.exit_code == 70
    assert "internal error" in r.output and "bug in wenyuan" in r.output
    assert "damaged" not in r.output and "reindex" not in r.output
    assert "Traceback" not in r.output


def test_the_engine_room_pins_the_whoosh3_that_pyproject_installs():
    assert f'"whoosh3=={engine.PINNED}"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
