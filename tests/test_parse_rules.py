"""Each parser rule, pinned by a named case on small real-shaped pages.

The article texts are real abstracts from shared/data/csl-dev.tsv.
"""
from __future__ import annotations

import pytest

from archive.page import parse_page
from archive.parse import (clean_authors, clean_keywords, clean_related, clean_source,
                           clean_title, parse_text)

P1 = ("采用修正的Rodrigues参数(MRP),建立了飞行器姿态控制系统的数学模型；利用刚体姿态动力学方程和"
      "运动学方程建立了带有转动惯量体坐标系各轴间耦合量的非线性控制系统模型。")
P2 = ("水运工程项目作为我国航运和水利的重要组成部分,其重要性不言而喻.针对现阶段水运工程项目建设和"
      "运行过程中存在的管理制度不够完善、施工材料耗损大、技术人员专业知识匮乏等问题。")
P3 = ("仿真结果表明,用这种方法设计镇定控制器简化了设计过程,并且控制器具有较快的响应速度和较好的"
      "收敛性,为工程应用提供了参考。")
SNIP = "通过分析影响水运工程项目全过程管理的要素,并重点从组织机构管理、质量管理、成本管理、进度"


def page(body_html: str, title: str = "飞行器大角度机动镇定控制器设计方法", head: str = "") -> dict:
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} - 某某文库</title>"
            f"{head}</head><body>{body_html}</body></html>")
    return parse_page(html.encode("utf-8"), name="case.html").record.to_dict()


def article(meta: str = "", extra: str = "", after: str = "") -> dict:
    return page(f"<div class='nav'><a href='/'>首页</a> | <a href='/a'>期刊</a></div>"
                f"<h1>飞行器大角度机动镇定控制器设计方法</h1>{meta}"
                f"<div class='c'><p>{P1}</p><h3>1 研究方法</h3><p>{P2}</p>{extra}<p>{P3}</p></div>{after}")


# ------------------------------------------------------------------ title

def test_title_comes_from_the_heading_not_the_title_tag_suffix():
    assert article()["title"] == "飞行器大角度机动镇定控制器设计方法"


@pytest.mark.parametrize("shown, expected", [
    ("基于平方和优化的控制器设计.pdf", "基于平方和优化的控制器设计"),
    ("基于平方和优化的控制器设计.docx", "基于平方和优化的控制器设计"),
    ("基于平方和优化的控制器设计 网络首发", "基于平方和优化的控制器设计"),
    ("【网络首发】基于平方和优化的控制器设计", "基于平方和优化的控制器设计"),
    ("基于平方和优化的控制器设计[J]", "基于平方和优化的控制器设计"),
    ("基于平方和优化的控制器设计*", "基于平方和优化的控制器设计"),
])
def test_title_drops_file_suffixes_and_badges(shown, expected):
    assert clean_title(shown) == expected


def test_title_without_heading_falls_back_to_a_line_matching_the_title_tag():
    rec = page(f"<div class='t'>水运工程施工项目全过程管理的有效性探索</div><p>{P1}</p>",
               title="水运工程施工项目全过程管理的有效性探索")
    assert rec["title"] == "水运工程施工项目全过程管理的有效性探索"


def test_site_logo_h1_is_not_the_title():
    rec = page(f"<h1><a href='/'>某某文库</a></h1><div><h2>水运工程施工项目全过程管理的有效性探索</h2>"
               f"<p>{P1}</p></div>", title="水运工程施工项目全过程管理的有效性探索")
    assert rec["title"] == "水运工程施工项目全过程管理的有效性探索"


# ------------------------------------------------------------------ label families

@pytest.mark.parametrize("line, source", [
    ("来源 :中国防伪报道", "中国防伪报道"),
    ("刊名：园艺与种苗科学", "园艺与种苗科学"),
    ("出处：《园艺与种苗科学》2020年第3期", "园艺与种苗科学"),
    ("来源期刊：《园艺与种苗科学》2020年第3期", "园艺与种苗科学"),
    ("期刊：园艺与种苗科学 2020, 12(3)", "园艺与种苗科学"),
    ("文献来源：园艺与种苗科学", "园艺与种苗科学"),
    ("來源：園藝與種苗科學", "園藝與種苗科學"),
])
def test_source_label_spellings(line, source):
    assert article(f"<div>{line}</div>")["source"] == source


def test_source_from_issue_line_without_label():
    assert article("<div><a>农林经济管理进展</a> 2021年 第07期 页码：134-137</div>")["source"] == "农林经济管理进展"


