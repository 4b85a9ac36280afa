#!/usr/bin/env python3
"""Write the held-out page-parser cases of this folder (page + <stem>.gold.json).

    python3 make_pages.py [OUT_DIR]        # default: the folder of this script
    python3 make_pages.py --check [DIR]    # golds load, pages decode, gold values occur in pages

Standard library only, deterministic.  Texts (titles, abstracts, keywords) come from
rows 700-999 of shared/data/csl-dev.tsv (override the path with $CSL_TSV); rows already
used by shared/pages-dev are skipped.  Journal names, people, uploaders, counts and
site names are invented.  The Big5 case uses traditional-character versions of a few
rows, converted once with OpenCC (s2tw) and stored below as literals (BIG5_ROWS).

Each page's gold record is built from the same variables as the page, following
shared/pages-dev/README.md ("The record" / "Field rules").
"""
import html
import json
import os
import quopri
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TSV = os.environ.get('CSL_TSV', '/work/shared/data/csl-dev.tsv')

# rows 700-999 whose title/abstract already appear in shared/pages-dev
DEV_USED = {704, 713, 718, 723, 729, 730, 764, 765, 769, 770, 775, 779, 794, 796, 805, 807, 809,
            810, 816, 825, 833, 840, 843, 849, 854, 859, 869, 883, 888, 889, 895, 898, 899, 900,
            905, 907, 912, 914, 915, 932, 938, 951, 953, 955, 974, 982, 991, 998}

# main record of each case (row index = number in csl-dev-NNNN)
MAIN = {1: 741, 2: 739, 3: 746, 4: 782, 5: 829, 6: 806, 7: 800, 8: 748, 9: 787, 10: 803,
        11: 700, 12: 742, 13: 793, 14: 758, 15: 744, 16: 773}

# Big5 case: rows converted with OpenCC s2tw (main 793, body 740/963/777, related 827/836/882/909/978)
BIG5_ROWS = {
    793: {'title': '常用草坪的滯塵能力研究',
          'abstract': '草坪和地被植物是城市生態建設中不可缺少的重要組成部分之一,對各種草坪及地被植物的生態效益的瞭解是合理的品種選擇和優化配置的基礎.本試驗對青島市常用的10種26個品種草坪地被植物的滯塵能力進行了研究,綜合評價了不同品種草坪地被植物的生理特徵及其生態效益.研究表明:26種草坪地被植物中萱草的單位綠地滯塵效益明顯強於其它25種,高羊茅‘RTF’、一年生黑麥草‘特高’、多年生黑麥草‘頂峰’、草地早熟禾‘珠峰’為各自種內滯塵效益最好的品種.',
          'keywords': ['草坪', '地被植物', '滯塵能力']},
    740: {'abstract': '欒樹作為現代園林綠化中常見的珍貴樹種,由於其樹形優美、果型奇特,被廣泛應用於我國大部分城市綠化建設之中.筆者將根據自己多年實踐經驗,總結分析欒樹的播種育苗技術以及栽培管理技術,供廣大同仁交流學習.'},
    963: {'abstract': '首先概述了我國野生植物資源情況，分析了野生植物的園林開發應用現狀及存在不足的原因，並就基於園林開發前景採取的措施做了進一步分析，提出了野生植物在園林開發應用前景方面存在問題的解決辦法。最後，展望了野生植物資源的園林開發應用問題。'},
    777: {'abstract': '介紹了室內植物裝飾瓶栽的概念及發展歷程,並詳細闡述了瓶栽植物栽植的方法及養護管理問題,旨在為瓶栽技術更廣泛地應用提供科學指導.'},
    827: {'title': '園林綠化大樹移植技術管理要點'},
    836: {'title': '蘇州工業園區高羊茅草坪存在的問題和解決方案'},
    882: {'title': '電影場景設計對景觀設計教學的啟示'},
    909: {'title': '基於對生態公益林區劃管理的分析'},
    978: {'title': '如何構建城鎮生態園林'},
}

PEOPLE = ['王建国', '李晓燕', '张海峰', '刘文静', '陈志刚', '杨丽华', '黄伟', '赵明', '周晓东',
          '吴建平', '徐静', '孙浩', '马丽', '朱红梅', '胡建军', '郭晓', '何伟明', '林芳', '高峰',
          '罗敏', '梁志勇', '宋佳', '郑凯', '谢婷', '韩冬', '唐亮', '冯雪', '董宁', '程刚', '曹颖']
JOURNALS = ['现代农业科技导刊', '工程技术与应用', '中国医药指南研究', '环境保护与循环经济',
            '机械设计与制造工程', '食品工业科技进展', '教育理论与实践探索', '新闻传播前沿',
            '法学评论与研究', '电工技术与应用', '公路交通科技进展', '材料导报研究',
            '纺织科技进展', '哲学动态研究', '园林科技', '农业机械学报研究']

R = {}


def load_rows():
    with open(TSV, encoding='utf-8') as f:
        lines = f.read().split('\n')
    for line in lines[1:]:
        if not line.strip():
            continue
        rid, title, abstract, kw, disc = line.split('\t')
        R[int(rid.rsplit('-', 1)[1])] = {
            'title': title.strip(), 'abstract': abstract.strip(),
            'keywords': [k.strip() for k in kw.split(';') if k.strip()], 'disc': disc.strip()}


class Pool:
    """Deterministic supply of 'other records' (body paragraphs, related items)."""

    def __init__(self):
        reserved = set(MAIN.values()) | set(BIG5_ROWS)
        self.free = [i for i in range(700, 1000)
                     if i not in DEV_USED and i not in reserved
                     and '\\' not in R[i]['title'] + R[i]['abstract']]

    def take(self, n, disc=None, minlen=0, maxlen=10 ** 6, enc=None):
        same = [i for i in self.free if disc and R[i]['disc'] == disc]
        other = [i for i in self.free if i not in same]
        out = []
        for i in same + other:
            if len(out) == n:
                break
            a = R[i]['abstract']
            if not (minlen <= len(a) <= maxlen):
                continue
            if enc:
                try:
                    (a + R[i]['title']).encode(enc)
                except UnicodeEncodeError:
                    continue
            out.append(i)
        if len(out) < n:
            raise SystemExit('pool exhausted')
        for i in out:
            self.free.remove(i)
        return out


def e(s):
    return html.escape(s, quote=False)


def snip(i, base=48, spread=36):
    """A truncated abstract of row i, as related-snippet lists show them."""
    a = R[i]['abstract']
    n = base + (i * 13) % spread
    return a if len(a) <= n else a[:n].rstrip()


def person(k):
    return PEOPLE[k % len(PEOPLE)]


def journal(k):
    return JOURNALS[k % len(JOURNALS)]


def build_body(pattern, heads, paras):
    """pattern: 'h' = next heading, 'p' = next paragraph -> [('h'|'p', text)]."""
    items, hi, pi = [], 0, 0
    for c in pattern:
        if c == 'h':
            items.append(('h', heads[hi]))
            hi += 1
        else:
            items.append(('p', paras[pi]))
            pi += 1
    assert hi == len(heads) and pi == len(paras), (pattern, len(heads), len(paras))
    return items


def body_text(items):
    return '\n'.join(t for _, t in items)


def gold(title, source, citations, uploader, authors, keywords, abstract, body, related,
         encoding, notes, **extra):
    g = {'title': title, 'source': source, 'citations': citations, 'uploader': uploader,
         'authors': authors, 'keywords': keywords, 'abstract': abstract, 'body': body,
         'related': related, 'encoding': encoding, 'notes': notes}
    g.update(extra)
    return g


# =========================================================================== cases
def case01(P):
    """维普-style journal landing page: <dl> metadata, no body."""
    m = R[MAIN[1]]
    refs = P.take(5, m['disc'])
    rel = P.take(6, m['disc'])
    hot = P.take(4)
    t = m['title']
    kw_html = ' '.join('<a href="/search?key=K%3D{0}" target="_blank">{0}</a>'.format(e(k)) for k in m['keywords'])
    ref_html = '\n'.join('<li><span class="num">[{n}]</span>{a}.{t}[J].{j},{y},({q}):{p1}-{p2}.</li>'.format(
        n=n + 1, a=person(i), t=e(R[i]['title']), j=journal(i), y=2008 + n, q=n + 2, p1=10 + 7 * n, p2=13 + 7 * n)
        for n, i in enumerate(refs))
    rel_html = '\n'.join(
        '<li><a href="/Qikan/Article/Detail?id={id}" target="_blank">{t}</a><p class="meta">{a}　《{j}》　{y}年第{q}期</p></li>'.format(
            id=7000000 + i * 37, t=e(R[i]['title']), a=person(i + 3), j=journal(i + 1), y=2010 + n % 6, q=n + 1)
        for n, i in enumerate(rel))
    hot_html = '\n'.join('<li><a href="/Qikan/Article/Detail?id={}">{}</a></li>'.format(6100000 + i, e(R[i]['title'])) for i in hot)
    page = f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{e(t)}--《中医临床研究论丛》2016年05期-维知期刊服务平台</title>
