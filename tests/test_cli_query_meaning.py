"""What queries mean, through the real command: a term typed as one matches whole, a
journal is a name, years filter, sort and facet; on pages written here (four journals
whose names share 中国 and 药学, three years)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

PAGES = {
    "p1.txt": """基于深度学习的图像识别方法

来源 :中国药学杂志 | 被引量 : 5次 | 上传用户:tester
2018年第03期
摘要: 本文提出一种基于深度学习的图像识别方法，用卷积网络提取特征，在两个数据集上取得了较高的识别精度。
关键词: 深度学习;图像识别
  深度学习近年来在图像识别中应用广泛。本文的方法先训练卷积网络，再用它识别药品包装图像。
""",
    "p2.txt": """大学生自主学习能力的培养

来源 :中国药学 | 被引量 : 2次 | 上传用户:tester
2015年第07期
摘要: 自主学习能力是大学生的重要能力。本文调查了三所高校学生的学习习惯，提出了培养自主学习能力的建议。
关键词: 自主学习;大学生
  学习习惯决定学习效果。调查表明，多数学生缺少学习计划。
""",
    "p3.txt": """地下管线探测深度的影响因素

来源 :中国药学 | 被引量 : 9次 | 上传用户:tester
2021年第01期
摘要: 探测深度是地下管线探测的关键指标。本文分析了土壤含水量、管线材质和埋设方式对探测深度的影响。
关键词: 地下管线;探测深度
  探测深度受多种因素影响。实验在三种土壤中进行。
""",
    # A fourth journal holds 中国 and 药学 but not 中国药学: found only by the loose 来源:中国药学~.
    "p4.txt": """医院药房调剂差错分析

来源 :中国医院药学杂志 | 被引量 : 1次 | 上传用户:tester
摘要: 调剂差错影响用药安全。本文统计某院药房一年内发生差错八十例，分析原因并提出改进措施。
关键词: 调剂差错;药房管理
  差错多发生于高峰时段。改进流程后差错减少。
""",
}


def wenyuan(home, *args):
    return subprocess.run([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    root = tmp_path_factory.mktemp("meaning")
    (root / "pages").mkdir()
    for name, text in PAGES.items():
        (root / "pages" / name).write_text(text, encoding="utf-8")
    r = wenyuan(root / "home", "import", str(root / "pages"))
    assert r.returncode == 0, r.stderr
    return root / "home"


def found(home, *args):
    r = wenyuan(home, "search", "--json", *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def titles(result):
    return [h["title"] for h in result["hits"]]


def test_a_term_typed_as_one_finds_only_pages_holding_it_whole(home):
    r = found(home, "深度学习")          # p2 holds 学习 and p3 深度, neither the term
    assert titles(r) == ["基于深度学习的图像识别方法"] and r["partial"] is False
    r = found(home, "深度学习", "自主")   # each term whole on its page
    assert sorted(titles(r)) == ["基于深度学习的图像识别方法", "大学生自主学习能力的培养"]


def test_when_no_page_holds_a_term_whole_its_parts_come_back_flagged_partial(home):
    r = found(home, "神经深度学习网络")
    assert r["partial"] is True and r["total"] == 3
    text = wenyuan(home, "search", "神经深度学习网络").stdout
    assert "no page contains '神经深度学习网络' whole; showing pages that share parts of it" in text


@pytest.mark.parametrize("word", ["Transformer", "learning", "DEEP"])
def test_a_latin_word_no_page_holds_finds_nothing_at_all(home, word):
    r = found(home, word)
    assert r["total"] == 0 and r["partial"] is False
    assert wenyuan(home, "search", word).stdout.startswith("0 hits")


def test_a_journal_query_puts_the_journal_of_exactly_that_name_first_and_source_is_exact(home):
    r = found(home, "来源:中国药学")
    assert [h["source"] for h in r["hits"]] == ["中国药学", "中国药学", "中国药学杂志"]
    assert found(home, "学习", "--source", "中国")["total"] == 0       # --source is the exact name
    loose = found(home, "来源:中国药学~")                                  # opted in: words, any order
    assert [h["source"] for h in loose["hits"]][:2] == ["中国药学", "中国药学"]
    assert sorted(h["source"] for h in loose["hits"][2:]) == ["中国医院药学杂志", "中国药学杂志"]
    assert found(home, "来源:中国药学～")["total"] == 4                    # the full-width mark too
    assert [h["source"] for h in found(home, "深度", "--source", "中国药学")["hits"]] == ["中国药学"]


def test_years_filter_sort_and_facet_from_the_cli(home):
    assert found(home, "学习", "--year", "2015")["hits"][0]["title"] == "大学生自主学习能力的培养"
    assert {h["year"] for h in found(home, "的", "--year", "2016-2021")["hits"]} == {2018, 2021}
    by_year = found(home, "的", "--sort", "year")
    assert [h["year"] for h in by_year["hits"]] == [2021, 2018, 2015]
    assert by_year["facets"]["year"] == {"2015": 1, "2018": 1, "2021": 1}
    bad = wenyuan(home, "search", "学习", "--year", "20x5")
    assert bad.returncode == 2 and "--year" in bad.stderr and "Traceback" not in bad.stderr


def test_the_api_filters_sorts_and_counts_years_as_the_cli_does(home):
    import httpx

    from web.app import create_app
    from web.server import running

    with running(create_app(home)) as url:
        def api(**params) -> dict:
            r = httpx.get(url + "/api/search", params=params, timeout=60)
            assert r.status_code == 200, r.text
            return r.json()

        ranged = api(q="的", year="2016-2021")
        assert {h["year"] for h in ranged["hits"]} == {2018, 2021}
        assert ranged["facets"]["year"] == {"2018": 1, "2021": 1}
        by_year = api(q="的", sort="year")
        assert [h["year"] for h in by_year["hits"]] == [2021, 2018, 2015]
        assert by_year["facets"]["year"] == found(home, "的", "--sort", "year")["facets"]["year"]
        assert api(q="学习", year="2015")["hits"][0]["title"] == "大学生自主学习能力的培养"
        bad = httpx.get(url + "/api/search", params={"q": "学习", "year": "20x5"}, timeout=60)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_parameter"