def test_disclaimer_mentioning_laiyuan_is_not_a_source():
    rec = article(after="<div class='ft'>本站文档一文来源于网友上传，如有侵权请联系删除</div>")
    assert rec["source"] is None


@pytest.mark.parametrize("line, n", [
    ("被引量 : 0次", 0), ("被引次数：<em>12</em>", 12), ("被引用次數：7", 7), ("被引量：１２次", 12),
    ("被引频次：3", 3),
])
def test_citation_label_spellings_and_fullwidth_digits(line, n):
    assert article(f"<div>{line}</div>")["citations"] == n


def test_no_citation_count_means_null():
    assert article()["citations"] is None


@pytest.mark.parametrize("line, user", [
    ("上传用户:capfhn", "capfhn"), ("上传者：<a>小鱼文档</a> 上传时间：2018-04-13", "小鱼文档"),
    ("上傳用戶：lib_tw", "lib_tw"),
])
def test_uploader_label_spellings(line, user):
    assert article(f"<div>{line}</div>")["uploader"] == user


def test_empty_editor_field_is_not_an_uploader():
    assert article("<div>小编: </div>")["uploader"] is None


def test_meta_line_with_three_fields_separated_by_bars():
    rec = article("<div>来源 :中国防伪报道 | 被引量 : 3次 | 上传用户:capfhn</div>")
    assert (rec["source"], rec["citations"], rec["uploader"]) == ("中国防伪报道", 3, "capfhn")


def test_glued_inline_fields_are_split_at_labels():
    rec = article("<div><span>上传者：dsp2020</span><span>上传时间：2009-09-18</span><span>页数：5页</span></div>")
    assert rec["uploader"] == "dsp2020"


def test_table_cells_carry_label_and_value():
    rec = article("<table><tr><td>刊名</td><td>园艺与种苗科学</td></tr><tr><td>被引次数</td><td>4</td></tr></table>")
    assert rec["source"] == "园艺与种苗科学" and rec["citations"] == 4


@pytest.mark.parametrize("label", ["关键词：", "关键字：", "關鍵詞：", "【关键词】", "〔关键词〕", "[关键词]"])
def test_keyword_label_spellings(label):
    rec = article(f"<p>{label}平方和优化；大角度机动；Lyapunov函数</p>")
    assert rec["keywords"] == ["平方和优化", "大角度机动", "Lyapunov函数"]


@pytest.mark.parametrize("value, expected", [
    ("旅游资源；评价；开发；", ["旅游资源", "评价", "开发"]),
    ("旅游资源, 评价, 开发", ["旅游资源", "评价", "开发"]),
    ("旅游资源、评价、开发", ["旅游资源", "评价", "开发"]),
    ("旅游资源  评价  开发", ["旅游资源", "评价", "开发"]),
    ("花生种子；17.5 kDa多肽", ["花生种子", "17.5 kDa多肽"]),
])
def test_keywords_split_on_separators_or_space_runs(value, expected):
    assert clean_keywords(value) == expected


def test_site_tag_line_is_not_the_keyword_list():
    rec = article("<div>标签：论文 期刊 控制器</div>")
    assert rec["keywords"] == []


@pytest.mark.parametrize("label", ["摘要：", "摘 要：", "提要：", "〔摘要〕", "【摘要】", "[摘要]"])
def test_abstract_label_spellings_and_never_in_body(label):
    rec = article(f"<p>{label}{P3}</p>", extra="")
    assert rec["abstract"] == P3
    assert rec["body"].count(P3) == 0


def test_abstract_label_alone_takes_the_next_block():
    rec = article(f"<div>摘要</div><div>{SNIP}</div>")
    assert rec["abstract"] == SNIP


def test_english_abstract_is_neither_abstract_nor_body():
    rec = article(f"<p>摘要：{SNIP}</p><p>Abstract: A new design method of the stabilizing controller "
                  f"is proposed based on sum of squares.</p><p>Key words: SOS; attitude control</p>")
    assert rec["abstract"] == SNIP
    assert "Abstract" not in rec["body"] and "SOS" not in rec["body"]


# ------------------------------------------------------------------ authors

@pytest.mark.parametrize("value, names", [
    ("王伟1 李强2", ["王伟", "李强"]),
    ("王伟1,2，李强2*", ["王伟", "李强"]),
    ("苗 红，张三丰", ["苗红", "张三丰"]),
    ("苗 红 王 伟", ["苗红", "王伟"]),
    ("王伟；李强；赵佳琪", ["王伟", "李强", "赵佳琪"]),
    ("王伟(清华大学 土木工程系)、李强(北京大学)", ["王伟", "李强"]),
])
def test_author_names_lose_superscripts_affiliations_and_layout_spaces(value, names):
    assert clean_authors(value) == names