<meta name="keywords" content="{e(';'.join(m['keywords']))}">
<meta name="description" content="{e(m['abstract'][:80])}">
<link rel="stylesheet" href="/static/css/detail.css?v=2.3.1">
<script>
window.__ARTICLE__ = {json.dumps({"id": "668123456", "title": t, "abstract": m['abstract'], "keywords": m['keywords'], "cited": 5}, ensure_ascii=False)};
</script>
</head>
<body>
<div class="top-bar"><div class="w1200"><span>欢迎来到维知期刊服务平台！</span><a href="/user/login">登录</a>|<a href="/user/register">注册</a>|<a href="/help">帮助中心</a>|<a href="/app">手机版</a></div></div>
<div class="header w1200"><a class="logo" href="/"><img src="/static/img/logo.png" alt="维知期刊服务平台"></a>
<div class="search"><select><option>任意字段</option><option>题名或关键词</option><option>作者</option><option>机构</option><option>刊名</option></select><input type="text" placeholder="请输入检索词"><button type="button">检索</button><a href="/adv">高级检索</a></div></div>
<div class="nav"><ul class="w1200"><li><a href="/">首页</a></li><li><a href="/journal">期刊大全</a></li><li><a href="/subject">学科导航</a></li><li><a href="/scholar">学者</a></li><li><a href="/org">机构</a></li><li><a href="/topic">主题</a></li></ul></div>
<div class="crumb w1200">您的位置：<a href="/">首页</a> &gt; <a href="/journal">期刊大全</a> &gt; <a href="/subject/R">医药卫生</a> &gt; <a href="/journal/zylcyjlc">中医临床研究论丛</a> &gt; 2016年第5期</div>
<div class="main w1200">
<div class="article">
<div class="title"><h1>{e(t)}</h1><p class="en-title">Clinical Observation of Yiqi Huoxue Decoction Combined with Xuesaitong for Injection in Treating Acute Lacunar Infarction</p></div>
<div class="btns"><a class="btn-read" href="javascript:;">在线阅读</a><a class="btn-down" href="javascript:;">下载PDF</a><a class="btn-fav" href="javascript:;">收藏</a><a class="btn-cite" href="javascript:;">引用</a><a class="btn-share" href="javascript:;">分享</a></div>
<div class="counts"><span>被引量：<em>5</em></span><span>下载量：<em>121</em></span><span>浏览量：<em>1043</em></span></div>
<dl class="detail">
<dt>作　者：</dt><dd class="authors"><a href="/author/2203157">赵 芳</a><sup>1</sup>　<a href="/author/2203158">周文斌</a><sup>2</sup>　<a href="/author/2203159">孙立群</a><sup>1</sup></dd>
<dt>机构地区：</dt><dd>[1]湖州市中医院神经内科，浙江湖州313000　[2]湖州市第一人民医院药剂科，浙江湖州313000</dd>
<dt>出　处：</dt><dd><a href="/journal/zylcyjlc">《中医临床研究论丛》</a>2016年第5期23-25页，共3页</dd>
<dt>摘　要：</dt><dd class="abstract">{e(m['abstract'])}</dd>
<dt>关键词：</dt><dd class="kw">{kw_html}</dd>
<dt>分类号：</dt><dd>R743.3 [医药卫生—临床医学]</dd>
</dl>
<dl class="detail en">
<dt>Abstract：</dt><dd>Objective To observe the clinical effect of Yiqi Huoxue decoction combined with Xuesaitong for injection in treating acute lacunar infarction. Methods 135 patients were randomly divided into two groups. Conclusion The combined therapy is superior to vinpocetine.</dd>
<dt>Key words：</dt><dd>acute lacunar infarction; Yiqi Huoxue decoction; Xuesaitong for injection</dd>
</dl>
<div class="box refs"><h3>参考文献<span>（5）</span></h3><ul>
{ref_html}
</ul></div>
<div class="box similar"><h3>相似文献<span>（6）</span></h3><ul>
{rel_html}
</ul><a class="more" href="/similar?id=668123456">查看更多&gt;&gt;</a></div>
</div>
<div class="side">
<div class="box"><h3>热门文章</h3><ul>
{hot_html}
</ul></div>
<div class="box"><h3>期刊推荐</h3><ul><li><a href="/journal/zgzyjz">中国中医急症研究</a></li><li><a href="/journal/sjzy">世界中医药进展</a></li><li><a href="/journal/zxyjh">中西医结合临床杂志</a></li></ul></div>
<div class="box app"><img src="/static/img/app-qr.png" alt="扫码下载APP"><p>扫码下载APP，随时随地看文献</p></div>
</div>
</div>
<div class="footer"><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/copyright">版权声明</a> | <a href="/feedback">意见反馈</a></p>
<p>Copyright &copy; 2000-2023 维知期刊服务平台 渝ICP备13004851号-1 渝公网安备50019002500123号</p></div>
<noscript>您的浏览器禁用了JavaScript，部分功能将无法使用，请开启JavaScript后刷新页面。</noscript>
<script src="/static/js/jquery-1.12.4.min.js"></script>
<script>$(".btn-down").click(function(){{ if(!window.isLogin){{ showLogin(); }} }});</script>
</body>
</html>
'''
    g = gold(t, '中医临床研究论丛', 5, None, ['赵芳', '周文斌', '孙立群'], m['keywords'], m['abstract'], '',
             [R[i]['title'] for i in rel], 'utf-8',
             '维普-style journal landing page (UTF-8). Metadata in a <dl> with dt labels padded by a full-width space '
             '(作　者 / 出　处 / 摘　要); author 赵 芳 has a layout space and affiliation superscripts; 出处 《…》2016年第5期23-25页 '
             '-> source without brackets/issue; 被引量 5 next to 下载量/浏览量; English abstract not included; a 参考文献 list '
             '(neither body nor related); 相似文献 = titles with per-item author/journal/year lines (titles only); sidebar '
             '热门文章/期刊推荐 are not related. Script JSON repeats the abstract and a <noscript> note: not body. '
             'Landing page: body is "".')
    return 'h01_weipu_dl.html', page.encode('utf-8'), g


def case02(P):
    """万方-style page: <ul><li><span>label</span><span>value</span> metadata, full text section."""
    m = R[MAIN[2]]
    paras = P.take(4, m['disc'])
    rel = P.take(6, m['disc'])
    others = P.take(2)
    t = m['title']
    heads = ['1 材料与方法', '2 结果与讨论', '2.1 吸附等温线', '3 结论']
    items = build_body('hphhpphp', heads, [R[i]['abstract'] for i in paras])
    ft = []
    for k, (kind, txt) in enumerate(items):
        if kind == 'h':
            ft.append(f'<h3 class="sec">{e(txt)}</h3>' if not txt.startswith('2.1') else f'<h4 class="sub">{e(txt)}</h4>')
        else:
            ft.append(f'<p>　　{e(txt)}</p>')
        if k == 2:
            ft.append('<div class="login-tip" style="color:#999; display: none">您尚未登录，登录后可阅读全文。<a href="/login">立即登录</a></div>')
    ft_html = '\n'.join(ft)
    kw_html = '\n'.join(f'<a href="/search?q=%E5%85%B3%E9%94%AE%E8%AF%8D:{i}" class="kw">{e(k)}</a>' for i, k in enumerate(m['keywords']))
    rel_html = '\n'.join(f'<li><a href="/periodical/hjkxjz{2000 + i}" title="{e(R[i]["title"])}">{e(R[i]["title"])}</a></li>' for i in rel)
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{e(t)}-万象数据知识服务平台</title>
<link rel="stylesheet" type="text/css" href="/css/detail_new.css">
<style>.info li{{list-style:none;margin:6px 0}}.item-title{{color:#666;width:90px;display:inline-block}}.tag-core{{font-size:12px;color:#fff;background:#c00}}</style>
</head>
<body>
<div class="head"><div class="logo"><a href="/">万象数据</a></div><ul class="menu"><li><a href="/">首页</a></li><li><a href="/periodical">期刊</a></li><li><a href="/thesis">学位</a></li><li><a href="/conference">会议</a></li><li><a href="/patent">专利</a></li><li><a href="/standard">标准</a></li></ul>
<div class="login-area"><a href="/login">登录</a><a href="/register">注册</a><a href="/charge">充值</a></div></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/periodical">期刊</a> &gt; <a href="/periodical/hjkxjz">环境科学与技术进展</a> &gt; 详情</div>
<div class="detail">
<div class="detail-title"><h1>{e(t)} <span class="tag-core">北大核心</span></h1>
<div class="en-title">Adsorption Characteristics of Cd2+ and Pb2+ on Surface Sediments of the Xiangjiang River Bed</div></div>
<div class="stat"><span class="read">阅读：<b>312</b></span><span class="down">下载：<b>87</b></span><span class="cite">被引：<b>3</b></span></div>
<div class="opt"><a class="btn-read">在线阅读</a><a class="btn-down">下载</a><a class="btn-export">导出</a><a class="btn-fav">收藏</a><a class="btn-share">分享</a></div>
<ul class="info">
<li><span class="item-title">摘要：</span><div class="item-text abstract">{e(m['abstract'])}</div></li>
<li><span class="item-title">doi：</span><span class="item-text"><a href="https://doi.org/10.3969/j.issn.1003-6504.2013.06.011">10.3969/j.issn.1003-6504.2013.06.011</a></span></li>
<li><span class="item-title">关键词：</span><span class="item-text">
{kw_html}
</span></li>
<li><span class="item-title">Keywords：</span><span class="item-text">surface sediments of Xiangjiang River; Cd2+; Pb2+; adsorption; competitive adsorption</span></li>
<li><span class="item-title">作者：</span><span class="item-text"><a href="/author/zfl">曾凡亮</a><sup>1</sup> <a href="/author/oyh">欧阳慧</a><sup>1,2</sup> <a href="/author/txm">谭晓梅</a><sup>1</sup></span></li>
<li><span class="item-title">作者单位：</span><span class="item-text">1. 湖南科技大学资源环境学院，湖南湘潭 411201; 2. 湘江流域环境保护研究中心，湖南长沙 410006</span></li>
<li><span class="item-title">刊名：</span><span class="item-text"><a href="/periodical/hjkxjz">环境科学与技术进展</a></span></li>
<li><span class="item-title">Journal：</span><span class="item-text">Advances in Environmental Science and Technology</span></li>
<li><span class="item-title">年，卷(期)：</span><span class="item-text">2013, 36(6)</span></li>
<li><span class="item-title">所属期刊栏目：</span><span class="item-text">污染控制</span></li>
<li><span class="item-title">分类号：</span><span class="item-text">X522</span></li>
<li><span class="item-title">基金项目：</span><span class="item-text">国家自然科学基金资助项目(41171379)</span></li>
<li><span class="item-title">在线出版日期：</span><span class="item-text">2013年7月9日</span></li>
<li><span class="item-title">页数：</span><span class="item-text">6(44-49)</span></li>
</ul>
<template id="tpl-cite"><div class="cite-box">引用格式：曾凡亮,欧阳慧,谭晓梅.{e(t)}[J].环境科学与技术进展,2013,36(6):44-49.</div></template>
<div class="fulltext">
<div class="ft-title">全文阅读</div>
{ft_html}
</div>
<div class="related-box"><div class="rb-title">相关论文</div><ul class="rel-list">
{rel_html}
</ul></div>
<div class="related-box"><div class="rb-title">相关学者</div><ul class="scholar-list"><li><a href="/author/x1">{person(31)}</a></li><li><a href="/author/x2">{person(35)}</a></li><li><a href="/author/x3">{person(38)}</a></li></ul></div>
<div class="related-box"><div class="rb-title">相关机构</div><ul class="org-list"><li><a href="/org/1">湖南科技大学</a></li><li><a href="/org/2">湖南大学</a></li></ul></div>
</div>
<div class="foot"><p>万象数据知识服务平台 版权所有 客服电话：400-660-0998</p><p>京ICP备11039682号-2 京公网安备11010802029863号</p></div>
<script>var docInfo = {{"relatedTitles": {json.dumps([R[i]['title'] for i in others], ensure_ascii=False)}}};</script>
</body>
</html>
'''
    g = gold(t, '环境科学与技术进展', 3, None, ['曾凡亮', '欧阳慧', '谭晓梅'], m['keywords'], m['abstract'],
             body_text(items), [R[i]['title'] for i in rel], 'utf-8',
             '万方-style article page (UTF-8). Metadata as <ul><li><span>label</span><span>value</span>: 摘要, doi, 关键词 '
             '(separate <a> links, no separator characters), English Keywords, 作者 with superscripts, 作者单位, 刊名, '
             'Journal, 年，卷(期), 分类号, 基金项目, 页数. Title heading carries a badge 北大核心 (dropped). Citation count '
             'written 被引：3 beside 阅读/下载. 全文阅读 section with numbered headings (one <h4> sub-heading) and a '
             'display:none login tip inside it; a <template> with the citation string; script JSON with titles. '
             'Related = 相关论文 only; 相关学者 (names) and 相关机构 are not literature.')
    return 'h02_wanfang_ul.html', page.encode('utf-8'), g


