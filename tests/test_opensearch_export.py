"""The OpenSearch export (indexer.opensearch): a real archive of pages written here, a real
Whoosh index beside it, and the files the export writes, read back as a loader would.

The contract: OpenSearch is handed exactly the tokens Whoosh indexes (the same bigrams at
the same positions, the same jieba words), so phrase matching on the export gives the same
documents as our search, and the bulk file loads the archive's documents under their ids.
"""
from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from archive.errors import StoreError
from archive.importer import import_paths
from archive.record import Record, RelatedItem
from archive.store import Archive
from conftest import ROOT
from indexer.backend import MAX_PAGE, MAX_PER_PAGE, open_index, prepare_record
from indexer.documents import TEXT_FIELDS, article_document, with_words
from indexer.opensearch import (ANALYZER, DOCUMENTS_FILE, MAX_TERM_BYTES, TEMPLATE_FILE, TOKEN_SEP, bulk_lines,
                                index_template, source_of, tokens_field, write_export)
from indexer.sync import IndexSync, all_documents
from indexer.text import bigrams, fold, words

# Text copies as readers save them: title, meta line, abstract, keywords, body, other
# literature. Traditional characters (綠地, 問題, 數字鄉村) and full-width letters (ＣＮＮ,
# ＧＩＳ, Ｅ-commerce) exercise folding; one snippet is on two pages, one on two others.
ROAD = "高分辨率遥感影像中道路网络的自动提取是遥感信息处理的难点之一,本文提出一种基于形态学与张量投票的道路提取方法。"
LANDSAT = "以Landsat 8影像为数据源,采用监督分类方法对城市不透水面进行提取,并分析其时空变化特征。"
PAGES = {
    "cnn.txt": f"""基于ＣＮＮ的高分辨率遥感影像建筑物提取方法

来源 :测绘学报 | 被引量 : 3次 | 上传用户:geo_lab
摘要:针对高分辨率遥感影像中建筑物边界模糊、尺度差异大的問題,提出一种融合多尺度特征的卷积神经网络(ＣＮＮ)提取方法。\
该方法在编码阶段引入空洞卷积扩大感受野,在解码阶段逐级融合浅层细节特征,并以边界损失约束建筑物轮廓。\
在ＷＨＵ建筑物数据集上的实验表明,交并比达到89.6%,优于对比方法。
关键词:遥感影像;建筑物提取;卷积神经网络;多尺度特征
论文部分内容阅读
  建筑物是城市地理信息的重要组成部分,其自动提取对城市规划、灾害评估和地图更新具有重要意义。传统方法依赖人工设计的光谱与纹理特征,在复杂场景中泛化能力有限。
  近年来,深度学习方法在影像語義分割任务中取得了显著进展。本文以编码—解码结构为基础,设计多尺度特征融合模块,使网络同时关注大型厂房与小型民居。实验区位于武汉市,影像分辨率为0.3米。
  结果表明,融合边界损失后,建筑物轮廓更加规则,漏检率下降4.2个百分点。
其他文献
{ROAD}
{LANDSAT}
""",
    "greenspace.txt": f"""城市綠地景觀格局對熱島效應的影響分析

来源 :生态学报 | 被引量 : 12次 | 上传用户:eco2019
摘要:以北京市五環內區域為研究對象,基于Landsat 8熱紅外波段反演地表溫度,結合景觀格局指數,\
分析綠地斑塊面積、形狀與連通性對城市熱島效應的影響。\
結果表明,綠地斑塊面積越大、形狀越規則,其降溫效果越顯著。
关键词:城市熱島;綠地景觀;格局指數;地表溫度
论文部分内容阅读
  城市化进程中,不透水面的扩张改变了地表能量平衡,导致城市中心温度明显高于郊区。綠地作为城市生态系统的重要组成部分,具有显著的降温增湿作用。
  本研究选取2019年夏季无云影像,采用单窗算法反演地表温度,并在ＧＩＳ平台中计算斑塊密度、聚集度等指数。
其他文献
{LANDSAT}
城市公园的冷岛效应及其影响因素研究表明,水体面积比例是决定降温幅度的关键因子。
""",
    "ecommerce.txt": f"""數字鄉村建設背景下農村電商發展路徑研究

来源 :农业经济问题 | 被引量 : 0次 | 上传用户:nongjing
作者:李明远;張曉紅
摘要:數字鄉村建設为农村电子商务提供了新的发展机遇。本文基于浙江、四川两省12个县的调查数据,分析物流基础设施、数字技能与品牌建设对\
农村电商销售额的影响,提出完善县域物流体系、加强电商人才培训的对策建议。
关键词:数字乡村;农村电商;县域物流;Ｅ-commerce
论文部分内容阅读
  农村电商是连接小农户与大市场的重要纽带。调查发现,县域物流成本每降低10%,样本农户的线上销售额平均增长6.3%。
  与此同时,数字技能不足仍是制约农户参与电商的主要障碍,仅有31%的受访者能够独立完成网店运营。
其他文献
{ROAD}
乡村振兴战略下农产品品牌建设的现实困境与突破路径。
""",
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """(archive, export folder, counts): the pages imported and indexed, then exported."""
    root = tmp_path_factory.mktemp("opensearch")
    pages = root / "pages"
    pages.mkdir()
    for name, text in PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    arc = Archive.open(root / "home")
    sync = IndexSync()
    try:
        with arc.writer_lock():
            summary = import_paths(arc, [pages], jobs=1, sync_index=sync, prepare=prepare_record)
    finally:
        sync.close()
    assert summary.imported == len(PAGES) and not summary.rejected
    counts = write_export(arc, root / "export")
    yield arc, root / "export", counts
    arc.close()


def read_bulk(out: Path) -> list[tuple[dict, dict]]:
    raw = (out / DOCUMENTS_FILE).read_bytes()
    lines = raw.decode("utf-8").split("\n")   # the bulk API's line end; nothing else ends a line
    assert lines[-1] == "", "the bulk body must end with a newline"
    lines = lines[:-1]
    assert len(lines) % 2 == 0, "action and source lines come in pairs"
    parsed = [json.loads(line) for line in lines]
    return list(zip(parsed[0::2], parsed[1::2]))


def split_tokens(joined: str) -> list[str]:
    return joined.split(TOKEN_SEP) if joined else []


def whoosh_tokens(field: str, value: str) -> list[str]:
    from indexer.whoosh.schema import build_schema
    return [t.text for t in build_schema()[field].analyzer(value)]


def catalog_ids(arc: Archive) -> set[str]:
    return {doc["id"] for doc in all_documents(arc)}


def test_every_tokens_field_is_exactly_what_whoosh_indexes_for_that_field(exported):
    arc, out, _ = exported
    originals = {doc["id"]: with_words(doc) for doc in all_documents(arc)}
    checked = 0
    for action, source in read_bulk(out):
        doc = originals[action["index"]["_id"]]
        for field in TEXT_FIELDS:
            if doc.get(field) is None:
                assert tokens_field(field) not in source
                continue
            got = split_tokens(source[tokens_field(field)])
            assert got == bigrams(fold(doc[field])), (doc["id"], field)
            assert got == whoosh_tokens(field, doc[field]), (doc["id"], field)
            assert source[field] == doc[field]   # the display text stays as the page had it
            checked += bool(got)
        got = split_tokens(source[tokens_field("words")])
        assert got == [w for w, _, _ in words(fold(doc["words"]))], doc["id"]
        assert got == whoosh_tokens("words", doc["words"]), doc["id"]
        assert source["chars"] == whoosh_tokens("chars", doc["chars"])
        if "snippet_keys" in doc:
            assert source["snippet_keys"] == whoosh_tokens("snippet_keys", doc["snippet_keys"])
    assert checked >= 3 * len(PAGES)
    # Folding happened in the export, not only in Whoosh: full-width and traditional
    # characters reach OpenSearch folded.
    by_title = {s.get("title"): s for _, s in read_bulk(out)}
    cnn = split_tokens(by_title["基于ＣＮＮ的高分辨率遥感影像建筑物提取方法"][tokens_field("title")])
    assert cnn[2:5] == ["cn", "nn", "n的"]
    green = split_tokens(by_title["城市綠地景觀格局對熱島效應的影響分析"][tokens_field("title")])
    assert "绿地" in green and "綠地" not in green


@pytest.mark.parametrize("phrase", ['"遥感影像"', '"綠地景觀"', '"ＣＮＮ"', '"Landsat 8影像"', '"数字乡村"', '"电商"'])
def test_a_phrase_over_consecutive_exported_positions_finds_what_our_search_finds(exported, phrase):
    """What match_phrase on the ``_tokens`` fields would find: documents where the phrase's
    bigrams stand at consecutive positions, the tail token not needed (indexer.whoosh.compiler)."""
    arc, out, _ = exported
    grams = bigrams(fold(phrase.strip('"')))[:-1]

    def holds(tokens: list[str]) -> bool:
        return any(tokens[i:i + len(grams)] == grams for i in range(len(tokens) - len(grams) + 1))

    by_export = {a["index"]["_id"] for a, s in read_bulk(out)
                 if any(holds(split_tokens(s.get(tokens_field(f), ""))) for f in TEXT_FIELDS)}
    with open_index(arc.index_dir) as idx, idx.search_all(phrase) as found:
        by_whoosh = {hit["id"] for hit in found.hits}
    assert by_export, phrase
    assert by_export == by_whoosh, phrase


def test_the_bulk_file_is_ndjson_action_source_pairs_under_the_archives_ids(exported):
    arc, out, counts = exported
    pairs = read_bulk(out)
    ids = []
    for action, source in pairs:
        assert list(action) == ["index"]
        assert set(action["index"]) == {"_index", "_id"}
        assert action["index"]["_index"] == "wenyuan"
        assert re.fullmatch(r"[ps][1-9][0-9]*", action["index"]["_id"])
        assert source["id"] == action["index"]["_id"]
        ids.append(action["index"]["_id"])
    assert len(ids) == len(set(ids))
    kinds = [s["kind"] for _, s in pairs]
    assert counts == {"documents": len(pairs), "pages": kinds.count("article"), "snippets": kinds.count("related")}
    assert counts["pages"] == len(PAGES) and counts["snippets"] == 4   # 6 entries: ROAD and LANDSAT twice
    assert set(ids) == catalog_ids(arc)
    with open_index(arc.index_dir) as idx:
        assert idx.count() == len(ids)
        for action, source in pairs:
            stored = idx.document(action["index"]["_id"])
            assert stored is not None
            # The digest the backend's digests() compares, and the shown fields, agree.
            assert stored["digest"] == source["digest"]
            for name in ("kind", "title", "source", "citations", "url", "page_ids"):
                assert stored.get(name) == source.get(name), name
        with idx.search_all("遥感 OR 城市 OR 电商") as found:
            hits = {hit["id"] for hit in found.hits}
    assert len(hits) >= 4 and hits <= set(ids)
    road = next(s for _, s in pairs if s.get("body") == ROAD)
    shared = {s["id"] for _, s in pairs if s["kind"] == "article" and road["snippet_key"] in s.get("snippet_keys", [])}
    assert len(shared) == 2   # a snippet's pages are found through its key, as search finds them


def test_the_template_splits_on_the_separator_and_maps_every_exported_field(exported):
    from whoosh.scoring import BM25F

    _, out, _ = exported
    template = json.loads((out / TEMPLATE_FILE).read_text(encoding="utf-8"))
    assert template == index_template()
    assert template["index_patterns"] == ["wenyuan", "wenyuan-*"]
    settings, mappings = template["template"]["settings"], template["template"]["mappings"]
    analyzer = settings["analysis"]["analyzer"][ANALYZER]
    tokenizer = settings["analysis"]["tokenizer"][analyzer["tokenizer"]]
    assert tokenizer["type"] == "pattern" and analyzer["filter"] == [] and analyzer["char_filter"] == []
    assert tokenizer["pattern"] == TOKEN_SEP
    tokens = ["遥感", " l", "an", "8影", "像"]
    assert [t for t in re.split(tokenizer["pattern"], TOKEN_SEP.join(tokens)) if t] == tokens
    defaults = {k: p.default for k, p in inspect.signature(BM25F.__init__).parameters.items()}
    props = mappings["properties"]
    scored = [p for p in props.values() if p.get("analyzer") == ANALYZER]
    assert scored and all(settings["similarity"][p["similarity"]] == {"type": "BM25", "k1": defaults["K1"],
                                                                      "b": defaults["B"]} for p in scored)
    assert mappings["dynamic"] == "strict"
    for _, source in read_bulk(out):
        for name in source:
            assert name in props, name
            if name.endswith("_tokens"):
                assert props[name]["type"] == "text" and props[name]["analyzer"] == ANALYZER
                assert props[name]["search_analyzer"] == ANALYZER
                assert props[name]["index_options"] == ("freqs" if name == "words_tokens" else "positions")
    for name in TEXT_FIELDS:
        assert props[name] == {"type": "text", "index": False}
    for name in ("kind", "source_name", "chars", "snippet_keys"):
        assert props[name]["type"] == "keyword" and props[name].get("index", True)
    assert props["citations"]["type"] == props["year"]["type"] == "integer"
    # Every page search() allows is one from/size request.
    assert settings["max_result_window"] == MAX_PAGE * MAX_PER_PAGE


def test_no_character_folds_to_the_separator():
    controls = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf"))
    assert TOKEN_SEP in controls
    assert TOKEN_SEP not in fold("遥感" + controls + "影像")
    assert TOKEN_SEP not in fold(TOKEN_SEP * 3)
    for t in bigrams(fold(f"城市{TOKEN_SEP}綠地")):
        assert TOKEN_SEP not in t


def test_exporting_again_refuses_and_leaves_the_files_as_they_were(exported):
    arc, out, _ = exported
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(before) == {TEMPLATE_FILE, DOCUMENTS_FILE}
    with pytest.raises(StoreError) as err:
        write_export(arc, out)
    assert "exists already" in str(err.value) and "\n" not in str(err.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_leftover_documents_file_alone_is_refused_too(exported, tmp_path):
    arc, _, _ = exported
    (tmp_path / DOCUMENTS_FILE).write_text("keep me\n", encoding="utf-8")
    with pytest.raises(StoreError, match=DOCUMENTS_FILE):
        write_export(arc, tmp_path)
    assert (tmp_path / DOCUMENTS_FILE).read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / TEMPLATE_FILE).exists()


def test_an_export_that_fails_midway_leaves_no_file_behind(exported, tmp_path, monkeypatch):
    arc, _, _ = exported
    import indexer.sync

    def broken(archive):
        yield from list(all_documents(archive))[:2]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(indexer.sync, "all_documents", broken)
    with pytest.raises(StoreError, match="No space left"):
        write_export(arc, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_an_index_name_opensearch_would_refuse_is_refused_before_writing(exported, tmp_path):
    arc, _, _ = exported
    with pytest.raises(StoreError, match="index name"):
        write_export(arc, tmp_path / "out", index="Wenyuan")
    assert not (tmp_path / "out").exists()


def test_a_word_over_lucenes_term_limit_is_dropped_and_nothing_else():
    huge = "a" * (MAX_TERM_BYTES + 1)
    doc = article_document("p1", Record(title="遥感影像", body=f"遥感影像 {huge} 建筑物提取"))
    source = source_of(doc)
    full = with_words(doc)
    ours = [w for w, _, _ in words(fold(full["words"]))]
    assert huge in ours   # rjieba keeps the run as one word
    assert split_tokens(source["words_tokens"]) == [w for w in ours if w != huge]
    assert split_tokens(source["body_tokens"]) == bigrams(fold(doc["body"]))   # bigrams are never long


def test_line_separators_inside_text_never_split_a_bulk_line():
    body = "第一段\u2028第二段\u2029第三段\x85结束\n换行"
    doc = article_document("p7", Record(title="段落", body=body, related=[RelatedItem(text="其他")]))
    text = "".join(bulk_lines([doc], index="wenyuan-2"))
    assert text.splitlines() == text.split("\n")[:-1]
    action, source = (json.loads(line) for line in text.splitlines())
    assert action == {"index": {"_index": "wenyuan-2", "_id": "p7"}}
    assert source["body"] == body and len(source["snippet_keys"]) == 1


def test_a_field_the_mapping_lacks_is_refused_rather_than_exported():
    doc = {**article_document("p1", Record(title="遥感")), "pages": "p1,p2"}
    with pytest.raises(ValueError, match="pages"):
        source_of(doc)


def test_the_module_does_not_import_whoosh():
    code = "import sys, indexer.opensearch; print(sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'))"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_the_cli_writes_the_export_into_the_folder_it_is_given_and_refuses_stdout(exported, tmp_path):
    arc, first, counts = exported
    home = str(arc.home)
    out = tmp_path / "os"
    export = [sys.executable, "-m", "cli", "--home", home, "export", "--format", "opensearch"]
    r = subprocess.run([*export, "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"exported {counts['pages']} pages" in r.stderr
    assert (out / DOCUMENTS_FILE).read_bytes() == (first / DOCUMENTS_FILE).read_bytes()
    assert (out / TEMPLATE_FILE).read_bytes() == (first / TEMPLATE_FILE).read_bytes()
    r = subprocess.run(export, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "-o DIR" in r.stderr and "Traceback" not in r.stderr