def test_author_links_with_sup_affiliation_marks():
    rec = article("<h3><span><a>姜宏伟</a><sup>1</sup></span><span><a>方玉兰</a><sup>2</sup></span></h3>"
                  "<h3><span>1. 太原大学信息科学与工程学院</span><span>2. 长沙大学食品科学与工程学院</span></h3>")
    assert rec["authors"] == ["姜宏伟", "方玉兰"]
    assert "学院" not in rec["body"]


def test_labelled_author_line():
    assert article("<p>作者：王伟，李强</p>")["authors"] == ["王伟", "李强"]


def test_an_unlabelled_line_of_latin_words_above_a_chinese_article_is_not_its_authors():
    # A document-sharing page's counters and buttons, and the English byline, stand where
    # an unlabelled Chinese author line would.
    for line in ("Embed Size (px)", "Zhang Wei, Li Qiang"):
        assert article(f"<p>{line}</p>")["authors"] == [], line
    assert article("<p>王伟 李强</p>")["authors"] == ["王伟", "李强"]   # the Chinese line still is


# ------------------------------------------------------------------ boilerplate and metadata

@pytest.mark.parametrize("chrome", [
    "下载到本地 , 更方便阅读",
    "声明 : 本文档内容版权归属内容提供方 , 如果您对本文有版权争议 , 可与客服联系进行内容授权或下架",
    "还剩2页未读，继续阅读",
    "立即下载 加入VIP，免费下载 举报",
    "PDF下载 CAJ下载 HTML阅读 引用",
    "- 2 -",
    "1/4",
    "第1页/共5页",
    "Copyright © 2012-2023 某某文库 All Rights Reserved. 浙ICP备17032658号-2",
    "当前位置：首页 > 期刊论文 > 水产",
    "本文暂无HTML全文，请下载PDF阅读。",
    "扫描二维码，手机阅读全文",
    "毕业论文查重 低至1元/千字",
])
def test_boilerplate_line_is_never_body(chrome):
    rec = article(extra=f"<div>{chrome}</div>")
    assert rec["body"].split("\n") == [P1, "1 研究方法", P2, P3]


@pytest.mark.parametrize("meta", [
    "基金项目：国家自然科学基金项目(49105211)", "中图分类号：TS201.2", "文献标识码：A",
    "DOI：10.3969/j.issn.1671-2064.2020.03.001", "收稿日期：2020-03-01",
    "作者简介：王伟（1980-），男，博士，研究方向为控制理论。", "文章编号：1671-2064(2020)03-0001-03",
])
def test_metadata_lines_are_never_body(meta):
    rec = article(f"<p>{meta}</p>")
    assert rec["body"].split("\n") == [P1, "1 研究方法", P2, P3]


def test_label_alone_with_value_in_next_block_is_metadata():
    rec = article("<div>基金资助：</div><p>国家自然科学基金项目(49106585)；</p><div>分类号：</div><p>TU753</p>")
    assert "基金" not in rec["body"] and "TU753" not in rec["body"]


def test_body_markers_are_not_body():
    rec = article("<div>论文部分内容阅读</div>")
    assert "论文部分内容阅读" not in rec["body"]


def test_references_end_the_article():
    rec = article(after="<h3>参考文献</h3><p>[1] 王伟.控制器设计[J].自动化学报,2010,36(2):1-5.</p>"
                        "<p>[2] 李强.姿态控制[M].北京:科学出版社,2008.</p>")
    assert "自动化学报" not in rec["body"] and "参考文献" not in rec["body"]


def test_landing_page_with_abstract_only_has_empty_body():
    rec = page(f"<h1>飞行器大角度机动镇定控制器设计方法</h1><div>摘要：{P1}</div>"
               f"<div>关键词：平方和优化；大角度机动</div><div>本文暂无HTML全文，请下载PDF阅读。</div>")
    assert rec["body"] == "" and rec["abstract"] == P1


def test_indentation_is_removed_from_paragraphs():
    rec = article(extra=f"<p>\u3000\u3000{SNIP}</p>")
    assert SNIP in rec["body"].split("\n")


# ------------------------------------------------------------------ invisible text