def case03(P):
    """道客巴巴/豆丁-style reader: page images with alt text + text layer holding the paper."""
    m = R[MAIN[3]]
    paras = P.take(5, m['disc'])
    refs = P.take(3, m['disc'])
    rel = P.take(6)
    new = P.take(3)
    t = m['title']
    heads = ['0 引言', '1 刀具库的结构', '2 车削刀具库的开发', '3 结束语']
    items = build_body('hpphphphp', heads, [R[i]['abstract'] for i in paras])
    # distribute over 3 pages of the reader
    pages = [items[:2], items[2:5], items[5:]]
    front = [
        f'<p class="t-title">{e(t)}</p>',
        '<p class="t-au">王卫东，蒋丽</p>',
        '<p class="t-af">（江苏理工学院 机械工程学院，江苏 常州 213001）</p>',
        f'<p class="t-abs">摘　要：{e(m["abstract"])}</p>',
        f'<p class="t-kw">关键词：{"；".join(e(k) for k in m["keywords"])}</p>',
        '<p class="t-clc">中图分类号：TG659　　文献标识码：A　　文章编号：1672-1616(2011)06-0057-03</p>',
        '<p class="t-en">Development and Application of Turning Tool Library in MasterCAM</p>',
        '<p class="t-en">Abstract: MasterCAM is a general software whose basic tool library does not fully meet the actual machine tools and cutters of enterprises. Key words: MasterCAM; tool library; development</p>',
    ]
    reader = []
    for pn, chunk in enumerate(pages, 1):
        lay = list(front) if pn == 1 else []
        for kind, txt in chunk:
            lay.append(f'<p class="t-h">{e(txt)}</p>' if kind == 'h' else f'<p class="t-p">{e(txt)}</p>')
        if pn == 3:
            lay.append('<p class="t-h">参考文献：</p>')
            for n, i in enumerate(refs):
                lay.append(f'<p class="t-ref">[{n + 1}] {person(i + 5)}. {e(R[i]["title"])}[J]. {journal(i + 2)}, {2005 + n}(4): {20 + n}-{23 + n}.</p>')
        lay_html = '\n'.join(lay)
        reader.append(f'''<div class="outer_page" id="outer_page_{pn}">
<div class="page_img"><img src="//img.daoke-doc.com/page/2012/0507/{pn}.png" alt="{e(t)}-第{pn}页" width="892" height="1262"></div>
<div class="text_layer">
{lay_html}
</div>
<div class="page_no">第 {pn} 页 共 4 页</div>
</div>''')
    reader_html = '\n'.join(reader)
    rel_html = '\n'.join(
        f'<li><a href="/p-{70000 + i * 11}.html" title="{e(R[i]["title"])}">{e(R[i]["title"])}</a><span class="pn">{2 + i % 5}页</span></li>' for i in rel)
    new_html = '\n'.join(f'<li><a href="/p-{90000 + i}.html">{e(R[i]["title"])}</a></li>' for i in new)
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{e(t)}.doc - 道客文档网</title>
<meta name="keywords" content="MasterCAM,刀具库,数控车削,文档下载">
<link rel="stylesheet" href="//static.daoke-doc.com/css/reader.css">
<script>var pageInfo = {{"pid":"7823110452","title":"{e(t)}","pageCount":4,"previewPages":3,"price":5,"uid":"cnc_lao_wang"}};</script>
</head>
<body>
<div id="top"><a class="logo" href="/">道客文档网</a><form action="/search"><input name="q" value=""><button>搜索</button></form>
<div class="user"><a href="/login">登录</a> <a href="/register">注册</a> <a href="/upload" class="up">上传文档</a> <a href="/vip">VIP会员</a></div></div>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/list-12.html">行业资料</a> &gt; <a href="/list-1205.html">机械/模具</a></div>
<div id="main">
<div class="doc-head">
<h1 class="doc-title"><span class="ico ico-doc"></span>{e(t)}.doc</h1>
<div class="doc-info"><span>上传人：<a href="/u/cnc_lao_wang">cnc_lao_wang</a></span>　<span>上传时间：2012-05-07</span>　<span>格式：DOC</span>　<span>页数：4</span>　<span>下载：3 次</span>　<span>浏览：318 次</span>　<span>积分：5</span></div>
<div class="doc-tags">标签：<a href="/tag/MasterCAM">MasterCAM</a> <a href="/tag/刀具库">刀具库</a> <a href="/tag/数控">数控</a></div>
<div class="doc-ops"><a class="btn-down" href="javascript:;">下载文档</a> <a href="javascript:;">打印</a> <a href="javascript:;">收藏</a> <a href="javascript:;">分享到：QQ空间 | 微博 | 微信</a></div>
</div>
<div id="reader">
{reader_html}
<div class="read_more">试读已结束，剩余1页未读，<a href="javascript:;">继续阅读</a></div>
<div class="down_bar"><a class="btn-down" href="javascript:;">下载该文档（5积分）</a> <a href="javascript:;">加入VIP 免费下载</a></div>
</div>
<div class="comment"><h3>发表评论</h3><textarea placeholder="请输入评论内容"></textarea><button>发表评论</button><p class="empty">暂无评论，快来抢沙发吧！</p></div>
</div>
<div id="side">
<div class="box rel"><h3>相关文档</h3><ul>
{rel_html}
</ul></div>
<div class="box"><h3>最新上传</h3><ul>
{new_html}
</ul></div>
</div>
<div id="foot"><p><a href="/about">关于我们</a> - <a href="/agreement">用户协议</a> - <a href="/copyright">版权申诉</a> - <a href="/help">帮助中心</a></p><p>&copy;2010-2023 道客文档网 沪ICP备10207837号-2</p></div>
</body>
</html>
'''
    g = gold(t, None, None, 'cnc_lao_wang', ['王卫东', '蒋丽'], m['keywords'], m['abstract'], body_text(items),
             [R[i]['title'] for i in rel], 'utf-8',
             '道客巴巴-style document reader (UTF-8). Heading is "title.doc" (drop .doc). 上传人 = uploader. The paper '
             'itself is in per-page text layers: page 1 starts with the paper\'s own title, authors, affiliation, '
             '摘　要, 关键词 (；-separated), 中图分类号/文献标识码 and an English title/abstract -> authors, abstract and '
             'keywords come from the document, none of it is body. Page images carry alt text "title-第n页" (not shown, '
             'not body); 第 n 页 共 4 页 page lines, 试读已结束/继续阅读/下载 buttons, 标签 tag line (not keywords), a '
             '参考文献 list at the end of the text layer (not body), a 发表评论 box. No journal name, no citation count. '
             'Related = 相关文档 titles; 最新上传 is site-wide.')
    return 'h03_doc88_reader.html', page.encode('utf-8'), g


def wrap_lines(text, width, first_indent=True):
    """Split text into reader lines of about `width` chars (the Wenku layer layout)."""
    out = []
    s = ('　　' + text) if first_indent else text
    while s:
        out.append(s[:width])
        s = s[width:]
    return out


def spans(line, k):
    """Break one reader line into a few inline <span>s at deterministic points."""
    cuts = sorted({(k * 7) % 11 + 3, (k * 5) % 9 + 12})
    parts, prev = [], 0
    for c in cuts:
        if c < len(line):
            parts.append(line[prev:c])
            prev = c
    parts.append(line[prev:])
    return ''.join(f'<span class="r{(k + n) % 4}">{e(p)}</span>' for n, p in enumerate(parts) if p)


def case04(P):
    """百度文库-style reader: every visual line is a <p> made of inline <span>s."""
    m = R[MAIN[4]]
    paras = P.take(5, m['disc'])
    rel = P.take(6)
    hot = P.take(3)
    t = m['title']
    heads = ['1 材料与方法', '1.1 试验材料', '2 结果与分析', '3 结论']
    items = build_body('hhpphpphp', heads, [R[i]['abstract'] for i in paras])
    W = 27
    k = [0]

    def layer(lines, cls='rw'):
        out = []
        for ln in lines:
            k[0] += 1
            out.append(f'<p class="{cls}" style="top:{60 + 22 * (k[0] % 40)}px;left:84px;">{spans(ln, k[0])}</p>')
        return out

    page1 = []
    page1 += layer([t], 'rw tt')
    page1 += layer(['陈雅琴，刘波，黄志坚'])
    page1 += layer(['（福建农林大学食品科学学院，福建 福州 350002）'])
    page1 += layer(wrap_lines('摘要：' + m['abstract'], W, first_indent=False))
    page1 += layer(wrap_lines('关键词：' + '；'.join(m['keywords']), W, first_indent=False))
    page1 += layer(['中图分类号：TS255.5　　文献标识码：A'])
    # body: first 4 items on page 1, rest on pages 2-3 (inside a collapsed box)
    body_pages = [items[:4], items[4:7], items[7:]]
    pages_html = []
    for pn, chunk in enumerate(body_pages, 1):
        lines = page1 if pn == 1 else []
        for n, (kind, txt) in enumerate(chunk):
            if kind == 'h':
                lines += layer([txt], 'rw hd')
            else:
                ls = layer(wrap_lines(txt, W))
                if pn == 1 and n == 2:
                    # an invisible watermark inside a paragraph line
                    ls[1] = ls[1].replace('</p>', '<span style="display:none">千度文库 - 让每个人平等地提升自我 wenku.qiandu.com</span></p>')
                lines += ls
        pages_html.append(f'<div class="reader-page" id="pageNo-{pn}"><div class="reader-txt-layer">\n' + '\n'.join(lines) +
                          f'\n</div><div class="page-count">{pn}/6</div></div>')
    rel_html = '\n'.join(
        f'<li><a href="/view/{abs(hash_int(i)):x}.html" target="_blank"><i class="ic-{["pdf", "doc", "ppt"][i % 3]}"></i><span class="tit">{e(R[i]["title"])}</span></a><span class="pg">{2 + i % 6}页</span><span class="vt">{i % 3}下载券</span></li>'
        for i in rel)
    hot_html = '\n'.join(f'<li><a href="/view/h{i}.html">{e(R[i]["title"])}</a></li>' for i in hot)
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{e(t)}_千度文库</title>
<link rel="stylesheet" href="https://wkstatic.qiandu.com/static/wkview/css/view_4d1f2.css">
<style>.reader-txt-layer p{{position:absolute;white-space:nowrap;margin:0}}.fold{{max-height:1100px;overflow:hidden}}</style>
</head>
<body>
<div id="hd"><div class="logo"><a href="/">千度文库</a></div><div class="sb"><input id="kw" placeholder="搜索文档"><button>搜索文档</button></div>
<div class="ub"><a href="/login">登录</a> <a href="/vip">开通VIP</a> <a href="/upload">上传文档</a></div></div>
<div class="crumbs"><a href="/">千度文库</a> &gt; <a href="/edu">教育专区</a> &gt; <a href="/edu/gaodeng">高等教育</a> &gt; <a href="/edu/gaodeng/food">食品科学</a></div>
<div id="doc-main">
<div class="doc-header">
<h1 class="doc-title"><span class="ic-pdf"></span>{e(t)}</h1>
<div class="doc-value"><span class="uploader">贡献者：<a href="/u/bamboo_liu">笋乡小刘</a></span> | <span>2019-04-12</span> | <span>6页</span> | <span>1280人阅读</span> | <span>32次下载</span> | <span class="score">4.5分</span></div>
</div>
<div class="reader-container">
{pages_html[0]}
<div class="fold">
{pages_html[1]}
{pages_html[2]}
</div>
<div class="fold-more"><span class="btn-expand">展开全文 ∨</span></div>
<div class="rest-tip">还剩3页未读，<a href="javascript:;">继续阅读</a></div>
<div class="doc-end">阅读已结束，下载本文需要使用 2 下载券　<a class="btn-dl">立即下载</a>　<a class="btn-vip">开通VIP免券下载</a></div>
<p class="rw" hidden>本文档由用户上传，千度文库仅提供信息存储空间服务</p>
</div>
<div class="tools"><a>收藏</a> <a>分享</a> <a>打印</a> <a>举报</a></div>
<div class="rel-doc"><h3>相关文档</h3><ul>
{rel_html}
</ul></div>
</div>
<div id="aside"><div class="box"><h3>本周排行</h3><ul>
{hot_html}
</ul></div></div>
<div id="ft">&copy;2023 Qiandu <a href="/terms">使用千度前必读</a> | <a href="/agreement">文库协议</a> | 京ICP证030173号</div>
<script>var WkInfo = {{DocInfo: {{docId: "8f1e7c2a", docType: "pdf", totalPageNum: 6, freePage: 3}}}};</script>
</body>
</html>
'''
    g = gold(t, None, None, '笋乡小刘', ['陈雅琴', '刘波', '黄志坚'], m['keywords'], m['abstract'], body_text(items),
             [R[i]['title'] for i in rel], 'utf-8',
             '百度文库-style reader (UTF-8). Every visual line of the document is its own absolutely positioned <p> made '
             'of 1-3 inline <span>s; paragraphs and even the 摘要/关键词 lines are broken across several <p>s at '
             'arbitrary points (first line of a paragraph indented with 　　). Document front matter (title line, '
             'authors, affiliation, 摘要, 关键词, 中图分类号) is metadata, not body. A display:none watermark span sits '
             'inside a body line; pages 2-3 sit in a max-height collapsed box (still body); page counters n/6, '
             '展开全文/继续阅读/阅读已结束/下载券 lines and a hidden <p> are chrome. Uploader shown as 贡献者 (Wenku\'s '
             'label for the uploading user). Related = 相关文档 titles (页数/下载券 spans are per-item metadata); '
             '本周排行 is site-wide. No journal, no citation count.')
    return 'h04_wenku_spans.html', page.encode('utf-8'), g


def hash_int(i):
    """Small deterministic hash for fake ids (Python's hash() is salted)."""
    h = 2166136261
    for ch in str(i):
        h = ((h ^ ord(ch)) * 16777619) & 0xffffffff
    return h


