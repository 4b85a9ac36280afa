"""An other-literature snippet names the archived article it is the opening of: in
``show``, ``show --json``, the API and the page, whatever its script or width."""
from __future__ import annotations

import json
import subprocess
import sys

import httpx

from conftest import ROOT
from web.app import create_app
from web.server import running

# Page A lists, among its other literature, the opening of page B's abstract, copied in
# traditional characters with full-width letters and cut off with an ellipsis.
CITING = """基于深度学习的遥感影像分类研究

来源 :测绘学报 | 被引量 : 3次 | 上传用户:tester
摘要: 遥感影像分类是遥感应用的基础。本文提出一种基于卷积神经网络的遥感影像分类方法，在两个公开数据\
集上的总体精度分别达到了百分之九十二和百分之八十九。
关键词: 遥感影像;深度学习;卷积神经网络
  遥感影像分类在土地利用调查中应用广泛。本文的方法先对影像分块，再用卷积神经网络逐块分类，最后合并结果。
  实验在两个公开数据集上进行，结果表明该方法优于传统的支持向量机方法。
其他文献
本文利用Ｌａｎｄｓａｔ 8熱紅外數據反演地表溫度，分析了城市熱島效應的時空變化特徵，並探討了…
针对农村土地整治项目的绩效评价问题，本文构建了包含经济、社会和生态三个维度的评价指标体系，并以某县为例进行了实证分析
"""
CITED = """城市热岛效应的遥感监测方法

来源 :地理学报 | 被引量 : 12次 | 上传用户:tester
摘要: 本文利用Landsat 8热红外数据反演地表温度，分析了城市热岛效应的时空变化特征，并探讨了\
不透水面比例与地表温度之间的关系。结果表明，城市热岛强度在夏季最高。
关键词: 城市热岛;地表温度;遥感
  城市化进程改变了地表覆盖，进而改变了地表能量平衡。本文以某市为研究区，选取四期影像进行分析。
"""


def wenyuan(home, *args):
    return subprocess.run([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def _snippet_ids(home, phrase):
    r = wenyuan(home, "search", "--kind", "related", "--json", f'"{phrase}"')
    assert r.returncode == 0, r.stderr
    return [h["id"] for h in json.loads(r.stdout)["hits"]]


def _imported(tmp_path):
    """A home with the two pages imported (and indexed)."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(CITING, encoding="utf-8")
    (pages / "b.txt").write_text(CITED, encoding="utf-8")
    home = tmp_path / "home"
    assert wenyuan(home, "import", str(pages)).returncode == 0
    return home


def test_a_snippet_resolves_to_the_archived_article_it_opens_and_another_to_none(tmp_path):
    home = _imported(tmp_path)
    r = wenyuan(home, "search", "--json", "城市热岛效应的遥感监测方法", "--kind", "article")
    cited = json.loads(r.stdout)["hits"][0]
    assert cited["title"] == "城市热岛效应的遥感监测方法"
    [heat] = _snippet_ids(home, "熱島效應")
    [land] = _snippet_ids(home, "农村土地整治")

    shown = wenyuan(home, "show", heat)
    assert shown.returncode == 0, shown.stderr
    assert f"cites {cited['id']}  城市热岛效应的遥感监测方法 · 地理学报" in shown.stdout
    doc = json.loads(wenyuan(home, "show", heat, "--json").stdout)
    assert doc["cites"] == [{"doc_id": cited["id"], "title": "城市热岛效应的遥感监测方法", "source": "地理学报"}]
    assert json.loads(wenyuan(home, "show", land, "--json").stdout)["cites"] == []
    assert "cites" not in wenyuan(home, "show", land).stdout
    assert json.loads(wenyuan(home, "stats", "--json").stdout)["snippets_resolved"] == 1
    assert "snippets  2 (1 cite an archived article, 1 do not)" in wenyuan(home, "stats").stdout

    with running(create_app(home)) as url:
        api = httpx.get(f"{url}/api/documents/{heat}", timeout=30).json()
    assert api == doc   # exactly `show --json`


def test_without_an_index_a_snippet_still_shows_and_cites_what_the_catalog_knows(tmp_path):
    home = _imported(tmp_path)
    (home / "index" / "CURRENT").write_text("garbage", encoding="utf-8")
    r = wenyuan(home, "show", "s1", "--json")
    assert r.returncode == 0, r.stderr
    assert [c["title"] for c in json.loads(r.stdout)["cites"]] == ["城市热岛效应的遥感监测方法"]