@pytest.mark.parametrize("hidden", [
    "<!-- 旧版正文：这段文字不应出现在正文里 -->",
    "<p style='display:none'>这段文字不应出现在正文里</p>",
    "<p style='visibility: hidden'>这段文字不应出现在正文里</p>",
    "<div hidden>这段文字不应出现在正文里</div>",
    "<template><p>这段文字不应出现在正文里</p></template>",
    "<noscript>这段文字不应出现在正文里</noscript>",
    "<script>document.write('<p>这段文字不应出现在正文里</p>')</script>",
    "<script type='application/ld+json'>{\"text\": \"这段文字不应出现在正文里\"}</script>",
    "<style>.x{color:red}</style><span class='gone'>这段文字不应出现在正文里</span>",
])
def test_invisible_text_is_never_body(hidden):
    rec = page(f"<style>.gone{{display:none}}</style><h1>飞行器大角度机动镇定控制器设计方法</h1>"
               f"<div><p>{P1}</p>{hidden}<p>{P2}</p></div>")
    assert "不应出现" not in rec["body"]
    assert rec["body"].split("\n") == [P1, P2]


def test_collapsed_box_with_max_height_is_still_body():
    rec = page(f"<h1>飞行器大角度机动镇定控制器设计方法</h1><div style='max-height:300px;overflow:hidden'>"
               f"<p>{P1}</p><p>{P2}</p></div><div>展开全文</div>")
    assert rec["body"].split("\n") == [P1, P2]


# ------------------------------------------------------------------ related literature

@pytest.mark.parametrize("heading", ["其他文献", "相关文献", "相似文献", "推荐文献", "相关文章", "相关论文",
                                     "相关文档", "相关推荐"])
def test_related_heading_spellings(heading):
    rec = article(after=f"<div><h3>{heading}</h3><ul><li><a href='/p1'>{SNIP}</a></li>"
                        f"<li><a href='/p2'>水运工程施工项目全过程管理的有效性探索</a></li></ul></div>")
    assert [r["text"] for r in rec["related"]] == [SNIP, "水运工程施工项目全过程管理的有效性探索"]
    assert rec["related"][0]["url"] == "/p1"
    assert SNIP not in rec["body"]


def test_related_items_lose_numbering_category_labels_and_item_metadata():
    rec = article(after="<div><h4>相似文献</h4><ul>"
                        "<li><span>[1]</span><a href='/d1'>林权抵押贷款风险防范问题探讨</a>"
                        "<span>工程技术研究</span>.<span>2010</span></li>"
                        "<li>期刊</li>"
                        "<li>2. <a href='/d2'>中印农村微型金融运作的比较及启示</a> 3页</li></ul></div>")
    assert [r["text"] for r in rec["related"]] == ["林权抵押贷款风险防范问题探讨", "中印农村微型金融运作的比较及启示"]


def test_site_wide_lists_are_not_related():
    rec = article(after="<div><h3>热门文档</h3><ul><li><a href='/h1'>2023年政府工作报告学习心得体会</a></li></ul></div>"
                        "<div><h3>本周排行</h3><ul><li><a href='/h2'>小学数学教学反思十篇</a></li></ul></div>")
    assert rec["related"] == []
    assert "心得体会" not in rec["body"] and "教学反思" not in rec["body"]


def test_page_without_related_section_has_empty_list():
    assert article()["related"] == []


def test_text_copy_related_lines_with_glued_journal_and_year():
    text = (f"预应力CFRP筋混凝土板试验研究\n摘要：{P1}\n全文阅读\n{P2}\n相似文献\n"
            "[1]水泥稳定碎石材料的合理应用地理与区域研究.2010\n[2]OV模型交通流阻尼特性研究图书情报探索.2011\n")
    rec = parse_text(text).to_dict()
    assert [r["text"] for r in rec["related"]] == ["水泥稳定碎石材料的合理应用", "OV模型交通流阻尼特性研究"]


@pytest.mark.parametrize("item, text", [
    ("[3] 基于粮食安全视角的粮食行业结构优化研究", "基于粮食安全视角的粮食行业结构优化研究"),
    ("3. 基于粮食安全视角的粮食行业结构优化研究", "基于粮食安全视角的粮食行业结构优化研究"),
    ("基于粮食安全视角的粮食行业结构优化研究 (2012)", "基于粮食安全视角的粮食行业结构优化研究"),
    ("2015年5月14日,中亚、黑海及巴尔干地区央行行长组织第33届央行行长会议在上海开幕。",
     "2015年5月14日,中亚、黑海及巴尔干地区央行行长组织第33届央行行长会议在上海开幕。"),
])
def test_related_item_cleaning_keeps_snippets_that_start_with_numbers(item, text):
    assert clean_related(item, False) == text


# ------------------------------------------------------------------ text copies