def case05(P):
    """University repository record of a master's thesis (DSpace-like)."""
    m = R[MAIN[5]]
    paras = P.take(5, m['disc'])
    rel = P.take(5, m['disc'])
    t = m['title']
    heads = ['第一章 绪论', '一、问题的提出', '二、研究综述', '第二章 研究设计']
    items = build_body('hhpphpphp', heads, [R[i]['abstract'] for i in paras])
    prev = []
    for kind, txt in items:
        prev.append(f'<h4>{e(txt)}</h4>' if kind == 'h' else f'<p>{e(txt)}</p>')
    prev_html = '\n'.join(prev)
    kw_html = '<br>\n'.join(f'<a href="/browse?type=subject&amp;value={e(k)}">{e(k)}</a>' for k in m['keywords'])
    rel_html = '\n'.join(
        f'<li><a href="/handle/2217/{31000 + i}">{e(R[i]["title"])}</a><br><span class="small">{person(i)}（硕士学位论文，{2008 + i % 5}）</span></li>' for i in rel)
    page = f'''<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="UTF-8">
<title>江南师范大学机构知识库: {e(t)}</title>
<meta name="citation_title" content="{e(t)}">
<meta name="citation_author" content="孟晓雯">
<meta name="citation_dissertation_institution" content="江南师范大学">
<link rel="stylesheet" href="/static/css/bootstrap.min.css">
</head>
<body>
<nav class="navbar"><div class="container"><a class="brand" href="/">江南师范大学机构知识库 JNNU-IR</a>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/community-list">院系浏览</a></li><li><a href="/browse?type=dateissued">按日期浏览</a></li><li><a href="/browse?type=author">按作者浏览</a></li><li><a href="/password-login">登录</a></li></ul>
<form class="navbar-form" action="/simple-search"><input name="query" placeholder="检索知识库"><button>检索</button></form></div></nav>
<div class="container">
<ol class="breadcrumb"><li><a href="/">江南师范大学机构知识库</a></li><li><a href="/handle/2217/1">教育科学学院</a></li><li><a href="/handle/2217/12">学位论文</a></li><li class="active">浏览条目</li></ol>
<div class="well">请使用此标识符引用或链接本条目：<code>http://ir.jnnu.edu.cn/handle/2217/30829</code></div>
<h2 class="item-title">{e(t)}</h2>
<table class="table itemDisplayTable">
<tr><td class="metadataFieldLabel">题名：</td><td class="metadataFieldValue">{e(t)}</td></tr>
<tr><td class="metadataFieldLabel">其他题名：</td><td class="metadataFieldValue">Organizational Structure of Primary and Secondary Schools and Its Change: A Case Study of Three Schools</td></tr>
<tr><td class="metadataFieldLabel">作者：</td><td class="metadataFieldValue"><a class="author" href="/browse?type=author&amp;value=孟晓雯">孟晓雯</a></td></tr>
<tr><td class="metadataFieldLabel">导师：</td><td class="metadataFieldValue"><a href="/browse?type=advisor&amp;value=陈志强">陈志强</a> 教授</td></tr>
<tr><td class="metadataFieldLabel">学位授予单位：</td><td class="metadataFieldValue">江南师范大学</td></tr>
<tr><td class="metadataFieldLabel">学位级别：</td><td class="metadataFieldValue">硕士</td></tr>
<tr><td class="metadataFieldLabel">学科专业：</td><td class="metadataFieldValue">教育学原理</td></tr>
<tr><td class="metadataFieldLabel">学位年度：</td><td class="metadataFieldValue">2009</td></tr>
<tr><td class="metadataFieldLabel">关键词：</td><td class="metadataFieldValue">{kw_html}</td></tr>
<tr><td class="metadataFieldLabel">摘要：</td><td class="metadataFieldValue">{e(m['abstract'])}</td></tr>
<tr><td class="metadataFieldLabel">英文摘要：</td><td class="metadataFieldValue">What is the state of the organizational structure of primary and secondary schools in China, and how should the reforms of recent years be understood? Charts of three schools show changes over ten years.</td></tr>
<tr><td class="metadataFieldLabel">分类号：</td><td class="metadataFieldValue">G471</td></tr>
<tr><td class="metadataFieldLabel">语种：</td><td class="metadataFieldValue">中文</td></tr>
<tr><td class="metadataFieldLabel">文献类型：</td><td class="metadataFieldValue">学位论文</td></tr>
<tr><td class="metadataFieldLabel">URI：</td><td class="metadataFieldValue"><a href="http://ir.jnnu.edu.cn/handle/2217/30829">http://ir.jnnu.edu.cn/handle/2217/30829</a></td></tr>
<tr><td class="metadataFieldLabel">出现在：</td><td class="metadataFieldValue"><a href="/handle/2217/12">教育科学学院学位论文</a></td></tr>
</table>
<div class="cite-as"><b>推荐引用方式：</b>孟晓雯. {e(t)}[D]. 江南师范大学, 2009.</div>
<table class="table panel files"><tr><th>文件</th><th>描述</th><th>大小</th><th>格式</th><th></th></tr>
<tr><td>30829_孟晓雯_硕士论文.pdf</td><td>全文</td><td>2.31 MB</td><td>Adobe PDF</td><td><a class="btn" href="/bitstream/2217/30829/1/full.pdf">查看/打开</a></td></tr></table>
<div class="stats">浏览 312 次　下载 45 次</div>
<div class="preview panel"><div class="panel-heading">论文预览（前 10 页）</div><div class="panel-body">
{prev_html}
</div><div class="panel-footer">— 预览结束，完整全文请登录后下载 —</div></div>
<div class="related panel"><div class="panel-heading">相关论文</div><ul>
{rel_html}
</ul></div>
<p><a class="btn" href="/handle/2217/30829?mode=full">显示详细信息</a> <a class="btn" href="/handle/2217/30829/statistics">统计信息</a></p>
</div>
<footer class="footer"><p>江南师范大学图书馆 版权所有 &copy; 2023　地址：江苏省无锡市蠡湖大道1800号　苏ICP备05007120号</p><p>Powered by DSpace</p></footer>
</body>
</html>
'''
    g = gold(t, None, None, None, ['孟晓雯'], m['keywords'], m['abstract'], body_text(items),
             [R[i]['title'] for i in rel], 'utf-8',
             'University repository record of a master\'s thesis (DSpace-like, UTF-8). Metadata in a label/value '
             'table: 作者 (the student) is the only author - 导师 (advisor) is not; 学位授予单位 is the degree-granting '
             'university, not a journal -> source null; keywords one per line (<br>); 英文摘要 not included; 推荐引用方式 '
             '([D] citation string) and the file table are not body. 论文预览 holds chapter/section headings and '
             'paragraphs (body). 浏览/下载 counts are not citations (null). Related = 相关论文 titles (author/year line '
             'is per-item metadata).')
    return 'h05_thesis_repository.html', page.encode('utf-8'), g


def case06(P):
    """News-CMS reprint of a paper, GBK bytes declared as gb2312, GBK-only characters."""
    m = R[MAIN[6]]
    paras = P.take(4, m['disc'], enc='gbk')
    rel = P.take(5, enc='gbk')
    pn = P.take(2, enc='gbk')
    t = m['title']
    heads = ['一、谣言的心理学研究路径', '二、谣言的社会学研究路径', '三、网络传播带来的新问题']
    items = build_body('hphpphp', heads, [R[i]['abstract'] for i in paras])
    art = []
    for kind, txt in items:
        art.append(f'<p style="text-indent:2em"><strong>{e(txt)}</strong></p>' if kind == 'h' else f'<p style="text-indent:2em">{e(txt)}</p>')
    art_html = '\n'.join(art)
    rel_html = '\n'.join(f'<li><span class="date">[2015-0{2 + n % 3}-1{n}]</span><a href="/xsqy/2015/{4100 + i}.html" target="_blank">{e(R[i]["title"])}</a></li>' for n, i in enumerate(rel))
    page = f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{e(t)}_学术前沿_东江社科网</title>
<link href="/css/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery.js"></script>
</head>
<body>
<div class="top"><span>今天是：<script>document.write(new Date().toLocaleDateString());</script></span> <a href="/">设为首页</a> | <a href="/">加入收藏</a> | <a href="/member/login.php">会员登录</a></div>
<div class="banner"><img src="/images/banner.jpg" alt="东江社科网" /></div>
<div class="menu"><a href="/">首页</a><a href="/news/">社科动态</a><a href="/xsqy/">学术前沿</a><a href="/cgzs/">成果展示</a><a href="/xhzc/">学会之窗</a><a href="/kpyd/">社科普及</a></div>
<div class="position">您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/xsqy/">学术前沿</a> &gt;&gt; <a href="/xsqy/lwxd/">论文选登</a> &gt;&gt; 正文</div>
<div class="content">
<h1 class="title">{e(t)}</h1>
<div class="info">来源：《新闻传播前沿》2015年第2期　　作者：李玥　张喆　　发布时间：2015-03-18 09:21　　浏览次数：<script src="/plus/count.php?aid=4106&amp;mid=1"></script>次　　【字体：<a href="javascript:fontZoom(16)">大</a> <a href="javascript:fontZoom(14)">中</a> <a href="javascript:fontZoom(12)">小</a>】</div>
<div class="article" id="zoom">
<p style="text-indent:2em">内容提要：{e(m['abstract'])}</p>
<p style="text-indent:2em">关键词：{'；'.join(e(k) for k in m['keywords'])}</p>
{art_html}
<p style="text-indent:2em">（作者单位：东江大学新闻与传播学院）</p>
<p style="text-align:right">编辑：王海　　责任编辑：刘镕</p>
</div>
<div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】【<a href="javascript:addFav()">收藏</a>】 分享到：<a class="bds_qzone">QQ空间</a> <a class="bds_tsina">新浪微博</a> <a class="bds_weixin">微信</a></div>
<div class="prenext"><p>上一篇：<a href="/xsqy/2015/{4100 + pn[0]}.html">{e(R[pn[0]]['title'])}</a></p><p>下一篇：<a href="/xsqy/2015/{4100 + pn[1]}.html">{e(R[pn[1]]['title'])}</a></p></div>
<div class="relate"><h3>相关文章</h3><ul>
{rel_html}
</ul></div>
<div class="comment"><h3>发表评论</h3><form action="/plus/feedback.php" method="post"><textarea name="msg" rows="5"></textarea><br />验证码：<input name="validate" size="4" /> <input type="submit" value="发表评论" /></form><p>（网友评论仅供其表达个人看法，并不表明本站同意其观点或证实其描述）</p></div>
</div>
<div class="footer">
<p><a href="/about/">关于我们</a> | <a href="/contact/">联系方式</a> | <a href="/sitemap/">网站地图</a></p>
<p>主办：东江市社会科学界联合会　版权所有　粤ICP备05082246号</p>
<p>地址：东江市府前路18号　邮编：516000　电话：0752-2831xxx</p>
</div>
</body>
</html>
'''
    g = gold(t, '新闻传播前沿', None, None, ['李玥', '张喆'], m['keywords'], m['abstract'], body_text(items),
             [R[i]['title'] for i in rel], 'gbk',
             'News-CMS reprint of a paper (DedeCMS-like XHTML). Bytes are GBK but the page declares charset=gb2312, and '
             'it contains GBK-only characters (玥, 喆 in author names, 镕 in an editor name) that GB2312 cannot decode. '
             'Info line 来源：《新闻传播前沿》2015年第2期 / 作者 / 发布时间 / 浏览次数 (script) at the top; the article '
             'starts with 内容提要 (= abstract) and 关键词 paragraphs, then bold headings + paragraphs; (作者单位…) and '
             '编辑/责任编辑 lines at the end are not body and the editors are neither authors nor uploader. 字体大中小, '
             '打印/关闭/收藏, share links, 上一篇/下一篇 titles (not related), 发表评论 form, footer with ICP. '
             'Related = 相关文章 titles (the [date] prefix is per-item metadata).')
    return 'h06_news_reprint_gbk.html', page.encode('gbk'), g


def case07(P):
    """Discuz!-style forum thread reposting a paper (text in <br>-separated lines)."""
    m = R[MAIN[7]]
    paras = P.take(5, m['disc'])
    hot = P.take(5)
    t = m['title']
    heads = ['一、案情回顾', '二、反向混淆的判断标准', '三、结语']
    items = build_body('hpphpphp', heads, [R[i]['abstract'] for i in paras])
    msg = []
    for kind, txt in items:
        msg.append(f'<strong>{e(txt)}</strong><br />' if kind == 'h' else f'&nbsp; &nbsp; {e(txt)}<br />\n<br />')
    msg_html = '\n'.join(msg)
    hot_html = '\n'.join(f'<li><a href="thread-{2280000 + i}-1-1.html" title="{e(R[i]["title"])}">{e(R[i]["title"])}</a></li>' for i in hot)
    page = f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>[论文分享] {e(t)} - 知识产权法 - 法律人论坛 -  Powered by Discuz!</title>
<meta name="keywords" content="{e(t)}" />
<script type="text/javascript">var STYLEID = '1', STATICURL = 'static/', IMGDIR = 'static/image/common', VERHASH = 'Q7x', charset = 'utf-8', discuz_uid = '0', cookiepre = 'fl_2132_';</script>
<link rel="stylesheet" type="text/css" href="data/cache/style_1_common.css?Q7x" />
</head>
<body id="nv_forum" class="pg_viewthread">
<div id="toptb" class="cl"><div class="wp"><div class="z"><a href="./">设为首页</a><a href="javascript:;">收藏本站</a></div><div class="y"><a href="member.php?mod=logging&amp;action=login">登录</a><a href="member.php?mod=register">立即注册</a></div></div></div>
<div id="hd"><div class="wp"><h2><a href="./" title="法律人论坛"><img src="static/image/common/logo.png" alt="法律人论坛" /></a></h2>
<ul id="nv"><li><a href="forum.php">论坛</a></li><li><a href="portal.php">门户</a></li><li><a href="group.php">群组</a></li><li><a href="home.php">家园</a></li></ul></div></div>
<div id="pt" class="bm cl"><div class="z"><a href="./" class="nvhm" title="首页">法律人论坛</a> <em>&rsaquo;</em> <a href="forum.php">论坛</a> <em>&rsaquo;</em> <a href="forum.php?gid=38">学术研究</a> <em>&rsaquo;</em> <a href="forum-41-1.html">知识产权法</a> <em>&rsaquo;</em> <a href="thread-2283741-1-1.html">{e(t)}</a></div></div>
<div id="ct" class="wp cl">
<div id="pgt" class="pgs mbm cl"><div class="pgt"><div class="pg"><strong>1</strong><a href="thread-2283741-2-1.html">2</a><a href="thread-2283741-2-1.html" class="nxt">下一页</a></div></div><span class="pgb y"><a href="forum-41-1.html">返回列表</a></span><a id="newspecial" href="javascript:;">发新帖</a></div>
<div id="postlist" class="pl bm">
<table cellspacing="0" cellpadding="0"><tr><td class="pls ptn pbn"><div class="hm ptn"><span class="xg1">查看:</span> <span class="xi1">2317</span><span class="pipe">|</span><span class="xg1">回复:</span> <span class="xi1">12</span></div></td>
<td class="plc ptm pbn vwthd"><h1 class="ts"><a href="forum.php?mod=forumdisplay&amp;fid=41&amp;filter=typeid&amp;typeid=7">[论文分享]</a> <span id="thread_subject">{e(t)}</span></h1>
<span class="xg1"><a href="thread-2283741-1-1.html">[复制链接]</a></span></td></tr></table>
<div id="post_5120331"><table id="pid5120331" class="plhin" cellspacing="0" cellpadding="0"><tr>
<td class="pls" rowspan="2"><div class="pi"><div class="authi"><a href="space-uid-88231.html" class="xw1">lawyer_wu</a></div></div>
<dl class="pil cl"><dt>积分</dt><dd>1286</dd><dt>帖子</dt><dd>342</dd><dt>精华</dt><dd>3</dd></dl></td>
<td class="plc"><div class="pi"><strong><a href="javascript:;">楼主</a></strong><div class="pti"><div class="authi"><em id="authorposton5120331">发表于 2016-5-3 09:41:27</em><span class="pipe">|</span><a href="forum.php?mod=viewthread&amp;tid=2283741&amp;page=1&amp;authorid=88231">只看该作者</a></div></div></div>
<div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_5120331">
<i class="pstatus"> 本帖最后由 lawyer_wu 于 2016-5-3 10:12 编辑 </i><br />
<br />
<font color="#808080">来源：《知识产权研究评论》2016年第2期</font><br />
作者：郑晓航　林婧<br />
<br />
<strong>摘要：</strong>{e(m['abstract'])}<br />
<strong>关键词：</strong>{'；'.join(e(k) for k in m['keywords'])}<br />
<br />
{msg_html}
<font color="#999999">（本文仅供学习交流，版权归原作者及期刊所有，如有侵权请联系删除）</font></td></tr></table>
</div><div class="ptg mbm mtn">标签: <a href="misc.php?mod=tag&amp;id=301">反向混淆</a> <a href="misc.php?mod=tag&amp;id=302">商标侵权</a></div></div></div>
<div class="sign">法律是最低限度的道德。——签名档</div>
<div class="po hin"><div class="pob cl"><em><a class="fastre" href="javascript:;">回复</a></em><p><a href="javascript:;">收藏</a> <a href="javascript:;">分享</a> <a href="javascript:;">支持</a> <a href="javascript:;">反对</a> <a href="javascript:;">举报</a></p></div></div>
</td></tr></table></div>
<div id="post_5120356"><table class="plhin"><tr><td class="pls"><div class="authi"><a class="xw1" href="space-uid-90112.html">知产小白</a></div></td>
<td class="plc"><div class="pi"><strong>沙发</strong><em>发表于 2016-5-3 10:25:02</em></div>
<div class="pct"><div class="t_fsz"><table><tr><td class="t_f" id="postmessage_5120356">感谢楼主分享，反向混淆这块终于看明白了，收藏了慢慢读。</td></tr></table></div></div></td></tr></table></div>
<div id="post_5120411"><table class="plhin"><tr><td class="pls"><div class="authi"><a class="xw1" href="space-uid-70456.html">商标代理人老周</a></div></td>
<td class="plc"><div class="pi"><strong>板凳</strong><em>发表于 2016-5-4 08:03:47</em></div>
<div class="pct"><div class="t_fsz"><table><tr><td class="t_f" id="postmessage_5120411"><div class="quote"><blockquote>原告与被告之间不存在竞争关系</blockquote></div>这一点二审判决其实有不同看法，建议楼主把二审判决书也贴上来对照一下。</td></tr></table></div></div></td></tr></table></div>
</div>
<div id="f_pst" class="pl bm bmw"><h3>发表回复</h3><div class="pnc">您需要登录后才可以回帖 <a href="member.php?mod=logging&amp;action=login">登录</a> | <a href="member.php?mod=register">立即注册</a></div><textarea id="fastpostmessage" rows="5"></textarea><button id="fastpostsubmit">发表回复</button> <a href="javascript:;">高级模式</a></div>
<div class="bm"><div class="bm_h"><h2>热门帖子</h2></div><ul class="xl">
{hot_html}
</ul></div>
</div>
<div id="ft" class="wp cl"><div id="flk" class="y"><a href="archiver/">Archiver</a><span class="pipe">|</span><a href="forum.php?mobile=yes">手机版</a><span class="pipe">|</span><a href="forum.php?mod=misc&amp;action=showdarkroom">小黑屋</a><span class="pipe">|</span><strong><a href="./">法律人论坛</a></strong> ( <a href="https://beian.miit.gov.cn/">京ICP备12034829号-1</a> )</div>
<div id="frt"><p>Powered by <strong>Discuz!</strong> <em>X3.4</em></p><p class="xs0">GMT+8, 2023-9-14 16:21 , Processed in 0.061428 second(s), 21 queries .</p></div></div>
</body>
</html>
'''
    g = gold(t, '知识产权研究评论', None, None, ['郑晓航', '林婧'], m['keywords'], m['abstract'], body_text(items), [],
             'utf-8',
             'Discuz!-style forum thread reposting a paper (UTF-8). Heading <h1> = thread-type link [论文分享] + subject '
             '(title without the [论文分享] marker). The first post is <br>-separated lines (no <p>): a 本帖最后由…编辑 '
             'status line, 来源：《…》2016年第2期 (source), 作者 line, 摘要/关键词, then bold headings and &nbsp;-indented '
             'paragraphs, then a repost disclaimer (not body). Not body: the poster sidebar (积分/帖子), 标签 tag line '
             '(not keywords), signature, replies (one quoting a sentence), 发表回复 box, 热门帖子 list (site-wide, not '
             'related -> related []). 查看/回复 counts are not citations. Uploader is left unscored: the thread poster '
             '(lawyer_wu) is not labelled as an uploader, so null is expected but a forum-aware parser might argue '
             'otherwise.', unscored=['uploader'])
    return 'h07_forum_repost.html', page.encode('utf-8'), g


