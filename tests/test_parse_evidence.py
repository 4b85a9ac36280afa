"""The parser decides by evidence on layouts learned from real pages: each test is a page
written here, in the shape of one kind of real page, with its text from real paper records
(csl-dev style) or made up, never copied from a site."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.evidence import is_prose, is_site_notice
from archive.page import parse_page
from archive.parse import parse_text, squash
from conftest import ROOT

# Real-paper-like sentences (our own wording, in the style of csl-dev abstracts).
SENTENCES = [
    "本文以某市三所中学为例，分析了篮球运动技能教学中存在的主要问题。",
    "研究结果表明，案例教学能够显著提高学生的参与度和技能掌握水平。",
    "针对当前档案管理工作的不足，提出了加强信息化建设的具体对策。",
    "实验采用面板数据模型，对二〇〇八年至二〇一六年的样本进行了回归分析。",
    "结合高校学科建设的实际情况，探讨了一流学科建设的路径与机制。",
    "通过问卷调查和访谈，了解了农村小学作文教学的现状及其成因。",
    "相变蓄冷材料在冷链物流中的应用前景广阔，但仍需解决成本问题。",
    "该方法计算简便，结果稳定，可为同类工程的设计提供参考依据。",
]


def test_a_one_paragraph_article_keeps_its_paragraph():
    para = SENTENCES[0] + SENTENCES[1]
    rec = parse_text(f"{para}\n")
    assert squash(para) in squash(rec.body)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4),
       st.sampled_from(["", "论文部分内容阅读\n", "下载到本地 , 更方便阅读\n"]),
       st.booleans())
def test_no_paragraph_of_an_article_is_ever_dropped(sentences, before, with_title):
    """Whatever chrome stands above it, a paragraph of running text lands in body (or is
    recognised as the abstract): it is never chrome without positive evidence."""
    para = "".join(sentences)
    head = "基于案例教学的中学篮球技能教学研究\n来源:体育教学 | 被引量:2次\n" if with_title else ""
    rec = parse_text(head + before + para + "\n")
    kept = squash(rec.body) + squash(rec.abstract or "")
    assert squash(para) in kept
    assert rec.not_article is None


def test_title_is_the_line_the_page_repeats_in_its_page_strips():
    title = "以案例为导向的中学生篮球运动技能教学优化路径探究"
    page = "\n".join([f"{title}_第{i}页" for i in range(1, 5)] + [
        "已阅读4页,还剩18页未读 继续免费阅读",
        "版权说明:本文档由用户提供并上传,收益归属内容提供方,若内容存在侵权,请进行举报或认领",
        "文档简介",
        SENTENCES[0] + SENTENCES[1],
    ])
    rec = parse_text(page)
    assert rec.title == title
    assert rec.body == SENTENCES[0] + SENTENCES[1]   # page strips and notices are chrome


def test_title_authors_and_source_come_from_the_page_citing_itself():
    page = "\n".join([
        "《塑料世界》编辑部 ©2008-2024 版权所有",
        "塑料世界 ›› 2021, Vol. 35 ›› Issue (4): 106-115.",
        "收稿日期:", "2020-09-01",
        "摘要:", SENTENCES[6],
        "张红雨, 万贤, 陈妍. 相变蓄冷材料在冷链物流中的研究进展[J]. 塑料世界, 2021, 35(4): 106-115.",
        "分类 | 举例 |", "有机相变材料 | 石蜡 |",
    ])
    rec = parse_text(page)
    assert rec.title == "相变蓄冷材料在冷链物流中的研究进展"
    assert rec.authors == ["张红雨", "万贤", "陈妍"]
    assert rec.source == "塑料世界"
    assert rec.abstract == SENTENCES[6]
    assert rec.body == ""   # a landing page: what is left is dates and a table panel


def test_a_reference_list_entry_is_not_the_page_citing_itself():
    page = "\n".join([
        "农村小学作文教学现状调查", "李明", "摘要:" + SENTENCES[5], "一、引言", SENTENCES[2],
        "参考文献", "[1] 王强. 作文教学新论[J]. 语文学刊, 2010, 3(2): 1-5.",
    ])
    rec = parse_text(page)
    assert rec.title == "农村小学作文教学现状调查" and rec.source is None


def test_a_result_list_is_not_an_article():
    rows = [f"{i}. 小学作文教学研究之{i}\n作者:王{i}\n摘要:{SENTENCES[i % 8]}\n被引:{i}" for i in range(1, 6)]
    rec = parse_text("检索\n" + "\n".join(rows))
    assert rec.not_article == "a list of records"
    assert rec.title == "" and rec.body == "" and rec.authors == []


def test_a_result_counter_or_grid_header_marks_a_search_page():
    rec = parse_text("学术检索\n找到 1,234 条结果\n" + SENTENCES[0])
    assert rec.not_article == "a search-result page" and rec.body == ""
    rec = parse_text("序号 题名 作者 来源 发表时间 被引 下载\n1 小学作文教学研究 王一 语文学刊 2010 3 20\n")
    assert rec.not_article == "a result grid"


def test_a_heading_with_nothing_of_a_paper_is_not_an_article():
    rec = parse_text("书目详细信息 : 信息世界 2000 No.7-12\n")
    assert rec.not_article == "no article text" and rec.title == ""


def test_site_notices_are_chrome_but_an_article_about_users_is_not():
    notice = "说明:文章内容仅供预览,部分内容可能不全,需要完整文档请下载word后使用,有问题请添加微信号或QQ处理。"
    assert is_site_notice(notice)
    article = "图书馆用户可以在线阅读和下载电子文献，借阅量因此逐年上升。"
    assert not is_site_notice(article) and is_prose(article)
    rec = parse_text(f"电子图书馆服务研究\n{notice}\n{article}\n")
    assert rec.body == article


def test_label_rows_without_colons_are_read_as_labels():
    page = "\n".join(["回查詢結果", "題名 走過肝炎鄉", "作者 盧勝男;", "期刊 中華公共衛生雜誌",
                      "關鍵詞 肝炎;", "出版日期 19980600"])
    rec = parse_text(page)
    assert (rec.title, rec.authors, rec.source) == ("走過肝炎鄉", ["盧勝男"], "中華公共衛生雜誌")
    assert rec.keywords == ["肝炎"]


def test_a_lone_line_starting_with_a_label_word_stays_text():
    page = f"编者的话\n作者 的话往往最能打动读者,本期我们请三位作者谈谈写作的甘苦。\n{SENTENCES[3]}\n"
    rec = parse_text(page)
    assert "作者的话往往" in squash(rec.body) and rec.authors == []


def test_keywords_listed_one_per_line_under_their_label():
    page = "\n".join(["摘要", SENTENCES[5], "作者", "张晓花", "出处", "《天津教育》", "关键词",
                      "小学语文", "高年级", "作文教学", "Elementary school Chinese", "Senior grades"])
    rec = parse_text(page)
    assert rec.keywords == ["小学语文", "高年级", "作文教学"]
    assert rec.authors == ["张晓花"] and rec.source == "天津教育"
    assert rec.body == ""   # English keywords, one per line, are not the article


def test_traditional_labels_and_pinyin_glossed_labels_are_labels():
    page = "\n".join(["傳統與新型基礎設施投資如何推動經濟增長", "楊思涵 佟孟華 艾永芳",
                      "[摘?要]?文章基于面板數據,實證檢驗了政府主導的基礎設施投資的經濟效應,探究其對經濟增長的影響。",
                      "[關(guān)鍵詞]傳統基礎設施投資;新型基礎設施投資", "[分類號(hào)]F283", "一、引言",
                      "基礎設施是所有政府、企業和家庭都離不開的公共物品,其投資規模一直受到關注。"])
    rec = parse_text(page)
    assert rec.title == "傳統與新型基礎設施投資如何推動經濟增長"
    assert rec.authors == ["楊思涵", "佟孟華", "艾永芳"]
    assert rec.keywords == ["傳統基礎設施投資", "新型基礎設施投資"]
    assert rec.abstract.startswith("文章基于面板數據")
    assert rec.body.splitlines()[0] == "一、引言"


def test_one_paragraph_between_the_head_and_the_keyword_label_is_the_abstract():
    page = "\n".join(["谢 静 韩双淼 | 世界一流大学的学科样态与生成逻辑", SENTENCES[4] + SENTENCES[1], "关键词",
                      "世界一流大学;学科;学科结构", SENTENCES[2] + SENTENCES[7]])
    rec = parse_text(page)
    assert rec.title == "世界一流大学的学科样态与生成逻辑"
    assert rec.abstract == SENTENCES[4] + SENTENCES[1]
    assert rec.body == SENTENCES[2] + SENTENCES[7]


def test_a_bulleted_sidebar_list_above_the_article_ends_at_its_last_bullet():
    items = ["《农书》和《乌青志》", "以辽墓壁画为中心的分茶研究", "张家山汉墓竹简研究述评"]
    page = "\n".join(["首页 | 历史论文 | 教案试题 | 历史故事", "相关文章"] + [f"  • {t}" for t in items]
                     + ["  • 最新热门", "明清史研究与明清档案", SENTENCES[2], "二、明清档案工作", SENTENCES[7]])
    rec = parse_text(page)
    assert [r.text for r in rec.related] == items
    assert rec.title == "明清史研究与明清档案"
    assert rec.body.splitlines() == [SENTENCES[2], "二、明清档案工作", SENTENCES[7]]


def test_an_english_translation_of_the_paragraph_is_not_body():
    en = ("Primary school is the basic stage of teaching and has a very important influence on "
          "the future study of students, so writing deserves more attention in class.")
    rec = parse_text(f"论文部分内容阅读\n{SENTENCES[5]}\n{en}\n")
    assert rec.body == SENTENCES[5]


def test_a_not_article_html_page_is_parsed_not_refused():
    rows = "".join(f"<tr><td>{i}</td><td><a href='/d{i}'>小学作文教学研究之{i}</a></td><td>王{i}</td>"
                   f"<td>语文学刊</td><td>2010</td></tr>" for i in range(1, 8))
    html = ("<html><head><meta charset='utf-8'><title>检索结果</title></head><body>"
            "<div>共找到 7 条结果</div><table><tr><th>序号</th><th>题名</th><th>作者</th><th>来源</th>"
            f"<th>发表时间</th></tr>{rows}</table></body></html>").encode()
    parsed = parse_page(html, name="list.html")
    assert parsed.record.not_article and parsed.record.title == "" and parsed.record.body == ""


def _wenyuan(home, *args):
    return subprocess.run([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                          capture_output=True, timeout=300, stdin=subprocess.DEVNULL)


def test_import_archives_a_not_article_page_without_indexing_it(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    rows = "\n".join(f"{i}. 作文教学研究之{i}\n作者:王{i}\n摘要:{SENTENCES[i % 8]}\n被引:{i}" for i in range(1, 6))
    (pages / "list.txt").write_text("检索\n" + rows + "\n", encoding="utf-8")
    (pages / "article.txt").write_text("农村小学作文教学现状调查\n来源:语文学刊 | 被引量:1次\n"
                                       + SENTENCES[5] + "\n", encoding="utf-8")
    home = tmp_path / "home"
    r = _wenyuan(home, "import", str(pages), "--json")
    assert r.returncode == 0, r.stderr.decode()
    summary = json.loads(r.stdout)
    assert summary["imported"] == 2 and summary["not_articles"] == 1 and not summary["rejected"]
    r = _wenyuan(home, "search", "作文教学", "--json")
    titles = [h["title"] for h in json.loads(r.stdout)["hits"] if h["kind"] == "article"]
    assert titles == ["农村小学作文教学现状调查"]   # the list page is archived, not searchable
    stats = json.loads(_wenyuan(home, "stats", "--json").stdout)
    assert stats["pages"] == 2 and stats["not_articles"] == 1 and stats["records"] == 1
    r = _wenyuan(home, "parse", "--json", str(pages / "list.txt"))
    assert r.returncode == 0 and json.loads(r.stdout)["title"] == ""
    assert "not an article (a list of records)" in r.stderr.decode()


@pytest.mark.parametrize("lines, expected", [
    (["标题", "出  处:《教育教学论坛》2022年第5期185-188,共4页"], (2022, "第5期")),
    (["标题", "2021年第24期158-159,共2页"], (2021, "第24期")),
    (["标题", "来源：中国药学杂志 2013, 39(1): 12-15"], (2013, "39(1)")),
    (["标题", "期刊：计算机学报 2016(05)"], (2016, "(05)")),
    (["标题", "发表时间：2015-03-02"], (2015, None)),
    (["标题", "该奖设立于1990年,1999年第二届,2006年第三届"], (None, None)),   # running text
])
def test_year_and_issue_come_from_meta_lines_only(lines, expected):
    from archive.evidence import year_issue

    assert year_issue(lines) == expected


def test_article_glued_after_an_english_abstract_on_one_line_is_body():
    # One rendered line: [摘要]…[关键词]…/English Abstract: English… and then the article.
    english = ("Abstract: The study analyses basketball skill teaching in three middle schools, "
               "and proposes case teaching as a remedy for its main problems. ")
    line = f"[摘要]{SENTENCES[0]} [关键词]篮球教学 案例教学/Basketball;Case teaching {english}" \
           f"{SENTENCES[1]}{SENTENCES[7]}"
    rec = parse_text(line + "\n")
    assert rec.abstract == SENTENCES[0].strip()
    assert rec.keywords == ["篮球教学", "案例教学"]
    assert squash(rec.body) == squash(SENTENCES[1] + SENTENCES[7])


def test_a_label_doubled_by_its_icon_text_is_still_a_label():
    page = "\n".join(["論文名稱:高校一流學科建設的路徑研究", "研究生:林曉雯", "相關次數:",
                      "  • 被引用被引用:3", "  • 點閱點閱:263", "  • 收藏至我的研究室書目清單書目收藏:5",
                      "第一章 緒論", SENTENCES[4] + SENTENCES[7]])
    rec = parse_text(page)
    assert rec.citations == 3
    assert "收藏" not in rec.body and "點閱" not in rec.body   # counters in a list are chrome


def test_unlabelled_prose_under_a_catalogue_record_is_its_abstract():
    # A thesis database's detail page: label rows, then the abstract with no label of its own.
    rows = ["研究生:林曉雯", "論文名稱:高校一流學科建設的路徑研究", "指導教授:陳志強", "學位類別:碩士",
            "校院名稱:國立某大學", "論文出版年:2010", "中文關鍵詞:一流學科、建設路徑"]
    para1, para2 = SENTENCES[4] + SENTENCES[1], SENTENCES[2] + SENTENCES[7]
    rec = parse_text("\n".join(rows + [para1, para2]) + "\n")
    assert rec.title == "高校一流學科建設的路徑研究" and rec.authors == ["林曉雯"]
    assert rec.abstract == f"{para1}\n{para2}"
    assert rec.body == ""   # a landing page: the record holds no full text


def test_a_full_text_page_with_a_short_record_keeps_its_body():
    # Too few label rows for a catalogue record: the prose is the article.
    page = "\n".join(["高校一流学科建设的路径研究", "作者:林晓雯", "关键词:一流学科", SENTENCES[4], SENTENCES[2]])
    rec = parse_text(page)
    assert rec.abstract is None and squash(SENTENCES[4]) in squash(rec.body)


def test_a_table_of_contents_run_into_one_line_is_not_body_but_the_document_stays():
    title = "基于数据库的图书管理系统设计毕业论文"
    page = "\n".join([
        "首页 > 资源分类 > DOC文档下载", f"{title}.doc", "• 资源ID:3992402  全文页数:22页",
        "下载资源需要8金币", "温馨提示", "1、本站资源下载后的文档无水印,预览文档经过压缩。",
        "2、试题试卷类文档,如果标题没有明确说明有答案则都视为没有答案,请知晓。", f"{title}.doc",
        "基于数据库的图书管理系统设计目录1 绪论11.1 开发背景11.2 开发工具的选用12总体设计32.1系统分析3"
        "2.2 系统目标32.3总体需求4"])
    rec = parse_text(page)
    assert rec.not_article is None and rec.title == title
    assert rec.body == ""


def test_a_help_page_walking_through_screens_is_not_an_article():
    steps = ["在门户网站首页左上角,点击\"注册\"超链接,即可进行新用户注册,如下图所示:", "[image002.png]",
             "用户需认真阅读注册条款,勾选\"同意\"复选框后,点击\"下一步\"才能进入注册页面。", "[image004.png]",
             "在注册页面填写相应信息,其中加星号的为必填内容,点击\"提交\"按钮,完成注册。"]
    rec = parse_text("用户注册\n1.1 注册新用户\n" + "\n".join(steps) + "\n")
    assert rec.not_article == "a help page" and rec.body == ""
    # An article that mentions clicking now and then is still an article.
    rec = parse_text(SENTENCES[0] + "\n用户点击\"提交\"按钮后,系统保存记录。\n" + SENTENCES[1] + SENTENCES[2] + "\n")
    assert rec.not_article is None


def test_authors_beside_the_title_on_its_line_are_the_authors():
    page = f"谢 静 韩双淼 顾建民 | 世界一流大学的学科样态与生成逻辑\n作者简介 ●●\n{SENTENCES[4]}{SENTENCES[1]}\n"
    rec = parse_text(page)
    assert rec.title == "世界一流大学的学科样态与生成逻辑"
    assert rec.authors == ["谢静", "韩双淼", "顾建民"]


def test_pinyin_glosses_of_a_converter_stay_in_names_and_a_bracketed_address_is_no_title():
    names = "張東竹,劉 學(xué),杜 瑛,張夢(mèng)菲,黃麗紅"
    address = "(重慶醫(yī)科大學(xué)附屬醫(yī)院超聲科 402160)"
    title = "超聲引導(dǎo)下治療股動脈假性動脈瘤的臨床價值"
    page = "\n".join([names, address, title, names + "△", address,
                      "目的評價超聲引導下瘤腔內注射凝血酶的應用價值。方法選取確診患者五十六例,分為兩組進行比較。"])
    rec = parse_text(page)
    assert rec.title == title
    assert rec.authors == ["張東竹", "劉學(xué)", "杜瑛", "張夢(mèng)菲", "黃麗紅"]


def test_dublin_core_rows_of_a_repository_record_are_labels():
    page = "\n".join(["請用此 Handle URI 來引用此文件:", "http://repo.example.edu.tw/handle/123456789/1完整後設資料紀錄",
                      "| DC 欄位 | 值 | 語言 |", "|---|---|---|", "| dc.contributor.author | 林曉雯 | zh_TW |",
                      "| dc.date.issued | 1986 | |", "| dc.title | 高校一流學科建設的路徑研究 | zh_TW |",
                      "| dc.subject | 一流學科 | zh_TW |"])
    rec = parse_text(page)
    assert rec.title == "高校一流學科建設的路徑研究"   # not the lead-in line that ends with a colon
    assert rec.authors == ["林曉雯"] and rec.keywords == ["一流學科"]


def test_a_listing_that_repeats_its_items_labels_is_not_an_article():
    items = []
    for i, s in enumerate(SENTENCES[:2]):
        items += [f"第{i + 1}份资料的说明 {s}", f"上传时间: 2014-01-1{i}", f"上传用户:user{i}"]
    rec = parse_text("\n".join(items) + "\n")
    assert rec.not_article == "a list of records" and rec.uploader is None


def _html(body: str, title: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"
            ).encode()


def test_a_detail_pages_journal_box_names_the_source_and_a_glued_toggle_leaves_the_title():
    body = ("<div><a href='/'>首页</a> | <a href='/s'>搜索</a></div><div>中国期刊全文数据库</div>"
            "<h2>节点文献</h2><h1>高校一流学科建设的路径研究简</h1>"
            f"<p>摘要：{SENTENCES[4]}</p><p>关键词：一流学科; 建设路径;</p>"
            "<div><a href='/j'>教育发展研究</a> , <a href='/j'>Research in Educational Development</a>,</div>"
            "<div><a href='mailto:x@example.cn'>编辑部邮箱</a>,</div><div><a href='/i'>2016年12期</a></div>")
    rec = parse_page(_html(body, "高校一流学科建设的路径研究 - 中国期刊全文数据库"), name="d.html").record
    assert rec.title == "高校一流学科建设的路径研究"
    assert rec.source == "教育发展研究"


def test_an_uploader_shown_only_as_a_repeated_user_link_is_the_uploader():
    user = "<a href='http://library.example.com/userhome/19119980'>玄冰优</a>"
    body = (f"<h2>Python学习 爬虫获取数据并放到excel</h2><div>2017-06-02 {user}</div>"
            f"<p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p><p>来自： {user} &gt; 《Python》</p>"
            f"<div>{user}</div><div><a href='/u/1'>关注</a> <a href='/u/2'>对话</a></div>")
    rec = parse_page(_html(body, "Python学习 爬虫获取数据并放到excel"), name="d.html").record
    assert rec.uploader == "玄冰优"
    # One link to a user page, shown once, is not evidence enough.
    once = body.replace(f"<div>{user}</div>", "").replace(f"来自： {user}", "来自：")
    assert parse_page(_html(once, "Python学习"), name="d.html").record.uploader is None


def test_a_document_shown_only_by_its_contents_list_keeps_its_title_and_no_body():
    entries = ["摘要" + "." * 60 + " 2", "一、安检人员的概念及特点" + "." * 40 + " 4",
               "(一)、安检人员的概念 " + "." * 40 + " 4", "(二)、安检人员的特点 " + "." * 30 + " 5",
               "二、上班模式问题的现状描述 ..."]
    rec = parse_text("机场安检人员上班模式问题研究\n目录\n" + "\n".join(entries) + "\n")
    assert rec.not_article is None and rec.title == "机场安检人员上班模式问题研究"
    assert rec.body == "" and rec.abstract is None


def test_teaser_listings_are_not_articles():
    run_on = ("下文是为大家精选的篮球教学范文,希望对大家有帮助! [1]中学篮球技能教学研究 " + SENTENCES[0]
              + " [2]农村小学作文教学现状 " + SENTENCES[5] + " [3]冷链物流中的相变材料 " + SENTENCES[6])
    assert parse_text("篮球教学\n" + run_on + "\n").not_article == "a list of teasers"
    posts = []
    for s in SENTENCES[:3]:
        posts += [s[:12] + " / Notes", s[:12] + " / Notes", "image", s + "...", "(more...)"]
    assert parse_text("\n".join(posts) + "\n").not_article == "a list of teasers"
    # Citation marks inside running text are no items.
    cited = SENTENCES[0][:-1] + "[1]," + SENTENCES[1][:-1] + "[2]," + SENTENCES[2][:-1] + "[3]。"
    assert parse_text(cited + "\n").not_article is None


def test_a_journals_rules_for_authors_are_not_an_article():
    page = "\n".join(["首页 > 期刊导航 > 教育发展研究 > 论文格式要求", "教育发展研究杂志论文格式要求", "一、摘要",
                      "1.摘要应概括论文的研究目的、方法、主要结果与结论,宜写成报道性摘要,不加评论和解释。",
                      "二、关键词", "1.关键词应选取能反映论文主题的词或词组3~8个,词与词之间用分号隔开。"])
    rec = parse_text(page)
    assert rec.not_article == "submission guidelines" and rec.body == ""


def test_title_marks_of_libraries_and_collections_and_breadcrumb_categories():
    rec = parse_text(f"517.西方中世纪战争史研究近况综述(续).doc\n{SENTENCES[0]}{SENTENCES[1]}\n")
    assert rec.title == "西方中世纪战争史研究近况综述(续)"
    rec = parse_text(f"纪录片创作主体性研究(通用7篇)\n纪录片创作主体性研究 篇1\n{SENTENCES[2]}{SENTENCES[3]}\n")
    assert rec.title == "纪录片创作主体性研究"
    page = (f"体育论文\n您当前的位置:学术堂 > 体育论文 >\n体育产业投资趋势分析\n来源:体育科学研究 作者:邵景明\n"
            f"{SENTENCES[0]}\n")
    rec = parse_text(page)
    assert rec.title == "体育产业投资趋势分析" and "体育产业投资趋势分析" not in rec.body


def test_an_image_copied_as_markup_shows_its_alt_text():
    title = "腰舒胶囊治疗腰椎间盘突出症150例疗效观察"
    src = "page.png"
    imgs = [f'<image>src="{src}" alt="{title}_第{i}页"</image>' for i in range(1, 4)]
    rec = parse_text("\n".join(imgs + ["文档简介", SENTENCES[6] + SENTENCES[7]]) + "\n")
    assert rec.title == title and rec.body == SENTENCES[6] + SENTENCES[7]


def test_a_sites_lead_offering_its_essays_is_chrome():
    lead = "前言:想要写出一篇令人眼前一亮的文章吗?我们特意为您整理了5篇中学教师范文,相信会为您的写作带来帮助。"
    assert is_site_notice(lead)
    rec = parse_text(f"中学教师教学效能感研究\n{lead}\n{SENTENCES[4]}{SENTENCES[1]}\n")
    assert rec.body == SENTENCES[4] + SENTENCES[1]


def test_uploaders_a_site_editor_is_none_and_a_notice_can_name_one():
    rec = parse_text(f"篮球技能教学研究\n小编:韩立新\n{SENTENCES[0]}{SENTENCES[1]}\n")
    assert rec.uploader is None   # the site's editor, not who shared the file
    notice = "本文(篮球技能教学研究.doc)为本站会员(花间一壶)主动上传,文库仅提供信息存储空间。"
    rec = parse_text(f"篮球技能教学研究\n{notice}\n{SENTENCES[0]}{SENTENCES[1]}\n")
    assert rec.uploader == "花间一壶"


def test_a_keyword_tag_repeating_the_title_gives_way_to_the_papers_list():
    title = "基于多智能体的应急车辆信号优先控制研究"
    page = f"{title}\n关键词:{title}\n摘要:{SENTENCES[7]}\n关键词:智能交通;信号优先;多智能体\n{SENTENCES[2]}\n"
    assert parse_text(page).keywords == ["智能交通", "信号优先", "多智能体"]


def test_related_items_under_a_compound_heading_and_their_file_sizes():
    items = ["体育采访的深度与技巧", "我国女子集体性球类项目发展研究", "深化普通高校体育改革若干问题的思考"]
    lines = ["体育产业投资趋势分析", SENTENCES[0] + SENTENCES[1], "相关内容推荐"]
    for n, it in enumerate(items):
        lines += [it, f"PDF {n + 1}.2MB 2023-01-1{n}"]
    rec = parse_text("\n".join(lines) + "\n")
    assert [r.text for r in rec.related] == items


def test_a_name_spelled_one_character_a_line_is_the_author():
    page = "\n".join(["经济史视野中的大国崛起研究", "周", "雅", "宁", "1.引 言", SENTENCES[2] + SENTENCES[3]])
    rec = parse_text(page)
    assert rec.authors == ["周雅宁"] and "周" not in rec.body.splitlines()


def test_four_character_words_in_a_cover_form_are_not_authors():
    page = "\n".join(["风沙作用下塑料地膜破损现状分析", "毕业论文(设计)开题报告", "学生姓名",
                      SENTENCES[6] + SENTENCES[7]])
    assert parse_text(page).authors == []


def test_a_description_with_a_keyword_line_and_no_title_is_not_an_article():
    rec = parse_text("本站收录计算机领域的期刊文献,提供引文检索与全文下载服务。\n关键词:计算机领域引文, 数字图书馆\n")
    assert rec.not_article == "no article text" and rec.keywords == []


def test_an_editors_lead_is_neither_body_nor_abstract():
    page = f"查询优化方法研究\n导读:{SENTENCES[6]}(编者,2019-01-28)\n摘要:{SENTENCES[2]}\n{SENTENCES[3]}\n"
    rec = parse_text(page)
    assert rec.abstract == SENTENCES[2] and rec.body == SENTENCES[3]


def test_roles_beside_names_are_dropped_and_the_line_stays_an_author_line():
    page = f"大学生抑郁症的研究进展\n帅学倩1, 梅 广2, 李 莉2, 吴 珩3 综述, 赵旭东4 审校\n{SENTENCES[1]}{SENTENCES[2]}\n"
    rec = parse_text(page)
    assert rec.authors == ["帅学倩", "梅广", "李莉", "吴珩", "赵旭东"]
    assert "综述" not in rec.body


def test_a_tag_line_above_the_paper_gives_way_to_its_own_longer_keyword_list():
    page = "\n".join(["传统与新型基础设施投资研究", "关键词:经济增长", f"[摘要]{SENTENCES[3]}",
                      "[关键词]传统基础设施投资;新型基础设施投资;经济增长", SENTENCES[4]])
    assert parse_text(page).keywords == ["传统基础设施投资", "新型基础设施投资", "经济增长"]


def test_abstract_keywords_and_english_block_run_into_one_line():
    line = (f"摘 要{SENTENCES[0]}{SENTENCES[1]}关键词:高中生;篮球;发展现状AbstractBy using the methods of "
            "literature, this paper makes an investigation.Key words : High School Students; Basketball")
    rec = parse_text(line + "\n")
    assert rec.abstract == SENTENCES[0] + SENTENCES[1]
    assert rec.keywords == ["高中生", "篮球", "发展现状"]


def test_a_search_forms_field_menu_marks_a_search_page_but_an_articles_section_menu_does_not():
    menu = "".join(f"<li><a href='#'>{w}</a></li>" for w in ["主题", "关键词", "篇名", "全文", "作者", "单位", "摘要"])
    rec = parse_page(_html(f"<ul><li>文献检索</li><li>引文检索</li></ul><ul>{menu}</ul><div>高级检索</div>",
                           "知识搜索"), name="home.html").record
    assert rec.not_article == "a search page" and rec.title == ""
    sections = "".join(f"<dt><a href='#'>{w}</a></dt>" for w in ["基本信息", "摘要", "关键词", "DOI", "分类号"])
    body = (f"<dl>{sections}</dl><h2>高校一流学科建设的路径研究</h2><div>林晓雯</div>"
            f"<p>摘要：{SENTENCES[4]}</p><p>关键词：一流学科;</p>")
    rec = parse_page(_html(body, "高校一流学科建设的路径研究"), name="d.html").record
    assert rec.not_article is None and rec.abstract == SENTENCES[4]


def test_a_documents_head_run_into_one_line_gives_its_author():
    title = "腰舒胶囊治疗腰椎间盘突出症150例疗效观察"
    page = f"{title}\n文档简介\n1、{title} 蒋慧芳 摘要:{SENTENCES[7]}关键词:腰椎间盘突出症;腰舒胶囊\n{SENTENCES[1]}\n"
    rec = parse_text(page)
    assert rec.authors == ["蒋慧芳"] and rec.keywords == ["腰椎间盘突出症", "腰舒胶囊"]


def test_a_short_line_ending_in_an_ellipsis_is_text_not_a_contents_entry():
    rec = parse_text(f"篮球技能教学研究\n{SENTENCES[0]}\n我们不禁要问,问题究竟出在哪里......\n{SENTENCES[1]}\n")
    assert "问题究竟出在哪里" in rec.body


def test_a_paragraph_typed_with_half_width_punctuation_and_decimals_is_text_not_a_contents_list():
    # "1.41倍" looks like a numbered heading; four of them, and no 。, once made the
    # paragraph a flattened contents list, and the article lost it.
    para = ("为了量化分析沥青砂浆抗剪力学性能的优劣,以剪切试验为基础,分析了常规条件与冻融条件下的应力响应规律."
            "研究结果表明:橡胶沥青砂浆的黏聚强度与内摩擦角分别为70#沥青砂浆的1.41倍和1.29倍,"
            "加入外掺剂后分别为1.18倍和1.46倍,由此可知外掺剂提高了抗剪性能")
    head = "不同沥青基材料砂浆抗剪力学性能分析\n\n来源 :公路学报 | 被引量 : 2次\n"
    rec = parse_text(f"{head}  {para}\n  {SENTENCES[1]}\n")
    assert rec.body.startswith("为了量化分析")


def test_a_title_naming_a_foreign_person_is_the_title_not_an_author_line():
    # 亚当·斯密 reads like a transliterated name, but no name holds 的.
    rec = parse_text(f"论亚当·斯密的帝国思想\n\n来源 :史学月刊 | 被引量 : 1次\n  {SENTENCES[0]}\n  {SENTENCES[1]}\n")
    assert rec.title == "论亚当·斯密的帝国思想" and rec.authors == []


def test_a_title_opening_with_a_span_of_years_is_the_title():
    title = "1938-1946年我国图书馆事业发展实证研究——基于《新华日报》“图书馆”刊文分析"
    rec = parse_text(f"{title}\n\n来源 :图书馆论坛 | 被引量 : 1次\n  {SENTENCES[0]}\n  {SENTENCES[1]}\n")
    assert rec.title == title


def test_a_thesis_record_with_glossed_space_labels_and_keywords_one_per_line():
    page = "\n".join(["§ 瀏覽學位論文書目資料", "論文名稱(中文) 高校一流學科建設的路徑研究",
                      "論文名稱(英文) A Study of First-class Disciplines", "校院名稱 某某大學", "研究生(中文) 林冠宇",
                      "學位類別 碩士", "論文頁數 96頁", "關鍵字(中) 一流學科", "建設路徑", "學科治理",
                      "關鍵字(英) First-class discipline", "Construction path", SENTENCES[4] + SENTENCES[7]])
    rec = parse_text(page)
    assert rec.title == "高校一流學科建設的路徑研究" and rec.authors == ["林冠宇"]
    assert rec.keywords == ["一流學科", "建設路徑", "學科治理"]
    assert rec.abstract == SENTENCES[4] + SENTENCES[7] and rec.body == ""


def test_a_repositorys_english_labels_over_chinese_values_are_the_fields():
    page = "\n".join(["Title: 一種基於用戶偏好分析的查詢優化方法", "A Query Optimization Method", "Authors: 張家瑜",
                      "Keywords: 網絡搜索;個性化;Web search", "Issue Date: 2019",
                      f"Abstract: {SENTENCES[2]}{SENTENCES[3]}",
                      "   This thesis studies how to satisfy the query needs of users with different interests."])
    rec = parse_text(page)
    assert rec.title == "一種基於用戶偏好分析的查詢優化方法" and rec.authors == ["張家瑜"]
    assert rec.keywords == ["網絡搜索", "個性化", "Web search"]
    assert rec.abstract == SENTENCES[2] + SENTENCES[3] and rec.body == ""
    # Under a Chinese paper, the same labels hold its English version: never the fields.
    rec = parse_text(f"篮球技能教学研究\n摘要:{SENTENCES[0]}\nAbstract: The study analyses teaching.\n{SENTENCES[1]}\n")
    assert rec.abstract == SENTENCES[0]


def test_a_breadcrumb_section_above_the_title_and_a_citation_line_are_not_the_title():
    page = (f"新闻传播论文\n您当前的位置:学术堂 > 新闻传播论文 >\n突发群体性事件后情绪传播机制研究\n"
            f"来源:现代传媒研究 作者:韩晓雯;周立新\n{SENTENCES[5]}\n")
    assert parse_text(page).title == "突发群体性事件后情绪传播机制研究"
    cite = "孙立恒. 后现象学的历程、问题域及其最新拓展[J]. 华北科技大学学报(社会科学版), 2022, 38(2): 41-52."
    rec = parse_text(f"尊敬的读者、作者、审稿人, 您可以本页添加留言。\n{cite}\n引用本文: {cite}\n摘要:{SENTENCES[3]}\n")
    assert rec.title == "后现象学的历程、问题域及其最新拓展" and rec.authors == ["孙立恒"]


def test_rules_for_writing_a_paper_are_not_a_paper():
    rules = ["(1)来稿须为作者原创首发,观点鲜明,数据可靠,层次清楚,文字精练。",
             "(2)题名应准确概括全文主旨,一般不超过20个汉字,必要时可加副题名。",
             "(3)摘要:应客观反映论文的研究目的、方法、结果和结论,以200字左右为宜,不作评论和解释。",
             "(4)关键词:选取3~8个能反映论文主题的词语,词与词之间用分号隔开。"]
    rec = parse_text("\n".join(rules) + "\n")
    assert rec.not_article == "submission guidelines" and rec.abstract is None and rec.keywords == []
    # A paper that says what its method requires is still a paper.
    rec = parse_text(f"篮球技能教学研究\n摘要:{SENTENCES[0]}\n关键词:篮球;教学\n{SENTENCES[1]}\n"
                     "教学中应注意学生的差异。\n")
    assert rec.not_article is None


def test_a_contents_list_the_page_runs_on_from_keeps_the_text_after_it():
    toc = ("2、器 11 3.1.1 材料与试剂 11 3.1.2 主要仪器 11 3.2 试验方法 12 3.2.1 单因素试验 12 3.3 结果与分析 14 "
           "第 1 章 绪 论 1第1章 绪 论 1.1 研究背景与意义 1.1.1 研究背景 ")
    rec = parse_text(f"人参多糖提取工艺研究\n{toc}{SENTENCES[6]}{SENTENCES[7]}\n")
    assert rec.body == SENTENCES[6] + SENTENCES[7]


def test_authors_named_only_by_their_biographies():
    page = "\n".join(["劳动组织形式的演进研究", "〔作者简介〕贺俊杰,四川大学经济学院博士研究生;",
                      "蒋文澜,四川大学经济学院教授、博士生导师,成都610065。", "一、引言", SENTENCES[2] + SENTENCES[3]])
    rec = parse_text(page)
    assert rec.authors == ["贺俊杰", "蒋文澜"]
    assert rec.body.splitlines() == ["一、引言", SENTENCES[2] + SENTENCES[3]]
    # Both biographies on the one line, a clause each.
    page = "\n".join(["劳动组织形式的演进研究", "摘要", SENTENCES[1], "关键词:劳动组织;演进",
                      "作者简介:孙刚成,延安大学教育科学学院教授,博士;韩玉洁,延安大学教育科学学院硕士生",
                      SENTENCES[2] + SENTENCES[3]])
    assert parse_text(page).authors == ["孙刚成", "韩玉洁"]


def test_a_source_label_spaced_before_an_author_label_is_no_uploader_label():
    rec = parse_text(f"篮球技能教学研究\n来源:用户上传      作者:宋雨桐 孔德明\n{SENTENCES[0]}{SENTENCES[1]}\n")
    assert rec.uploader is None and rec.authors == ["宋雨桐", "孔德明"]


def test_source_notes_urls_badges_nav_and_english_bios_are_not_fields():
    page = f"昆明市流动人口空间结构研究 精选\n(发表于《人文地理研究》2016年第2期)\n{SENTENCES[5]}\n"
    rec = parse_text(page)
    assert rec.title == "昆明市流动人口空间结构研究" and rec.source == "人文地理研究"
    rec = parse_text(f"体育权利研究\n发布者:admin,转载请注明出处:http://www.example.com/web/1.html\n{SENTENCES[0]}\n")
    assert rec.source is None
    page = "\n".join(["• 第十九届全国云计算与大数据学术会议 • 上一篇 下一篇", "罗嘉伟1,2, 许文静1,2( ), 蒋毅3",
                      "收稿日期:2022-09-19", "About author:LUO Jiawei, born in 1997, M. S. candidate.",
                      f"摘要:{SENTENCES[6]}"])
    rec = parse_text(page)
    assert rec.title == "" and rec.authors == ["罗嘉伟", "许文静", "蒋毅"]


def test_a_dated_meta_line_names_the_source_and_authors_stop_at_their_affiliation():
    # A news-style line opens with the date; the author field runs on into where they work.
    page = "\n".join(["业内信息", "努力引导我国科研成果发表在国内高质量学术期刊",
                      "2021-07-23 来源:《中国科技期刊研究》",
                      "【作 者】江雨莲、孙激:四川大学华西第二医院编辑部", "【摘 要】" + SENTENCES[1],
                      SENTENCES[2] + SENTENCES[3]])
    rec = parse_text(page)
    assert rec.source == "中国科技期刊研究" and rec.authors == ["江雨莲", "孙激"]


def test_the_full_text_link_beside_a_title_is_no_part_of_it():
    rec = parse_text("环境科学学报  2020, Vol. 40 Issue (10): 3778-3784\n"
                     "大气污染防治行动对哈尔滨常规大气污染物的影响    [PDF全文]\n祝富杰1,2, 马万里1,2\n"
                     f"摘要:{SENTENCES[1]}\n关键词:大气污染;哈尔滨\n")
    assert rec.title == "大气污染防治行动对哈尔滨常规大气污染物的影响" and rec.authors == ["祝富杰", "马万里"]


def test_each_author_with_a_workplace_of_their_own_and_the_article_citing_itself():
    page = "\n".join(["全髋关节置换术患者恐动症的研究现状", "DOI: 10.12677/ACM.2022.12121697, PDF, HTML, 下载: 376",
                      "作者: 孙倩倩*:延安大学,陕西 延安;周晓玲#:西安交通大学第一附属医院,陕西 西安",
                      f"摘要: {SENTENCES[1]}",
                      "文章引用:孙倩倩, 周晓玲. 全髋关节置换术患者恐动症的研究现状[J]. 临床医学进展, 2022, "
                      "12(12): 11787-11793.",
                      "1. 引言", SENTENCES[2] + SENTENCES[3]])
    rec = parse_text(page)
    assert rec.authors == ["孙倩倩", "周晓玲"] and rec.source == "临床医学进展"
    assert rec.body.splitlines() == ["1. 引言", SENTENCES[2] + SENTENCES[3]]   # the citation is not body