def test_text_copy_seed_layout():
    text = (f"浙江绍兴:立足新形势 探索打防新模式\n\n来源 :中国防伪报道 | 被引量 : 0次 | 上传用户:capfhn\n"
            f"下载到本地 , 更方便阅读\n论文部分内容阅读\n  {P1}\n  全要素参与 防范宣传不断深入\n  {P2}\n"
            f"其他文献\n{SNIP}\n期刊\n{P3[:40]}\n")
    rec = parse_text(text).to_dict()
    assert rec["title"] == "浙江绍兴:立足新形势 探索打防新模式"
    assert (rec["source"], rec["citations"], rec["uploader"]) == ("中国防伪报道", 0, "capfhn")
    assert rec["body"].split("\n") == [P1, "全要素参与 防范宣传不断深入", P2]
    assert [r["text"] for r in rec["related"]] == [SNIP, P3[:40]]


def test_source_cleaning():
    assert clean_source("《园艺与种苗科学》2020年第3期") == "园艺与种苗科学"
    assert clean_source("园艺与种苗科学, 2020, 12(3): 1-5") == "园艺与种苗科学"
    assert clean_source("  ") is None


def test_a_title_run_into_the_abstract_label_and_keywords_one_per_line_into_the_first_heading():
    # Seen on a paper site's text copy: `题名 [摘要]…`, an abstract whose first line ends
    # mid-sentence (；) and goes on below, `[关键词]` items one per line, each ending in `;`,
    # the last one run into the article's first heading.
    first, rest = P1.split("；", 1)
    text = ("网站首页 | 工学论文 | 管理学论文 | 教育论文 |\n"
            "您的位置:论文网 > 工学论文 > 飞行器大角度机动镇定控制器设计方法 正文 2019-10-12 07:36:01\n"
            "飞行器大角度机动镇定控制器设计方法\n"
            f"飞行器大角度机动镇定控制器设计方法 [摘要]{first}；\n{rest}\n"
            f"[关键词]姿态控制;\n修正罗德里格参数;\n镇定控制器 一、研究方法 {P2}\n{P3}\n")
    rec = parse_text(text).to_dict()
    assert rec["title"] == "飞行器大角度机动镇定控制器设计方法"
    assert rec["abstract"] == f"{first}；\n{rest}"
    assert rec["keywords"] == ["姿态控制", "修正罗德里格参数", "镇定控制器"]
    assert rec["body"].split("\n") == [f"一、研究方法 {P2}", P3]


def test_an_affiliation_run_into_the_abstract_label_stays_out_of_the_abstract():
    text = ("飞行器大角度机动镇定控制器设计方法\n张伟1,2,李娜2\n1.西北工业大学航天学院,陕西 西安 710072;\n"
            f"2.中国空间技术研究院,北京 100094摘要:{P1}\n关键词:姿态控制;镇定控制器\n1 研究方法\n{P2}\n{P3}\n")
    rec = parse_text(text).to_dict()
    assert rec["abstract"] == P1
    assert rec["keywords"] == ["姿态控制", "镇定控制器"]
    assert "100094" not in rec["body"] and P2 in rec["body"]


def test_teaser_cards_a_counter_with_no_number_and_a_portal_as_source_are_not_the_paper():
    # Seen on a service site's text copy: testimonial cards (bulleted prose cut with "...")
    # above the paper, a 点击数: whose number a script fills in, authors on the next line,
    # and 来源 naming the portal or 搜集整理 rather than a journal.
    cards = "\n".join(f"  • 读者{k} 副主任医师---{P3[:50]}..." for k in range(3))
    for source in ("搜集整理", "中国网·中国发展门户网"):
        text = (f"专业论文编修团队 联系我们\n客户评价 CUSTOMER FEEDBACK\n{cards}\n"
                "当前页面:论文 > 工学论文 > 正文内容\n\n飞行器大角度机动镇定控制器设计方法\n\n"
                f"来源:{source}   日期:2021-01-28 09:17:35点击数:\n\n张伟 李娜 王强\n西北工业大学航天学院\n"
                f"摘    要:\n{P1}\n关键词:\n姿态控制 镇定控制器\n")
        rec = parse_text(text).to_dict()
        assert rec["title"] == "飞行器大角度机动镇定控制器设计方法"
        assert rec["authors"] == ["张伟", "李娜", "王强"]
        assert rec["source"] is None
        assert rec["abstract"] == P1 and "副主任医师" not in rec["body"]


@pytest.mark.parametrize("value, expected", [
    ("中国网·中国发展门户网", None), ("人民网", None), ("电网技术", "电网技术"), ("互联网经济", "互联网经济"),
    ("搜集整理", None),
])
def test_a_website_or_a_collectors_note_is_no_source(value, expected):
    assert clean_source(value) == expected