def case08(P):
    """Journal's own site (Magtech-like), sidebar with 相关文章 before the article in the HTML."""
    m = R[MAIN[8]]
    paras = P.take(5, m['disc'])
    rel = P.take(6, m['disc'])
    top = P.take(4)
    refs = P.take(3)
    t = m['title']
    heads = ['0 引言', '1 基于锁相环的转子位置估计', '2 模型参考自适应定向调节器', '3 实验结果', '4 结语']
    items = build_body('hphphphphp', heads, [R[i]['abstract'] for i in paras])
    ft = []
    for kind, txt in items:
        ft.append(f'<h4 class="sec">{e(txt)}</h4>' if kind == 'h' else f'<p class="p1">{e(txt)}</p>')
    ft_html = '\n'.join(ft)
    kw_html = '&nbsp;&nbsp;\n'.join(f'<a href="../../../CN/article/searchArticleResult.do?searchSQL={e(k)}">{e(k)}</a>' for k in m['keywords'])
    rel_html = '\n'.join(f'<li>[{n + 1}] <a href="../../../CN/Y2012/V39/I{1 + n % 4}/{30 + n}">{e(R[i]["title"])}</a></li>' for n, i in enumerate(rel))
    top_html = '\n'.join(f'<li><a href="../../../CN/abstract/abstract{1900 + i}.shtml">{e(R[i]["title"])}</a></li>' for i in top)
    ref_html = '\n'.join(f'<li>{person(i + 7)}, {person(i + 9)}. {e(R[i]["title"])}[J]. {journal(i + 4)}, {2007 + n}, {20 + n}({n + 2}): {11 + n}-{16 + n}.</li>' for n, i in enumerate(refs))
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{e(t)}</title>
<meta name="citation_journal_title" content="电机与控制应用研究">
<meta name="citation_title" content="{e(t)}">
<link href="../../../css/magtech.css" rel="stylesheet">
<style>.col-side{{float:right;width:280px}}.col-main{{margin-right:300px}}</style>
</head>
<body>
<div class="header"><div class="jtitle">电机与控制应用研究</div><div class="jtitle-en">Electric Machines &amp; Control Application Research</div>
<ul class="menu"><li><a href="../../../CN/volumn/home.shtml">首页</a></li><li><a href="../../../CN/column/item1.shtml">期刊介绍</a></li><li><a href="../../../CN/column/item2.shtml">编委会</a></li><li><a href="../../../CN/column/item3.shtml">投稿指南</a></li><li><a href="../../../CN/column/item4.shtml">期刊订阅</a></li><li><a href="../../../CN/column/item5.shtml">联系我们</a></li></ul>
<div class="logins"><a href="/journalx_djkz/authorLogOn.action">作者投稿</a> <a href="/journalx_djkz/expertLogOn.action">专家审稿</a> <a href="/journalx_djkz/editorLogOn.action">编辑办公</a></div></div>
<div class="container">
<div class="col-side">
<div class="panel"><h4>快速检索</h4><form><input name="q"><select><option>文章题目</option><option>作者</option><option>关键词</option></select><button>检索</button></form></div>
<div class="panel"><h4>本文相关文章</h4><ul class="rel">
{rel_html}
</ul></div>
<div class="panel"><h4>下载排行</h4><ol class="top">
{top_html}
</ol></div>
<div class="panel"><h4>本文统计</h4><p>摘要点击次数: 1024</p><p>全文下载次数: 318</p></div>
<div class="panel"><h4>分享</h4><p>微信 | 微博 | QQ空间 | 打印本页</p></div>
</div>
<div class="col-main">
<div class="art-info">电机与控制应用研究 2012, Vol. 39 Issue (4): 45-50　　DOI: 10.3969/j.issn.1673-6540.2012.04.010</div>
<div class="col-name">新能源发电</div>
<h1 class="art-title">{e(t)}</h1>
<h2 class="art-title-en">Sensorless Vector Control of MW-Class Permanent Magnet Synchronous Wind Generators</h2>
<p class="authors">刘志远<sup>1,2</sup>, 黄晨<sup>1</sup>, 吴海涛<sup>2</sup></p>
<p class="aff"><sup>1</sup>. 华北电力大学 电气与电子工程学院, 北京 102206;<br><sup>2</sup>. 盐城海风电气有限公司 技术中心, 江苏 盐城 224000</p>
<div class="abs"><b>摘要：</b>{e(m['abstract'])}</div>
<div class="kw"><b>关键词：</b>{kw_html}</div>
<div class="abs-en"><b>Abstract:</b> A sensorless vector control method for MW-class direct-drive permanent magnet synchronous wind generators, based on a phase-locked loop model and model reference adaptive theory, is proposed.<br><b>Key words:</b> PMSG; vector control; MRAS; sensorless; PLL</div>
<div class="info-items"><p>收稿日期：2011-12-06</p><p>基金项目：国家高技术研究发展计划(863计划)项目(2011AA050201)</p><p>作者简介：刘志远(1982—)，男，博士研究生，研究方向为风力发电控制技术。</p></div>
<div class="cite"><b>引用本文：</b><br>刘志远, 黄晨, 吴海涛. {e(t)}[J]. 电机与控制应用研究, 2012, 39(4): 45-50.<br>LIU Zhi-yuan, HUANG Chen, WU Hai-tao. Sensorless vector control of MW-class permanent magnet synchronous wind generators[J]. Electric Machines &amp; Control Application Research, 2012, 39(4): 45-50.</div>
<div class="counts">被引次数：<span class="num">4</span>　　<a href="javascript:;">PDF (1286 KB)</a>　<a href="javascript:;">HTML</a>　<a href="javascript:;">导出引用</a>　<a href="javascript:;">收藏</a></div>
<div class="fulltext"><div class="ft-h">HTML全文</div>
{ft_html}
</div>
<div class="refs"><h4>参考文献</h4><ol>
{ref_html}
</ol></div>
</div>
</div>
<div class="footer"><p>版权所有 &copy; 2023 《电机与控制应用研究》编辑部　地址：上海市武宁路505号　邮编：200063</p><p>沪ICP备09078925号-3　本系统由北京玛格泰克科技发展有限公司设计开发</p></div>
</body>
</html>
'''
    g = gold(t, '电机与控制应用研究', 4, None, ['刘志远', '黄晨', '吴海涛'], m['keywords'], m['abstract'],
             body_text(items), [R[i]['title'] for i in rel], 'utf-8',
             'A journal\'s own website (Magtech-like, UTF-8) with two columns where the sidebar comes BEFORE the article '
             'in the HTML (float:right). The sidebar holds 快速检索, 本文相关文章 (the related list, numbered [n]), 下载排行 '
             '(site list, not related), 本文统计, share links. Article: "journal 2012, Vol. 39 Issue (4)" line, column '
             'name, title, English title, authors with superscripts, affiliations, 摘要, 关键词 separated by &nbsp; runs, '
             'English abstract, 收稿日期/基金项目/作者简介, 引用本文 (all not body), 被引次数 4, HTML全文 with numbered '
             'headings (body), 参考文献 list (not body, not related).')
    return 'h08_sidebar_first.html', page.encode('utf-8'), g


def case09(P):
    """Journal-database page whose related list is a <table> (题名/作者/刊名/年份)."""
    m = R[MAIN[9]]
    paras = P.take(4, m['disc'])
    rel = P.take(7, m['disc'])
    t = m['title']
    heads = ['1 多塔连跨悬索桥的振动特点', '2 基频估算公式的推导', '3 算例分析']
    items = build_body('hphpphp', heads, [R[i]['abstract'] for i in paras])
    ft = '\n'.join(f'<p class="sec-title">{e(x)}</p>' if k == 'h' else f'<p>&nbsp;&nbsp;&nbsp;&nbsp;{e(x)}</p>' for k, x in items)
    kw_html = ''.join(f'<a href="/s?sw={e(k)}&amp;field=kw">{e(k)}</a>；' for k in m['keywords'])
    rows = '\n'.join(
        f'<tr><td class="t"><a href="/detail_38502{i}.html" target="_blank">{e(R[i]["title"])}</a></td><td>{person(i)}，{person(i + 11)}</td><td>《{journal(i + 6)}》</td><td>{2009 + (i % 6)}</td></tr>'
        for i in rel)
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{e(t)}_超维期刊</title>
<link rel="stylesheet" href="/css/qikan_detail.css">
</head>
<body>
<div class="topnav"><a href="/">超维期刊</a> <a href="/qikan">期刊导航</a> <a href="/search">文献检索</a> <a href="/subject">学科浏览</a> <span class="r"><a href="/login">登录</a> <a href="/reg">注册</a> <a href="/org">机构用户</a></span></div>
<div class="searchbar"><input type="text" id="sw" value="" placeholder="输入题名、作者、关键词"><input type="button" value="搜索"></div>
<div class="route"><a href="/">首页</a> &raquo; <a href="/qikan">期刊导航</a> &raquo; <a href="/qikan/qlysdgc">桥梁与隧道工程</a> &raquo; 文献详情</div>
<div class="card">
<h1 class="card_name">{e(t)}</h1>
<div class="card_line"><span class="lbl">作　者：</span><a href="/author?n=韩立新">韩立新</a>，<a href="/author?n=宋晓峰">宋晓峰</a>，<a href="/author?n=钱程">钱程</a></div>
<div class="card_line"><span class="lbl">作者单位：</span>同济大学土木工程学院桥梁工程系，上海 200092；长安大学公路学院，陕西 西安 710064</div>
<div class="card_line"><span class="lbl">刊　名：</span><a href="/qikan/qlysdgc">《桥梁与隧道工程》</a></div>
<div class="card_line"><span class="lbl">年　份：</span>2011　<span class="lbl">卷　期：</span>第28卷 第3期　<span class="lbl">页　码：</span>56-61</div>
<div class="card_line"><span class="lbl">被引频次：</span>7　<span class="lbl">下载频次：</span>203</div>
<div class="card_line"><span class="lbl">摘　要：</span><span class="abs">{e(m['abstract'])}</span></div>
<div class="card_line"><span class="lbl">关键词：</span>{kw_html}</div>
<div class="card_line"><span class="lbl">分类号：</span>U448.25</div>
<div class="card_btn"><a class="btn">原文传递</a> <a class="btn">文献下载</a> <a class="btn">PDF阅读</a> <a class="btn">收藏</a> <a class="btn">打印</a></div>
</div>
<div class="snap"><h2>正文快照</h2>
{ft}
<p class="snap-more"><a href="javascript:;">查看全文&gt;&gt;</a></p>
</div>
<div class="relwx"><h2>相关文献</h2>
<table class="rel-table" cellspacing="0">
<thead><tr><th>题名</th><th>作者</th><th>刊名</th><th>年份</th></tr></thead>
<tbody>
{rows}
</tbody></table>
<p class="more"><a href="/relwx?id=385024">更多相关文献&gt;&gt;</a></p></div>
<div class="footer">超维期刊 &copy;2005-2023 客服QQ：800012345 <a href="https://beian.miit.gov.cn">渝ICP备08000362号</a> 增值电信业务经营许可证：渝B2-20080015</div>
</body>
</html>
'''
    g = gold(t, '桥梁与隧道工程', 7, None, ['韩立新', '宋晓峰', '钱程'], m['keywords'], m['abstract'], body_text(items),
             [R[i]['title'] for i in rel], 'utf-8',
             'Journal-database detail card (超星-like, UTF-8): labels padded with full-width spaces (作　者, 刊　名, 年　份, '
             '摘　要), 刊　名 《…》 (source without brackets), 被引频次 7 next to 下载频次 203, keywords as links each '
             'followed by ；. 正文快照 section (label is chrome) with headings and &nbsp;-indented paragraphs; '
             '查看全文 link. The related list is a <table> with 题名/作者/刊名/年份 columns: related = the 题名 cells only.')
    return 'h09_related_table.html', page.encode('utf-8'), g


def case10(P):
    """Document-sharing page whose related items are <div> cards (with an ad card between them)."""
    m = R[MAIN[10]]
    paras = P.take(5, m['disc'])
    rel = P.take(7)
    t = m['title']
    heads = ['风冷与液冷热管理的局限', '相变材料热管理的原理', '研究展望']
    items = build_body('phpphphp', heads, [R[i]['abstract'] for i in paras])
    prev = '\n'.join(f'<div class="pv-h">{e(x)}</div>' if k == 'h' else f'<div class="pv-p">{e(x)}</div>' for k, x in items)
    shown = [snip(i) + '…' for i in rel]
    cards = []
    for n, (i, s) in enumerate(zip(rel, shown)):
        cards.append(f'<div class="rel-item"><div class="rel-t"><a href="/doc/{hash_int(i) % 9000000 + 1000000}.html" target="_blank">{e(s)}</a></div>'
                     f'<div class="rel-info"><span class="type">期刊论文</span><span>{2 + i % 7}页</span><span>{10 + i % 90}次下载</span></div></div>')
        if n == 3:
            cards.append('<div class="rel-item rel-ad"><span class="ad-tag">广告</span><a href="https://ad.example-click.cn/c?id=381" rel="nofollow">论文查重检测，知网维普万方通用，限时特价3元起</a></div>')
    cards_html = '\n'.join(cards)
    page = f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{e(t)} - 学文资料网</title>
<link rel="stylesheet" href="/assets/css/app.7c21f.css">
</head>
<body>
<header class="site-header"><a class="brand" href="/">学文资料网</a>
<nav><a href="/">首页</a><a href="/qikan/">期刊论文</a><a href="/biye/">毕业论文</a><a href="/fanwen/">范文</a><a href="/ppt/">PPT模板</a></nav>
<div class="acct"><a href="/login">登录</a><a href="/signup">注册</a></div></header>
<div class="bread"><a href="/">首页</a> / <a href="/qikan/">期刊论文</a> / <a href="/qikan/cailiao/">材料科学</a></div>
<main class="doc">
<h1 class="doc-h1">{e(t)}</h1>
<div class="doc-meta">
<div class="meta-item">期刊：<a href="/j/xnyclyqj/">新能源材料与器件</a></div>
<div class="meta-item">上传用户：<a href="/user/liu_xm2012/">liu_xm2012</a></div>
<div class="meta-item">被引量：１５</div>
<div class="meta-item">发布时间：2018-10-27</div>
<div class="meta-item">下载次数：62</div>
</div>
<div class="doc-actions"><button class="dl">免费下载</button><button class="fav">收藏</button><button class="share">分享</button><button class="print">打印</button></div>
<section class="doc-abs"><p><b>摘要：</b>{e(m['abstract'])}</p><p><b>关键词：</b>{'，'.join(e(k) for k in m['keywords'])}</p></section>
<section class="doc-preview"><h2 class="pv-title">内容预览</h2>
{prev}
<div class="pv-end">预览已结束，下载后可阅读全文 <button class="dl">下载全文</button></div>
</section>
<div class="banner-ad"><img src="/ad/vip.png" alt="开通VIP">开通VIP会员，全站资料免费下载</div>
<section class="rel-wrap"><h2>相关推荐</h2>
<div class="rel-list">
{cards_html}
</div></section>
<section class="comments"><h2>发表评论</h2><textarea placeholder="说点什么吧…"></textarea><button>发表</button><div class="cm-empty">还没有评论</div></section>
</main>
<footer class="site-footer"><p>学文资料网 - 专业的学术资料分享平台</p><p>免责声明：本站资料来源于网友上传，如有侵权请联系删除。</p><p>&copy; 2016-2023 xuewen-ziliao.com 豫ICP备16012345号-1</p></footer>
</body>
</html>
'''
    g = gold(t, '新能源材料与器件', 15, 'liu_xm2012', [], m['keywords'], m['abstract'], body_text(items), shown, 'utf-8',
             'Document-sharing page (UTF-8) with metadata in separate <div>s: 期刊 (source), 上传用户, 被引量 in '
             'full-width digits (１５ -> 15), 发布时间, 下载次数. 摘要/关键词 (，-separated, keywords contain parentheses) '
             'in a section; 内容预览 (label) with <div> headings and paragraphs; 预览已结束 line, VIP banner, 发表评论 and '
             'the footer disclaimer (来源于网友上传 is not a source) are chrome. Related = 相关推荐 items that are '
             '<div> cards, not <li>: each a truncated abstract ending with …, plus per-item type/页/下载 spans (metadata) '
             'and an ad card (广告) between items that is not an item. No authors on the page.')
    return 'h10_related_divs.html', page.encode('utf-8'), g


def case11(P):
    """Article-site (中国论文网-like): keywords separated by spaces only, 标签 line."""
    m = R[MAIN[11]]
    paras = P.take(4, m['disc'])
    refs = P.take(3, m['disc'])
    rel = P.take(6)
    pn = P.take(2)
    t = m['title']
    heads = ['1 实验部分', '2 结果与讨论', '3 结论']
    items = build_body('hphpphp', heads, [R[i]['abstract'] for i in paras])
    art = '\n'.join(f'<p><b>{e(x)}</b></p>' if k == 'h' else f'<p>　　{e(x)}</p>' for k, x in items)
    ref_html = '<br />\n'.join(f'[{n + 1}]{person(i + 2)}.{e(R[i]["title"])}[J].{journal(i + 3)},{2006 + n}({n + 1}).' for n, i in enumerate(refs))
    rel_html = '\n'.join(f'<li><a href="/fangzhi/{20150600 + i}.html" title="{e(R[i]["title"])}">{e(R[i]["title"])}</a><span>{2015}-0{1 + n % 6}-2{n}</span></li>' for n, i in enumerate(rel))
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8" />
<title>{e(t)}_纺织论文_学海论文网</title>
<meta name="keywords" content="{e(','.join(m['keywords']))}" />
<link href="/skin/css/article.css" rel="stylesheet" />
</head>
<body>
<div class="header"><div class="logo"><a href="/">学海论文网</a></div><div class="hd-r"><a href="/tougao/">论文投稿</a> <a href="/fabiao/">论文发表</a> <a href="/member/">会员中心</a></div></div>
<div class="nav"><a href="/">首页</a><a href="/jingji/">经济论文</a><a href="/gongye/">工业论文</a><a href="/yixue/">医学论文</a><a href="/jiaoyu/">教育论文</a><a href="/wenhua/">文化论文</a></div>
<div class="place">当前位置：<a href="/">首页</a> &gt; <a href="/gongye/">工业论文</a> &gt; <a href="/fangzhi/">纺织论文</a> &gt; 正文</div>
<div class="l">
<div class="arc">
<h1>{e(t)}</h1>
<div class="arcinfo">时间：2015-06-12 09:38　作者：张建华 王丽　来源：印染技术与装备　阅读：<span id="hits">1253</span>次</div>
<div class="arcbody">
<p>　　摘要：{e(m['abstract'])}</p>
<p>　　关键词：{' '.join(e(k) for k in m['keywords'])}</p>
{art}
<p>　　参考文献：<br />
{ref_html}</p>
</div>
<div class="tags">标签：<a href="/tags/fangzhi.html">纺织论文</a> <a href="/tags/ranzheng.html">染整论文</a> <a href="/tags/guangcuihua.html">光催化</a></div>
<div class="prenext"><span>上一篇：<a href="/fangzhi/{20150600 + pn[0]}.html">{e(R[pn[0]]['title'])}</a></span><span>下一篇：<a href="/fangzhi/{20150600 + pn[1]}.html">{e(R[pn[1]]['title'])}</a></span></div>
<div class="share">分享到：<a>微信</a> <a>QQ</a> <a>微博</a>　<a href="javascript:window.print();">打印</a> <a href="javascript:;">收藏</a></div>
</div>
<div class="xg"><h3>相关文章</h3><ul>
{rel_html}
</ul></div>
<div class="pl"><h3>发表评论</h3><textarea></textarea><input type="submit" value="发表评论" /><p>共有0条评论</p></div>
</div>
<div class="r"><div class="box"><h3>论文发表咨询</h3><p>QQ：800820000<br />电话：400-018-6688</p></div><div class="box"><h3>期刊推荐</h3><ul><li>纺织导报研究</li><li>印染助剂进展</li></ul></div></div>
<div class="footer">Copyright &copy; 2009-2023 学海论文网 版权所有　<a href="https://beian.miit.gov.cn">冀ICP备09012345号</a><br />本站部分文章来源于网络，如有侵权请联系删除</div>
</body>
</html>
'''
    g = gold(t, '印染技术与装备', None, None, ['张建华', '王丽'], m['keywords'], m['abstract'], body_text(items),
             [R[i]['title'] for i in rel], 'utf-8',
             'Article site (中国论文网-like, UTF-8). Info line 时间 / 作者：张建华 王丽 (space-separated names, no '
             'layout-space merging) / 来源：印染技术与装备 (a journal) / 阅读 1253次 (not citations -> null). The article '
             'body starts with indented 摘要 and 关键词 paragraphs; keywords are separated by single spaces only. '
             'Bold headings + paragraphs, then an inline 参考文献 paragraph (not body). 标签 line is a site tag list, '
             'not keywords. 上一篇/下一篇, share/打印/收藏, 发表评论, sidebar 期刊推荐 and the footer are chrome. '
             'Related = 相关文章 titles (dates are per-item metadata).')
    return 'h11_keywords_spaces.html', page.encode('utf-8'), g


def case12(P):
    """Old-CNKI-style record with 【作者】【机构】【出处】【摘要】【关键词】; UTF-8 with BOM, no charset."""
    m = R[MAIN[12]]
    rel = P.take(6, m['disc'])
    t = m['title']
    # related items as shown: "n 作者. 题名[J]. 刊名, 年(期)" under database sub-labels
    groups = [('中国期刊全文数据库', rel[:4], 'J'), ('中国优秀硕士学位论文全文数据库', rel[4:], 'D')]
    blocks = []
    for name, ids, typ in groups:
        lis = []
        for n, i in enumerate(ids):
            tail = f'{journal(i + 8)}, {2007 + n}({n + 3:02d})' if typ == 'J' else f'{["华中师范大学", "山东大学"][n % 2]}, {2009 + n}'
            lis.append(f'<li>{n + 1} <a href="/kcms/detail?dbcode=CJFQ&amp;filename=ZXDT{2008 + n}{i}">{person(i + 4)}. {e(R[i]["title"])}[{typ}]. {tail}</a></li>')
        blocks.append(f'<div class="dbname">{name}<span> 前{len(ids)}条</span></div>\n<ul>\n' + '\n'.join(lis) + '\n</ul>')
    rel_html = '\n'.join(blocks)
    kw_html = ' '.join(f'<a href="/kns/detail.aspx?kw={e(k)}">{e(k)}</a>；' for k in m['keywords'])
    page = f'''<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<title>{e(t)}--《伦理学动态》2010年04期</title>
<link href="/Css/detail.css" rel="stylesheet" type="text/css">
<script language="javascript" src="/Script/common.js"></script>
</head>
<body>
<div id="head"><a href="/"><img src="/Images/logo_space.gif" alt="学知空间"></a> <a href="/">首页</a> | <a href="/kns/">文献检索</a> | <a href="/qk/">期刊导航</a> | <a href="/login.aspx">登录</a></div>
<div class="nav">学知空间 &gt; 期刊 &gt; 伦理学动态 &gt; 2010年04期</div>
<table width="960" align="center"><tr><td valign="top" class="maintd">
<h1 id="chTitle">{e(t)}</h1>
<div id="enTitle">New Advances in Western Moral Psychology: The Five Foundations Theory of Moral Judgment</div>
<div class="summary">
<p>【作者】 <a href="/author?n=黄颖">黄 颖</a>； <a href="/author?n=李德明">李德明</a>；</p>
<p>【机构】 南州师范大学心理学院；南州师范大学哲学系；</p>
<p>【出处】 <a href="/qk/ZXDT">《伦理学动态》</a> 2010年 04期</p>
<p>【摘要】 {e(m['abstract'])}</p>
<p>【关键词】 {kw_html}</p>
<p>【英文摘要】 This paper introduces a new theory of western moral psychology in the early 21st century: the five foundations theory of morality proposed by Haidt.</p>
<p>【基金】 教育部人文社会科学研究青年基金项目(09YJC720021)；</p>
<p>【分类号】 B82-054</p>
<p>【下载频次】 156</p>
</div>
<div class="btns"><a href="javascript:;">CAJ下载</a> <a href="javascript:;">PDF下载</a> <a href="javascript:;">在线阅读</a> <a href="javascript:;">分享到</a></div>
<!-- 【被引频次】 暂停显示 -->
<div class="relwx"><h3>【相似文献】</h3>
{rel_html}
</div>
</td>
<td valign="top" class="sidetd"><div class="box"><h4>相关期刊</h4><p>哲学研究进展</p><p>道德与文明研究</p></div></td></tr></table>
<div id="foot">学知空间 版权所有 京ICP证040431号 服务热线：400-810-9888</div>
</body>
</html>
'''
    g = gold(t, '伦理学动态', None, None, ['黄颖', '李德明'], m['keywords'], m['abstract'], '',
             [R[i]['title'] for i in rel], 'utf-8',
             'Old CNKI-style (知网空间-like) record page, saved as UTF-8 WITH a BOM and no charset declaration. '
             'Bracket labels 【作者】 (黄 颖 has a layout space; names followed by ；), 【机构】, 【出处】 《…》 2010年 04期, '
             '【摘要】, 【关键词】 (links each followed by ；), 【英文摘要】 (not included), 【基金】, 【分类号】, 【下载频次】 '
             '156 (a download count, not citations -> null; a commented-out 【被引频次】 is not shown). Landing page: '
             'body "". 【相似文献】 lists items as "n 作者. 题名[J]. 刊名, 年(期)" (or [D] + university) under database '
             'sub-labels (中国期刊全文数据库 前4条 …) that are not items: related = the titles only.')
    return 'h12_bracket_labels_bom.html', b'\xef\xbb\xbf' + page.encode('utf-8'), g


def case13(P):
    """Taiwanese database page (Airiti-like) in Big5: 被引用 12 次, traditional characters."""
    b = BIG5_ROWS
    m = b[MAIN[13]]
    t = m['title']
    heads = ['一、前言', '二、材料與方法', '三、結果與討論']
    items = build_body('hphphp', heads, [b[740]['abstract'], b[963]['abstract'], b[777]['abstract']])
    body_html = '\n'.join(f'<h4>{e(x)}</h4>' if k == 'h' else f'<p>{e(x)}</p>' for k, x in items)
    rel = [b[i]['title'] for i in (827, 836, 882, 909, 978)]
    rel_html = '\n'.join(f'<li><a href="/Publication/alDetailedMesh?docid=10239981-2012{n:02d}-{n + 3}">{e(x)}</a><div class="rel-au">{["黃俊傑", "張淑芬", "李建志", "吳明哲", "蔡宗翰"][n]}／{["中華林學季刊", "臺灣園藝學報", "造園景觀學報", "林業研究專訊", "都市計劃學報"][n]}／{2008 + n}</div></li>' for n, x in enumerate(rel))
    page = f'''<!DOCTYPE html>
<html lang="zh-Hant-TW">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>{e(t)} | 華文學術資料庫</title>
<link rel="stylesheet" href="/Content/css/detail.css">
</head>
<body>
<div id="header"><a class="logo" href="/">華文學術資料庫</a>
<ul class="topmenu"><li><a href="/">首頁</a></li><li><a href="/Journals">期刊</a></li><li><a href="/Theses">論文</a></li><li><a href="/Books">電子書</a></li></ul>
<div class="member"><a href="/Account/Login">登入</a>｜<a href="/Account/Register">註冊</a>｜<a href="/Cart">購物車(0)</a>｜<a href="/Help">使用說明</a></div></div>
<div class="breadcrumb"><a href="/">首頁</a> &gt; <a href="/Journals">期刊</a> &gt; <a href="/Journals/TJH">臺灣園藝學報</a> &gt; 第58卷第2期</div>
<div id="content">
<div class="article-head">
<h1 class="art-title">{e(t)}</h1>
<div class="art-title-en">Dust-Retention Capacity of Common Turfgrasses</div>
<div class="metrics"><span class="cited">被引用 12 次</span><span>瀏覽 2,331 次</span><span>下載 186 次</span></div>
<table class="art-meta">
<tr><th>作者</th><td><a href="/Search?au=林志豪">林志豪</a>、<a href="/Search?au=陳怡君">陳怡君</a>、<a href="/Search?au=王美玲">王美玲</a></td></tr>
<tr><th>期刊名稱</th><td><a href="/Journals/TJH">臺灣園藝學報</a></td></tr>
<tr><th>卷期</th><td>58卷2期（2012/06）</td></tr>
<tr><th>頁次</th><td>97 - 108</td></tr>
<tr><th>DOI</th><td>10.6542/TJH.2012.58.2.03</td></tr>
</table>
<div class="btns"><a class="btn-buy">購買全文</a> <a href="javascript:;">加入收藏</a> <a href="javascript:;">引用</a> <a href="javascript:;">分享</a> <a href="javascript:window.print()">列印</a></div>
</div>
<div class="section"><h3>中文摘要</h3><p class="abs">{e(m['abstract'])}</p></div>
<div class="section"><h3>英文摘要</h3><p class="abs-en">Turfgrasses and ground-cover plants are an indispensable part of urban ecological construction. The dust-retention capacity of 26 cultivars of 10 species commonly used in Qingdao was studied.</p></div>
<div class="section"><h3>關鍵詞</h3><p class="kw">{'、'.join(e(k) for k in m['keywords'])}</p></div>
<div class="section preview"><h3>內文預覽</h3>
{body_html}
<p class="more-tip">※ 以上為部分內文預覽，完整內容請購買全文。</p>
</div>
<div class="section"><h3>相關文獻</h3><ul class="rel">
{rel_html}
</ul></div>
</div>
<div id="footer"><p><a href="/About">關於我們</a>｜<a href="/Privacy">隱私權政策</a>｜<a href="/Contact">聯絡我們</a></p><p>Copyright (C) 華文學術股份有限公司 版權所有　客服專線：(02)2926-6006　客服信箱：service@hwxs.com.tw</p></div>
</body>
</html>
'''
    g = gold(t, '臺灣園藝學報', 12, None, ['林志豪', '陳怡君', '王美玲'], m['keywords'], m['abstract'], body_text(items),
             rel, 'big5',
             'Taiwanese journal database page (華藝-like) in Big5 (declared charset=big5), traditional characters '
             'throughout (kept as shown, no conversion). Citations written 被引用 12 次 beside 瀏覽 2,331 次 / 下載 186 次. '
             'Metadata in a <th>/<td> table: 作者 (names separated by 、), 期刊名稱 (source), 卷期, 頁次, DOI. Sections '
             '中文摘要 (abstract), 英文摘要 (not included), 關鍵詞 (、-separated), 內文預覽 (headings + paragraphs = body; '
             'the ※ purchase note is chrome). Related = 相關文獻 titles; the author／journal／year line under each is '
             'per-item metadata.')
    return 'h13_big5_cited.html', page.encode('big5'), g


def case14(P):
    """Text copy of a document-sharing page: Windows line endings, many blank lines."""
    m = R[MAIN[14]]
    paras = P.take(5, m['disc'])
    rel = P.take(6, m['disc'])
    hot = P.take(3)
    t = m['title']
    heads = ['1 工程概况', '2 两种TBM的施工方法比较', '3 改进构想', '4 结语']
    items = build_body('hphpphphp', heads, [R[i]['abstract'] for i in paras])
    L = ['书香文库', '首页', '文库', '期刊论文', '学位论文', '范文大全', '登录', '注册', '', '搜索文档', '', '',
         '首页 > 期刊论文 > 土木建筑 > 隧道工程', '', '', '', t, '', '', '',
         '上传者：tunnel_lee', '上传时间：2017-09-06', '来源：隧道建设与地下工程', '被引量：2', '页数：5页', '', '',
         '立即下载', '收藏', '分享', '', '', '作者：邵宁，何建军', '',
         '摘要：' + m['abstract'], '', '关键词：' + '；'.join(m['keywords']) + '；', '', '', '']
    for n, (kind, txt) in enumerate(items):
        if kind == 'h':
            L += [txt, '', '']
        else:
            L += [('\t' if n % 2 else '    ') + txt + ('  ' if n == 3 else ''), '', '']
        if n == 3:
            L += ['- 1 -', '', '']
    L += ['- 2 -', '', '', '剩余3页未读，点击阅读全文', '', '', '', '相关论文', '']
    for i in rel:
        L += [R[i]['title'], '']
    L += ['', '热门文档', '']
    for i in hot:
        L += [R[i]['title'], '']
    L += ['', '关于我们 | 联系我们 | 免责声明 | 帮助中心', 'Copyright © 2012-2023 书香文库 鲁ICP备12008812号-1', '', '']
    text = '\r\n'.join(L)
    g = gold(t, '隧道建设与地下工程', 2, 'tunnel_lee', ['邵宁', '何建军'], m['keywords'], m['abstract'], body_text(items),
             [R[i]['title'] for i in rel], 'utf-8',
             'Plain-text copy (select-all/copy) of a document-sharing page, UTF-8 with Windows CRLF line endings and '
             'runs of 2-3 blank lines everywhere. One meta field per line (上传者, 上传时间, 来源, 被引量, 页数), button '
             'lines 立即下载/收藏/分享, 作者 line (，-separated), 摘要 and 关键词 (；-separated with a trailing ；). Body = '
             'numbered headings + paragraphs indented with 4 spaces or a tab (one with trailing spaces); page markers '
             '- 1 - / - 2 - and 剩余3页未读 are not body. 相关论文 = titles (related); 热门文档 is site-wide; footer with ICP.')
    return 'h14_textcopy_crlf.txt', text.encode('utf-8'), g


def case15(P):
    """Text copy saved as GBK: meta line with full-width colons, ｜ separators, full-width digits."""
    m = R[MAIN[15]]
    paras = P.take(5, m['disc'], enc='gbk')
    rel = P.take(7, enc='gbk')
    hot = P.take(3, enc='gbk')
    t = m['title']
    heads = ['一、废水性质与处理工艺', '二、油对厌氧污泥的影响', '三、运行效果']
    items = build_body('phpphphp', heads, [R[i]['abstract'] for i in paras])
    L = ['环保资料库  首页 | 期刊 | 论文 | 文档 | 登录 | 注册',
         '当前位置：首页 > 论文 > 环境科学 > 正文',
         t,
         '来源：环境工程技术进展｜被引量：１２次｜上传用户：ecowater_88｜上传时间：２０１４－０３－２１',
         '下载全文｜收藏｜分享到微信',
         '声明：本站文档来源于网友上传，仅供学习参考，如有侵权请联系删除',
         '文档内容预览']
    for kind, txt in items:
        L.append(txt if kind == 'h' else '　　' + txt)
    L.append('（预览结束，下载后可查看完整文档）')
    L.append('相关论文')
    shown = [snip(i, 40, 30) for i in rel]
    for n, s in enumerate(shown):
        L.append(s)
        if n == 2:
            L.append('学位论文')
    L.append('热门推荐')
    for i in hot:
        L.append(R[i]['title'])
    L += ['关于我们｜联系我们｜网站地图｜意见反馈', '版权所有 2014 环保资料库 粤ICP备14023456号-1']
    text = '\n'.join(L) + '\n'
    g = gold(t, '环境工程技术进展', 12, 'ecowater_88', [], [], None, body_text(items), shown, 'gbk',
             'Plain-text copy saved in GBK (LF). The meta line uses full-width colons and ｜ separators with '
             'full-width digits: 来源：…｜被引量：１２次｜上传用户：…｜上传时间：２０１４－… . Lines 下载全文｜收藏｜…, a 声明 '
             'disclaimer (来源于网友上传 is not a source) and the label 文档内容预览 are chrome. Body = short headings + '
             'paragraphs indented with 　　; the 预览结束 line is not body. 相关论文 = 7 truncated snippets with a stray '
             '学位论文 category label between them; 热门推荐 is site-wide. No authors, keywords or abstract.')
    return 'h15_textcopy_fullwidth_gbk.txt', text.encode('gbk'), g


def case16(P):
    """MHTML saved by Chrome ("Saved by Blink"), HTML part quoted-printable UTF-8."""
    m = R[MAIN[16]]
    paras = P.take(4, m['disc'])
    rel = P.take(6)
    t = m['title']
    heads = ['1 材料与方法', '2 结果与分析', '3 讨论']
    items = build_body('hphpphp', heads, [R[i]['abstract'] for i in paras])
    art = '\n'.join(f'<h3 class="c-h">{e(x)}</h3>' if k == 'h' else f'<p class="c-p">{e(x)}</p>' for k, x in items)
    shown = [snip(i, 50, 40) for i in rel]
    rel_html = '\n'.join(f'<li><a href="https://www.nongke-wenku.cn/p-{3370000 + i}.html">{e(s)}</a></li>' for i, s in zip(rel, shown))
    url = 'https://www.nongke-wenku.cn/p-3371826.html'
    inner = f'''<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><link rel="stylesheet" type="text/css" href="cid:css-4f1a2b3c-0d9e-4a77-8b21-5c6d7e8f9a01@mhtml.blink" />
<title>{e(t)} - 农科文库</title>
<meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="https://www.nongke-wenku.cn/static/css/doc.css">
</head><body>
<div class="topbar"><a class="logo" href="https://www.nongke-wenku.cn/"><img src="https://www.nongke-wenku.cn/static/img/logo.png" alt="农科文库"></a><a href="https://www.nongke-wenku.cn/">首页</a> <a href="https://www.nongke-wenku.cn/qikan/">期刊</a> <a href="https://www.nongke-wenku.cn/jishu/">农业技术</a> <span class="u"><a href="https://www.nongke-wenku.cn/login">登录</a> / <a href="https://www.nongke-wenku.cn/reg">注册</a></span></div>
<div class="crumb"><a href="https://www.nongke-wenku.cn/">首页</a> › <a href="https://www.nongke-wenku.cn/qikan/">期刊</a> › <a href="https://www.nongke-wenku.cn/qikan/nygc/">农业工程</a></div>
<div class="doc-box">
<h1 class="doc-title">{e(t)}</h1>
<div class="doc-meta">上传者:<a href="https://www.nongke-wenku.cn/u/98211">柿子红了</a> | 来源:<a href="https://www.nongke-wenku.cn/j/nygcjsxb/">农业工程技术学报</a> | 被引量:6 | 页数:3 | 浏览:877</div>
<div class="doc-btn"><a class="dl" href="javascript:;">下载文档</a> <a href="javascript:;">加入收藏</a> <a href="javascript:;">打印</a></div>
<div class="share-layer" style="display: none;">分享到：微信扫一扫 | QQ好友 | 新浪微博　复制链接</div>
<div class="doc-abs"><span class="lab">摘要：</span>{e(m['abstract'])}</div>
<div class="doc-content">
<div class="c-label">正文</div>
{art}
</div>
<div class="continue"><a href="javascript:;">展开全文 ▼</a></div>
<div class="rel"><h2>相关文献</h2><ul>
{rel_html}
</ul></div>
</div>
<div class="footer">© 2015-2023 农科文库 | <a href="https://beian.miit.gov.cn/">陕ICP备15001234号-2</a> | 联系邮箱：kefu@nongke-wenku.cn</div>
</body></html>'''
    qp = quopri.encodestring(inner.encode('utf-8')).decode('ascii').replace('\n', '\r\n')
    subj = '=?utf-8?Q?' + ''.join('=%02X' % c for c in (t + ' - 农科文库').encode('utf-8')) + '?='
    bnd = '----MultipartBoundary--Hk3Ds8mVqLrZ2pY0aXcE1nW9tB7uF4gJ6oQ5----'
    css = '@charset "utf-8";\r\n\r\n.doc-title { font-size: 22px; font-weight: bold; }\r\n.share-layer { position: absolute; }\r\n.continue { text-align: center; }\r\n'
    png = ('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')
    parts = [
        'From: <Saved by Blink>',
        f'Snapshot-Content-Location: {url}',
        f'Subject: {subj}',
        'Date: Thu, 14 Sep 2023 16:21:07 +0800',
        'MIME-Version: 1.0',
        'Content-Type: multipart/related;',
        '\ttype="text/html";',
        f'\tboundary="{bnd}"',
        '', '',
        f'--{bnd}',
        'Content-Type: text/html',
        'Content-ID: <frame-1F0D6C7A2E5B4A1B9C8D7E6F5A4B3C2D@mhtml.blink>',
        'Content-Transfer-Encoding: quoted-printable',
        f'Content-Location: {url}',
        '',
        qp,
        f'--{bnd}',
        'Content-Type: text/css',
        'Content-Transfer-Encoding: quoted-printable',
        'Content-Location: cid:css-4f1a2b3c-0d9e-4a77-8b21-5c6d7e8f9a01@mhtml.blink',
        '',
        quopri.encodestring(css.encode('utf-8')).decode('ascii').replace('\r\n', '\n').replace('\n', '\r\n'),
        f'--{bnd}',
        'Content-Type: image/png',
        'Content-Transfer-Encoding: base64',
        'Content-Location: https://www.nongke-wenku.cn/static/img/logo.png',
        '',
        png,
        '',
        f'--{bnd}--',
        '',
    ]
    data = '\r\n'.join(parts).encode('ascii')
    g = gold(t, '农业工程技术学报', 6, '柿子红了', [], [], m['abstract'], body_text(items), shown, 'utf-8',
             'MHTML saved by Chrome ("From: <Saved by Blink>", CRLF, multipart/related with an HTML, a CSS and a PNG '
             'part). The HTML part has no charset parameter in its part header and is quoted-printable UTF-8 (every '
             'Chinese byte is =XX, soft line breaks "=" mid-character); the Subject is an RFC 2047 encoded-word. '
             'Page: doc-share layout, meta line 上传者:… | 来源:… | 被引量:6 | 页数 | 浏览 with half-width colons, a '
             'display:none share layer, 摘要 block, 正文 label (chrome), headings + paragraphs, 展开全文 link, 相关文献 = '
             'truncated snippets. Encoding = the HTML part\'s charset (utf-8).')
    return 'h16_chrome_saved.mhtml', data, g


CASES = [case01, case02, case03, case04, case05, case06, case07, case08,
         case09, case10, case11, case12, case13, case14, case15, case16]


def _norm(s):
    import unicodedata
    return ''.join(unicodedata.normalize('NFKC', s or '').split())


def page_text(path, enc):
    """Decode a case file strictly with its gold encoding (MHTML: the HTML part)."""
    data = open(path, 'rb').read()
    if path.endswith('.mhtml'):
        import email
        msg = email.message_from_bytes(data)
        data = next(p for p in msg.walk() if p.get_content_type() == 'text/html').get_payload(decode=True)
    text = data.decode(enc)
    if not path.endswith(('.html', '.mhtml')):
        return text
    import re
    text = re.sub(r'(?s)<!--.*?-->|<(script|style|template|noscript)\b.*?</\1>', ' ', text)
    text = re.sub(r'(?s)<(\w+)[^>]*display:\s*none[^>]*>.*?</\1>', ' ', text)
    return html.unescape(re.sub(r'<[^>]+>', '', text))


def check(folder):
    """Self-check: golds load, pages decode with the gold encoding, gold values occur in the page."""
    bad = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.gold.json'):
            continue
        stem = name[:-len('.gold.json')]
        with open(os.path.join(folder, name), encoding='utf-8') as f:
            g = json.load(f)
        page = [p for p in os.listdir(folder) if p.rsplit('.', 1)[0] == stem and not p.endswith('.json')]
        assert len(page) == 1, (stem, page)
        path = os.path.join(folder, page[0])
        text = _norm(page_text(path, g['encoding']))
        probs = []
        for k in ('title', 'source', 'uploader', 'abstract'):
            if g[k] and _norm(g[k]) not in text:
                probs.append(k)
        for k in ('authors', 'keywords', 'related'):
            probs += [f'{k}:{x}' for x in g[k] if _norm(x) not in text]
        probs += [f'body:{ln[:20]}' for ln in g['body'].split('\n') if ln and _norm(ln) not in text]
        if g['abstract'] and _norm(g['abstract']) in _norm(g['body']):
            probs.append('abstract inside body')
        if g['citations'] is not None and str(g['citations']) not in text:
            probs.append('citations')
        bad += bool(probs)
        print(f'{page[0]:40s} {g["encoding"]:6s} {"OK" if not probs else "PROBLEMS " + "; ".join(probs)}')
    return bad


def main(argv):
    if len(argv) > 1 and argv[1] == '--check':
        sys.exit(1 if check(argv[2] if len(argv) > 2 else HERE) else 0)
    out = argv[1] if len(argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    load_rows()
    pool = Pool()
    for fn in CASES:
        name, data, g = fn(pool)
        stem = name.rsplit('.', 1)[0]
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)
        with open(os.path.join(out, stem + '.gold.json'), 'w', encoding='utf-8') as f:
            json.dump(g, f, ensure_ascii=False, indent=1)
            f.write('\n')
        print(f'{name:40s} {len(data):7d} bytes  {g["encoding"]}')


if __name__ == '__main__':
    main(sys.argv)
