#!/usr/bin/env python3
"""Generate the held-out parser test pages in this folder.

    python3 tests/pages/make_pages.py [CSL_TSV]

Each case is a page file plus <stem>.gold.json (the record the parser should
produce, in the format of shared/pages-dev/README.md).  Every case is a site /
template of its own, different from the pages-dev ones.  Titles, abstracts,
keywords, body paragraphs (abstracts of other records) and related-literature
snippets are real records of shared/data/csl-dev.tsv; journal names, people,
uploaders and counts are invented.

Standard library only and deterministic: rows are taken from the TSV in file
order by a small allocator (no randomness), so the same TSV gives the same bytes.
After writing, every case is checked: the gold parses, the page decodes with the
gold encoding (MHTML: the MIME message parses and its HTML part decodes), and
every gold string (title, source, authors, keywords, abstract, body lines,
related items) occurs in the page's visible text.
"""
import base64
import email
import email.header
import html
import json
import os
import quopri
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CSL = os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'csl-dev.tsv')
if not os.path.exists(DEFAULT_CSL):
    DEFAULT_CSL = '/work/shared/data/csl-dev.tsv'

KEY_ORDER = ('title', 'source', 'citations', 'uploader', 'authors', 'keywords', 'abstract', 'body',
             'related', 'encoding', 'notes')


# ====================================================================== data
def load_rows(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        next(f)
        for line in f:
            p = line.rstrip('\n').split('\t')
            if len(p) != 5:
                continue
            rid, title, abstract, kw, disc = [x.strip() for x in p]
            rows.append({'id': rid, 'title': title, 'abstract': abstract, 'discipline': disc,
                         'keywords': [k.strip() for k in kw.split(';') if k.strip()]})
    return rows


def _clean(r):
    """Rows usable at all: no escaped quotes, no private-use characters, no '～'."""
    text = r['title'] + r['abstract'] + ''.join(r['keywords'])
    return ('\\' not in text and not re.search('[\ue000-\uf8ff～]', text)
            and 20 <= len(r['abstract']) <= 650 and len(r['title']) <= 60)


def _good_main(r):
    """Rows fit to be a page's own record: 3-6 plain keywords, a mid-sized abstract."""
    kws = r['keywords']
    return (3 <= len(kws) <= 6 and all(2 <= len(k) <= 16 and not re.search(r'[\s,，、;；<>"“”《》]', k) for k in kws)
            and 90 <= len(r['abstract']) <= 420 and len(r['title']) <= 40 and not re.search(r'[<>]', r['title']))


class Pool:
    """Hands out csl rows in file order; a row is used by one case only."""

    def __init__(self, rows, reserved=()):
        self.rows = [r for r in rows if _clean(r)]
        self.by_id = {r['id']: r for r in rows}
        self.used = set(reserved)

    def get(self, short_id):
        return self.by_id['csl-dev-' + short_id]

    def take(self, n, disc=None, main=False, ok=None, start=0, maxlen=650):
        out = []
        order = self.rows[start:] + self.rows[:start]
        for strict in (True, False):      # same discipline first, then any
            for r in order:
                if len(out) == n:
                    break
                if r['id'] in self.used or len(r['abstract']) > maxlen:
                    continue
                if strict and disc and r['discipline'] not in disc:
                    continue
                if main and not _good_main(r):
                    continue
                if ok and not ok(r):
                    continue
                out.append(r)
                self.used.add(r['id'])
            if len(out) == n:
                return out
        raise SystemExit(f'pool exhausted: {n} rows of {disc}')

    def one(self, disc=None, **kw):
        return self.take(1, disc=disc, **kw)[0]


def snip(r, n):
    """A related-literature snippet: the abstract cut after n characters."""
    return r['abstract'][:n].rstrip()


def snips(rows, base=38, step=11, span=40):
    return [snip(r, base + (i * step) % span) for i, r in enumerate(rows)]


def article(heads, paras, shape):
    """Interleave headings (H) and paragraphs (P) -> [('h'|'p', text), ...]."""
    hi, pi, out = iter(heads), iter(paras), []
    for c in shape:
        out.append(('h', next(hi)) if c == 'H' else ('p', next(pi)))
    return out


def abstracts(rows):
    return [r['abstract'] for r in rows]


def E(s):
    return html.escape(s, quote=False)


def A(s):
    return html.escape(s, quote=True)


def body_text(lines):
    return '\n'.join(t for _, t in lines)


def render(lines, h='<h3>{}</h3>', p='<p>{}</p>'):
    return '\n'.join((h if k == 'h' else p).format(E(t)) for k, t in lines)


def record(title, source, citations, uploader, authors, keywords, abstract, body, related, encoding, notes):
    if isinstance(body, list):
        body = body_text(body)
    return {'title': title, 'source': source, 'citations': citations, 'uploader': uploader,
            'authors': list(authors), 'keywords': list(keywords), 'abstract': abstract, 'body': body,
            'related': list(related), 'encoding': encoding, 'notes': notes}


# ====================================================================== bytes
def utf8_bom(text):
    return b'\xef\xbb\xbf' + text.encode('utf-8')


def utf16_bom(text):
    return b'\xff\xfe' + text.encode('utf-16-le')


def crlf(text):
    return text.replace('\r\n', '\n').replace('\n', '\r\n')


# a 1x1 transparent GIF and PNG for the MHTML resource parts
GIF_1X1 = base64.b64decode('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==')
PNG_1X1 = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=')


def b64_lines(data, width=76):
    s = base64.b64encode(data).decode('ascii')
    return '\n'.join(s[i:i + width] for i in range(0, len(s), width))


def mhtml_blink(html_text, url, subject, css, date):
    """A Chrome 'Save as MHTML' file: quoted-printable UTF-8 HTML part + CSS + image."""
    boundary = '----MultipartBoundary--vT3kq8Rz1bLw5YxN2cHdJ7fP0sMgA4eU9iK6oQ----'
    subj = email.header.Header(subject, 'utf-8').encode(maxlinelen=76)
    qp_html = quopri.encodestring(html_text.encode('utf-8')).decode('ascii')
    qp_css = quopri.encodestring(css.encode('utf-8')).decode('ascii')
    host = url.split('/')[2]
    parts = [
        'From: <Saved by Blink>\n'
        f'Snapshot-Content-Location: {url}\n'
        f'Subject: {subj}\n'
        f'Date: {date}\n'
        'MIME-Version: 1.0\n'
        'Content-Type: multipart/related;\n'
        '\ttype="text/html";\n'
        f'\tboundary="{boundary}"\n\n\n',
        f'--{boundary}\n'
        'Content-Type: text/html\n'
        'Content-ID: <frame-5C2B1E0A7F3D4B6E9A81C0D2E4F60718@mhtml.blink>\n'
        'Content-Transfer-Encoding: quoted-printable\n'
        f'Content-Location: {url}\n\n'
        f'{qp_html}\n',
        f'--{boundary}\n'
        'Content-Type: text/css\n'
        'Content-Transfer-Encoding: quoted-printable\n'
        f'Content-Location: https://{host}/static/css/detail.css\n\n'
        f'{qp_css}\n',
        f'--{boundary}\n'
        'Content-Type: image/png\n'
        'Content-Transfer-Encoding: base64\n'
        f'Content-Location: https://{host}/static/img/logo.png\n\n'
        f'{b64_lines(PNG_1X1)}\n\n',
        f'--{boundary}--\n',
    ]
    return crlf(''.join(parts)).encode('ascii')


def mhtml_ie(html_bytes, charset, url, subject, css, date):
    """An Internet Explorer 'Web Archive, single file (*.mht)': base64 HTML part.

    Chinese IE writes the From line in the ANSI code page (raw GBK bytes)."""
    boundary = '----=_NextPart_000_0000_01D2DDE3.5A8C7B10'
    raw = subject.encode('gbk')
    subj = '\n '.join(f'=?{charset}?B?{base64.b64encode(raw[i:i + 36]).decode("ascii")}?='
                       for i in range(0, len(raw), 36))
    host = url.split('/')[2]
    head = ('From: <由 Windows Internet Explorer 8 保存>\n'
            f'Subject: {subj}\n'
            f'Date: {date}\n'
            'MIME-Version: 1.0\n'
            'Content-Type: multipart/related;\n'
            '\ttype="text/html";\n'
            f'\tboundary="{boundary}"\n'
            'X-MimeOLE: Produced By Microsoft MimeOLE V6.1.7601.17609\n\n'
            'This is a multi-part message in MIME format.\n\n')
    rest = (f'--{boundary}\n'
            'Content-Type: text/html;\n'
            f'\tcharset="{charset}"\n'
            'Content-Transfer-Encoding: base64\n'
            f'Content-Location: {url}\n\n'
            f'{b64_lines(html_bytes)}\n\n'
            f'--{boundary}\n'
            'Content-Type: text/css;\n'
            f'\tcharset="{charset}"\n'
            'Content-Transfer-Encoding: quoted-printable\n'
            f'Content-Location: http://{host}/css/style.css\n\n'
            f'{quopri.encodestring(css.encode("ascii")).decode("ascii")}\n\n'
            f'--{boundary}\n'
            'Content-Type: image/gif\n'
            'Content-Transfer-Encoding: base64\n'
            f'Content-Location: http://{host}/images/logo.gif\n\n'
            f'{b64_lines(GIF_1X1)}\n\n'
            f'--{boundary}--\n')
    return crlf(head).encode('gbk') + crlf(rest).encode('ascii')


# ====================================================================== traditional characters
# Simplified -> traditional for the characters of the Big5 case (t11).  Taken
# from a character table and corrected by hand where the table picks the wrong
# form for these texts (了, 出, 表, 合, 才, 只, 系, 制, 面, 向, 致, 借, 征 stay as they are).
S2T = dict(zip(
    '与业东两个为义乐乡争于亚亲仅从们价众会传体儿党兰关兴内冲决准击创剧务动势医历参发变叙围国图圣场'
    '坚垄处够学实审对寻将层并广库应庙开异弃张当态恶战户扑扩扰报担挥据断无时显术机权来杰构标树汉没济'
    '淀灵点热状独献环现电画着确种积称类纪纭纷组细织终绍绎经绕绘络统绪罗胜脉艺范药营虽见观规视计认讨'
    '让训议论讼设证该语读谈负贡质贴贸赖辑达过运还这进选逻酿释鉴锐门问阐阔阳阶际陈随须颅领颇题飞验鸦'
    '华网页线载录册书签览馆联湾台币权项简详编辑单击传后团写话节觉笔脑转响',
    '與業東兩個為義樂鄉爭於亞親僅從們價眾會傳體兒黨蘭關興內衝決準擊創劇務動勢醫歷參發變敘圍國圖聖場'
    '堅壟處夠學實審對尋將層並廣庫應廟開異棄張當態惡戰戶撲擴擾報擔揮據斷無時顯術機權來傑構標樹漢沒濟'
    '澱靈點熱狀獨獻環現電畫著確種積稱類紀紜紛組細織終紹繹經繞繪絡統緒羅勝脈藝範藥營雖見觀規視計認討'
    '讓訓議論訟設證該語讀談負貢質貼貿賴輯達過運還這進選邏釀釋鑒銳門問闡闊陽階際陳隨須顱領頗題飛驗鴉'
    '華網頁線載錄冊書簽覽館聯灣臺幣權項簡詳編輯單擊傳後團寫話節覺筆腦轉響'))


def to_trad(s):
    s = s.replace('关系', '關係')      # 系 stays 系 elsewhere (体系 -> 體系)
    return ''.join(S2T.get(c, c) for c in s)


def trad_row(r):
    return {'id': r['id'], 'title': to_trad(r['title']), 'abstract': to_trad(r['abstract']),
            'keywords': [to_trad(k) for k in r['keywords']], 'discipline': r['discipline']}


# ====================================================================== templates
# Each function takes the row pool and returns (file name, page bytes, gold record).

def t01_boya_table(pool):
    """Old table layout, GBK bytes declared gb2312, with 創 and 镕 (not in GB2312)."""
    disc = ('园艺学',)
    main = pool.one(disc, main=True)
    paras = pool.take(3, disc) + pool.take(1, disc, ok=lambda r: '创' in r['abstract'])
    paras = abstracts(paras)
    paras[3] = paras[3].replace('创', '創', 1)          # GBK-only traditional character in the text
    paras = [paras[0], paras[3], paras[1], paras[2]]
    lines = article(['1 引言', '2 材料与方法', '2.1 试验材料', '3 结果与分析', '4 讨论'], paras, 'HPHHPHPHP')
    authors = ['王立群', '刘镕', '陈晓燕']
    rel_rows = pool.take(6, disc, start=120)
    related = [r['title'] for r in rel_rows]
    rel_meta = [('中国蔬菜科学', 2015), ('果树学报研究', 2014), ('北方园艺研究', 2016), ('植物生理学通讯', 2013),
                ('林业科技开发', 2015), ('种子科学进展', 2012)]
    hot = [r['title'] for r in pool.take(5, start=300)]
    rel_html = '\n'.join(
        f'<tr><td width="28" align="right">{i}.</td><td><a href="/lunwen/{88120 + i * 17}.html" target="_blank">{E(t)}</a></td>'
        f'<td width="170" class="gray">《{j}》 {y}</td></tr>'
        for i, (t, (j, y)) in enumerate(zip(related, rel_meta), 1))
    hot_html = '\n'.join(f'<tr><td class="num">{i}</td><td><a href="/lunwen/{5511 + i * 3}.html">{E(t)}</a></td></tr>'
                         for i, t in enumerate(hot, 1))
    body_html = '\n'.join(
        f'<p class="bt"><b>{E(t)}</b></p>' if k == 'h' else f'<p>　　{E(t)}</p>' for k, t in lines)
    page = f'''<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{E(main['title'])}_北方园艺研究_博雅期刊网</title>
<meta name="keywords" content="{A(','.join(main['keywords']))}">
<link href="/css/qk_style.css" rel="stylesheet" type="text/css">
<style type="text/css">.lb{{background:#eef3f9;color:#335;text-align:right}} .gray{{color:#999}}</style>
</head>
<body leftmargin="0" topmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="top_bar">
<tr><td width="300"><a href="/"><img src="/images/logo_boya.gif" width="260" height="60" border="0" alt="博雅期刊网"></a></td>
<td align="right" valign="middle"><a href="/member/login.asp">会员登录</a> | <a href="/member/reg.asp">免费注册</a> | <a href="/help/">帮助中心</a> | <a href="javascript:addfav()">加入收藏</a></td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="nav_bar">
<tr><td><a href="/">首页</a></td><td><a href="/qikan/">期刊大全</a></td><td><a href="/lunwen/">论文库</a></td><td><a href="/tougao/">投稿指南</a></td><td><a href="/fabiao/">论文发表</a></td><td><a href="/vip/">VIP会员</a></td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="4" cellspacing="0"><tr><td class="path">您的位置：<a href="/">首页</a> &gt;&gt; <a href="/lunwen/nongye/">农业科学</a> &gt;&gt; <a href="/lunwen/nongye/yuanyi/">园艺</a> &gt;&gt; 论文详情</td></tr></table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="700" valign="top" class="left_col">
<table width="100%" border="0" cellpadding="6" cellspacing="0" class="art_title"><tr><td align="center"><h1>{E(main['title'])}</h1></td></tr></table>
<table width="100%" border="0" cellpadding="5" cellspacing="1" bgcolor="#d8e4f0" class="art_info">
<tr><td class="lb" width="90">刊名</td><td bgcolor="#ffffff"><a href="/qikan/bfyyyj/">北方园艺研究</a></td></tr>
<tr><td class="lb">年，卷(期)</td><td bgcolor="#ffffff">2016，38(5)</td></tr>
<tr><td class="lb">作者</td><td bgcolor="#ffffff">{'、'.join(authors)}</td></tr>
<tr><td class="lb">单位</td><td bgcolor="#ffffff">山东农业大学园艺科学与工程学院，山东 泰安 271018</td></tr>
<tr><td class="lb">关键字</td><td bgcolor="#ffffff">{'&nbsp;&nbsp;'.join(E(k) for k in main['keywords'])}</td></tr>
<tr><td class="lb">被引次数</td><td bgcolor="#ffffff">4</td></tr>
<tr><td class="lb">上传者</td><td bgcolor="#ffffff"><a href="/member/space.asp?u=lvye2016">lvye2016</a></td></tr>
<tr><td class="lb">摘要</td><td bgcolor="#ffffff">{E(main['abstract'])}</td></tr>
</table>
<table width="100%" border="0" cellpadding="8" cellspacing="0" class="down_bar"><tr><td><a href="/down.asp?id=88120" class="btn_down">全文下载</a>&nbsp;&nbsp;<a href="/member/login.asp" class="btn_login">登录后下载</a>&nbsp;<span class="gray">（PDF格式，共5页，856KB）</span></td></tr></table>
<table width="100%" border="0" cellpadding="10" cellspacing="0" class="art_body"><tr><td class="content">
{body_html}
</td></tr></table>
<table width="100%" border="0" cellpadding="4" cellspacing="0" class="xg_list">
<tr><td colspan="3" class="xg_t"><b>相关论文</b></td></tr>
{rel_html}
</table>
</td>
<td width="20">&nbsp;</td>
<td width="260" valign="top" class="right_col">
<table width="100%" border="0" cellpadding="4" cellspacing="0" class="box">
<tr><td colspan="2" class="box_t"><b>本周排行</b></td></tr>
{hot_html}
</table>
<table width="100%" border="0" cellpadding="4" cellspacing="0" class="box">
<tr><td class="box_t"><b>期刊推荐</b></td></tr>
<tr><td><a href="/qikan/zgsc/">中国蔬菜科学</a><br><a href="/qikan/gsxb/">果树学报研究</a><br><a href="/qikan/hhxb/">花卉学报</a></td></tr>
</table>
</td>
</tr>
</table>
<table width="980" border="0" align="center" cellpadding="8" cellspacing="0" class="foot">
<tr><td align="center"><a href="/about.asp">关于我们</a> | <a href="/contact.asp">联系我们</a> | <a href="/sitemap.asp">网站地图</a> | <a href="/statement.asp">免责声明</a><br>
Copyright &copy; 2006-2019 博雅期刊网 All Rights Reserved&nbsp;&nbsp;<a href="http://www.beian.miit.gov.cn/" target="_blank">鲁ICP备09012345号-1</a></td></tr>
</table>
<script type="text/javascript" src="/js/tongji.js"></script>
</body>
</html>
'''
    gold = record(main['title'], '北方园艺研究', 4, 'lvye2016', authors, main['keywords'], main['abstract'], lines,
                  related, 'gbk',
                  'Table layout (every label in its own <td>: 刊名, 作者, 关键字, 被引次数, 上传者, 摘要). GBK bytes '
                  'declared charset=gb2312; the body has 創 and an author name has 镕, which GB2312 lacks. Authors '
                  'separated by 、, keywords by runs of &nbsp;. 相关论文 rows carry "1." numbering and a journal/year '
                  'cell that are not part of the item. The 本周排行 and 期刊推荐 boxes are not related.')
    return 't01_boya_table_gb2312.html', page.encode('gbk'), gold


def t02_wanjuan_brdiv(pool):
    """Everything inside one <div> per block, paragraphs and headings separated by <br>."""
    disc = ('体育学',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    lines = article(['一、研究对象与方法', '二、结果与分析', '（一）参与现状', '三、结论与建议'], paras, 'PHPHHPPHP')
    authors = ['张伟', '李娜', '王强']
    rel_rows = pool.take(7, disc, start=200)
    related = snips(rel_rows, base=42, step=9, span=36)
    segs = []
    for k, t in lines:
        if k == 'p':
            segs.append('&nbsp;&nbsp;&nbsp;&nbsp;' + E(t) + '<br><br>')
        elif t.startswith('一'):
            segs.append(f'<strong>{E(t)}</strong><br>')
        else:
            segs.append(E(t) + '<br>')
    body_html = '\n'.join(segs)
    rel_items = [f'<li><a href="/lw/{3301 + i * 7}.html" title="">{E(s)}</a></li>' for i, s in enumerate(related)]
    rel_items.insert(4, '<li class="fenlei">学位论文</li>')
    page = f'''<!DOCTYPE html>
<html lang="zh-cn">
<head>
<meta charset="UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{E(main['title'])} - 体育论文 - 万卷论文网</title>
<meta name="description" content="{A(main['abstract'][:70])}">
<link rel="stylesheet" href="https://static.wjlw.net/css/wj-common.css">
<link rel="stylesheet" href="https://static.wjlw.net/css/wj-article.css">
</head>
<body>
<div class="wj-top"><div class="w1200"><span>万卷论文网，专业的论文资料分享平台</span><div class="wj-top-r"><a href="/user/login">登录</a><i>|</i><a href="/user/register">注册</a><i>|</i><a href="/vip">开通会员</a></div></div></div>
<div class="wj-head w1200"><a class="wj-logo" href="/">万卷论文网</a><form class="wj-search" action="/search"><input name="wd" placeholder="输入论文标题或关键词"><button>搜索</button></form></div>
<div class="wj-nav"><div class="w1200"><a href="/">首页</a><a href="/jiaoyu/">教育论文</a><a href="/tiyu/" class="on">体育论文</a><a href="/jingji/">经济论文</a><a href="/yixue/">医学论文</a><a href="/biye/">毕业论文</a></div></div>
<div class="wj-pos w1200">首页 / 体育论文 / 正文</div>
<div class="wj-main w1200">
<div class="wj-art">
<h1 class="wj-h">{E(main['title'])}</h1>
<div class="wj-info">出处：《体育科技文献通报》2019年第4期<br>作者：{'，'.join(authors)}<br>被引次数：１７<br>上传用户：<a href="/u/runner_88">runner_88</a><br>发布时间：2020-04-17</div>
<div class="wj-abs"><strong>摘要：</strong>{E(main['abstract'])}<br><strong>关键词：</strong>{'；'.join(E(k) for k in main['keywords'])}</div>
<div class="wj-dl"><a class="wj-btn-down" href="/down/3301.html">立即下载</a><a class="wj-btn-fav" href="javascript:;">收藏</a><span>共6页 · 2.1万字</span></div>
<div class="wj-txt" id="wjtxt">
{body_html}
</div>
<div class="wj-pages">1/6</div>
<div class="wj-vip"><a href="/vip">开通VIP会员，免费下载全文</a></div>
</div>
<div class="wj-rel">
<div class="wj-rel-t">推荐文献</div>
<ul>
{chr(10).join(rel_items)}
</ul>
</div>
</div>
<div class="wj-foot">
<p><a href="/about">关于我们</a> · <a href="/agreement">用户协议</a> · <a href="/copyright">版权投诉</a> · <a href="/contact">联系我们</a></p>
<p>© 2015-2023 万卷论文网 版权所有 <a href="https://beian.miit.gov.cn/">豫ICP备15023456号-3</a></p>
</div>
<script src="https://static.wjlw.net/js/jquery-1.12.4.min.js"></script>
<script src="https://static.wjlw.net/js/wj-article.js"></script>
</body>
</html>
'''
    gold = record(main['title'], '体育科技文献通报', 17, 'runner_88', authors, main['keywords'], main['abstract'],
                  lines, related, 'utf-8',
                  'Metadata, abstract and article each live in one <div> with <br>-separated lines: paragraphs are '
                  'indented with &nbsp; and separated by <br><br>, headings are bare text lines (one in <strong>). '
                  'Labels 出处 (source 《…》 with year/issue), full-width 被引次数 １７, 上传用户, authors separated '
                  'by ，. Page counter 1/6 and VIP/download buttons are chrome. 推荐文献 = truncated snippets with a '
                  'stray 学位论文 label between items.')
    return 't02_wanjuan_brdiv.html', page.encode('utf-8'), gold


def t03_xuewentong_wap(pool):
    """Mobile (wap) page, UTF-8 with BOM, title badge [J], 【摘要】/【关键词】, spaced names."""
    disc = ('新闻传播学',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(3, disc))
    lines = article([], paras, 'PPP')
    authors = ['苗红', '李明', '王建国']
    rel_rows = pool.take(5, disc, start=260)
    related = [r['title'] for r in rel_rows]
    rel_meta = ['新闻界研究 · 2018', '传媒观察 · 2017', '编辑之友研究 · 2019', '现代传播论丛 · 2016', '出版科学进展 · 2020']
    rel_html = '\n'.join(f'<li><a href="/m/p/{70311 + i * 13}"><p class="t">{E(t)}</p><p class="i">{m}</p></a></li>'
                         for i, (t, m) in enumerate(zip(related, rel_meta)))
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=no">
<meta name="format-detection" content="telephone=no">
<title>{E(main['title'])}-学问通手机版</title>
<link rel="stylesheet" href="//m.xuewentong.cn/css/m.css">
</head>
<body>
<header class="hd"><a class="back" href="javascript:history.back()">&lt;</a><span class="logo">学问通</span><a class="menu" href="/m/nav">☰</a></header>
<div class="art">
<h1>{E(main['title'])}<em class="tag">[J]</em></h1>
<p class="src">期刊：<a href="/m/qk/xwycbpl">新闻与传播评论</a>　2020年第6期</p>
<p class="au">作者：苗 红；李 明；王建国</p>
<div class="abs"><b>【摘要】</b>{E(main['abstract'])}</div>
<div class="kw"><b>【关键词】</b>{'；'.join(E(k) for k in main['keywords'])}</div>
<div class="txt" id="txt">
{render(lines)}
</div>
<div class="more"><a href="javascript:;" id="showAll">展开阅读全文 ∨</a></div>
<div class="app"><a href="/m/app">打开APP，阅读全文</a></div>
</div>
<div class="rec">
<h3>相关推荐</h3>
<ul>
{rel_html}
</ul>
</div>
<footer class="ft"><p><a href="/m/">首页</a> | <a href="https://www.xuewentong.cn/">电脑版</a> | <a href="/m/app">客户端</a> | <a href="/m/feedback">意见反馈</a></p><p>©2023 学问通 京ICP备18011234号-2</p></footer>
<script src="//m.xuewentong.cn/js/zepto.min.js"></script>
</body>
</html>
'''
    gold = record(main['title'], '新闻与传播评论', None, None, authors, main['keywords'], main['abstract'], lines,
                  related, 'utf-8-sig',
                  'Mobile page (viewport meta, simple markup), UTF-8 with a BOM. Title carries a [J] badge; labels '
                  '期刊 (journal followed by the issue), 【摘要】 and 【关键词】; authors 苗 红；李 明；王建国 with '
                  'layout spaces inside two-character names. 展开阅读全文 / 打开APP buttons are chrome. 相关推荐 '
                  'items are titles followed by a "journal · year" line that is not part of the item. No citation '
                  'count, no uploader.')
    return 't03_xuewentong_wap.html', utf8_bom(page), gold


def t04_wendangku_savedas(pool):
    """A browser "Save Page As" file of a document site: .docx title, tag line, disclaimer with 来源."""
    disc = ('公共管理',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(6, disc))
    lines = article(['一、基本情况', '二、存在的主要问题', '三、对策建议', '（一）完善制度设计', '（二）强化监督考核'],
                    paras, 'PHPPHPHHPHP')
    pages = [lines[:4], lines[4:7], lines[7:]]
    url = 'https://www.wdku.net/p-' + '20210508351774902' + '.html'
    assert len(url) == 45
    rel_rows = pool.take(6, disc, start=330)
    related = [r['title'] for r in rel_rows]
    hot = [r['title'] for r in pool.take(4, start=410)]
    files = f'./{main["title"]}.docx-文档库_files'
    h_fmt, p_fmt = '<p class="p-h"><b>{}</b></p>', '<p class="p-t">{}</p>'
    page_html = '\n'.join(
        f'<div class="page" id="page{i}">\n{render(pg, h=h_fmt, p=p_fmt)}\n'
        f'<div class="page-no">第{i}页/共6页</div>\n</div>' for i, pg in enumerate(pages, 1))
    rel_html = '\n'.join(f'<li><i class="ic ic-doc"></i><a href="https://www.wdku.net/p-{7740213 + i * 331}.html" '
                         f'title="{A(t)}">{E(t)}</a><span class="pn">{3 + i % 4}页</span></li>'
                         for i, t in enumerate(related))
    hot_html = '\n'.join(f'<li><a href="https://www.wdku.net/p-{9182 + i}.html">{E(t)}</a></li>' for i, t in enumerate(hot))
    page = f'''<!-- saved from url=(0045){url} -->
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="renderer" content="webkit">
<title>{E(main['title'])}.docx-文档库</title>
<link rel="stylesheet" href="{A(files)}/base.css">
<link rel="stylesheet" href="{A(files)}/view.css">
<script src="{A(files)}/hm.js"></script><script src="{A(files)}/jquery.min.js"></script>
</head>
<body>
<div class="header"><div class="inner"><a class="logo" href="https://www.wdku.net/">文档库</a>
<div class="search"><input type="text" placeholder="搜索文档"><a class="s-btn" href="https://www.wdku.net/search">搜索</a></div>
<div class="user"><a href="https://www.wdku.net/login">登录</a><a href="https://www.wdku.net/reg">注册</a><a class="upload" href="https://www.wdku.net/upload">上传文档</a></div></div></div>
<div class="crumb"><a href="https://www.wdku.net/">文档库</a> &gt; <a href="https://www.wdku.net/hangye/">行业资料</a> &gt; <a href="https://www.wdku.net/hangye/zhengwu/">政务民生</a></div>
<div class="doc-wrap">
<div class="doc-main">
<h1 class="doc-title"><i class="ic ic-docx"></i>{E(main['title'])}.docx</h1>
<div class="doc-info"><span>上传用户：<a href="https://www.wdku.net/u/xiaomi_wen">xiaomi_wen</a></span><span>上传时间：2021-05-08</span><span>页数：6页</span><span>格式：DOCX</span><span>大小：35.2KB</span><span>下载积分：5</span></div>
<div class="doc-tags">标签：{' '.join(f'<a href="https://www.wdku.net/tag/{A(k)}">{E(k)}</a>' for k in main['keywords'])}</div>
<div class="doc-stmt">免责声明：本站所有文档来源于网友上传，仅供学习交流，版权归原作者所有。如有侵权，请联系客服删除。</div>
<div class="doc-view" id="docView">
{page_html}
</div>
<div class="doc-rest">剩余3页未读，<a href="javascript:;" class="go-read">继续阅读</a></div>
<div class="doc-btns"><a class="btn btn-down" href="javascript:;">下载文档</a><a class="btn btn-vip" href="javascript:;">VIP免费下载</a><a class="btn btn-pay" href="javascript:;">付费下载 ￥3.00</a></div>
<div class="doc-rel"><h3>相关文档</h3><ul>
{rel_html}
</ul></div>
</div>
<div class="doc-side"><div class="box"><h3>热门文档</h3><ol>
{hot_html}
</ol></div><div class="box ad"><a href="https://www.wdku.net/vip"><img src="{A(files)}/vip_banner.png" alt="VIP会员 海量文档免费下"></a></div></div>
</div>
<div class="footer"><p><a href="https://www.wdku.net/about">关于文档库</a> | <a href="https://www.wdku.net/help">帮助中心</a> | <a href="https://www.wdku.net/copyright">版权申诉</a></p><p>©2023 文档库 wdku.net 沪ICP备17045821号-1</p></div>
</body></html>'''
    gold = record(main['title'], None, None, 'xiaomi_wen', [], [], None, lines, related, 'utf-8',
                  'Chrome/IE "Save Page As" file: starts with <!-- saved from url=(0045)… -->, no doctype, links '
                  'rewritten to ./…_files/. Document site: heading "<title>.docx" (suffix dropped), 上传用户, a '
                  '标签 tag line that is not the keyword list, a 免责声明 "本站所有文档来源于网友上传…" that is '
                  'not a source (source null), page counters 第n页/共6页, 继续阅读 and 下载文档/VIP免费下载/付费下载 '
                  'buttons. No abstract, no authors, no citation count. 相关文档 items carry a page count; 热门文档 '
                  'is not related.')
    return 't04_wendangku_savedas.html', page.encode('utf-8'), gold


EN_T05 = ('Microstructure and Properties of the Composite Prepared by a Two-step Process',
          'ZHAO Ming-hui, SUN Jing, ZHOU Hai-tao',
          'The composite was prepared by a two-step process and its microstructure, phase composition and mechanical '
          'properties were characterized by SEM, XRD and tensile tests. The results show that the reinforcement is '
          'uniformly distributed and the interface is well bonded, which improves the strength of the composite.',
          'composite; microstructure; mechanical property; interface')


def t05_journal_xhtml(pool):
    """A journal's own site as XHTML with an XML declaration; full metadata block, English block, references."""
    disc = ('材料科学与工程',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(6, disc))
    lines = article(['1 引言', '2 实验', '2.1 实验材料', '2.2 测试方法', '3 结果与讨论', '4 结论'],
                    paras, 'HPHHPHPHPPHP')
    authors = ['赵明辉', '孙静', '周海涛']
    ref_rows = pool.take(5, disc, start=40)
    ref_au = ['王强，李伟', '陈立新，赵云', 'ZHANG L, WANG Y', '刘建国，孙海燕，何平', '黄晓东']
    ref_jn = ['材料导报', '金属学报', 'Materials Science and Engineering A', '复合材料学报', '材料热处理学报']
    refs = [f'[{i}] {a}. {r["title"]}[J]. {j}, {2008 + i}, {20 + i}({i}): {11 * i}-{11 * i + 6}.'
            for i, (r, a, j) in enumerate(zip(ref_rows, ref_au, ref_jn), 1)]
    rel_rows = pool.take(5, disc, start=520)
    related = [r['title'] for r in rel_rows]
    rel_meta = ['材料工程, 2016', '功能材料, 2015', '稀有金属材料与工程, 2017', '材料科学与工艺, 2014', '粉末冶金技术, 2018']
    body_html = '\n'.join((f'<h3 class="sec">{E(t)}</h3>' if re.match(r'\d ', t) else f'<h4 class="subsec">{E(t)}</h4>')
                          if k == 'h' else f'<p>{E(t)}</p>' for k, t in lines)
    en_t, en_au, en_abs, en_kw = EN_T05
    page = f'''<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh-CN" lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{E(main['title'])}--《材料工程与应用》</title>
<link href="/journal/css/article.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/journal/js/mathjax-config.js"></script>
</head>
<body>
<div id="banner"><div class="jn-cn">材料工程与应用</div><div class="jn-en">Materials Engineering and Application</div>
<div class="login"><a href="/author/login.do">作者登录</a> <a href="/reviewer/login.do">审稿登录</a> <a href="/editor/login.do">编辑登录</a></div></div>
<ul id="menu"><li><a href="/journal/index.htm">首页</a></li><li><a href="/journal/about.htm">期刊简介</a></li><li><a href="/journal/board.htm">编委会</a></li><li><a href="/journal/guide.htm">投稿指南</a></li><li><a href="/journal/archive.htm">过刊浏览</a></li><li><a href="/journal/contact.htm">联系我们</a></li></ul>
<div id="content">
<div class="art-src">来源期刊：《材料工程与应用》2019年第4期　第56-62页</div>
<h1 class="art-title">{E(main['title'])}</h1>
<p class="authors">赵明辉<sup>1,2</sup>，孙 静<sup>1</sup>，周海涛<sup>2</sup></p>
<p class="aff">(1. 东北大学 材料科学与工程学院，辽宁 沈阳 110819；2. 沈阳材料研究所，辽宁 沈阳 110016)</p>
<p class="abs"><b>摘 要：</b>{E(main['abstract'])}</p>
<p class="kw"><b>关键词：</b>{'；'.join(E(k) for k in main['keywords'])}</p>
<p class="clc">中图分类号：TB332　　文献标识码：A　　文章编号：1001-4381(2019)04-0056-07</p>
<p class="doi">DOI：10.11868/j.issn.1001-4381.2019.04.008</p>
<p class="count">被引次数：9　　下载次数：312</p>
<div class="en">
<h2 class="en-title">{en_t}</h2>
<p class="en-au">{en_au}</p>
<p class="en-abs"><b>Abstract:</b> {en_abs}</p>
<p class="en-kw"><b>Key words:</b> {en_kw}</p>
</div>
<div class="notes">
<p>收稿日期：2018-10-22；修订日期：2019-01-15</p>
<p>基金项目：国家自然科学基金资助项目(51671052)</p>
<p>作者简介：赵明辉(1983—)，男，副教授，博士，主要从事金属基复合材料研究，E-mail：zhaomh@neu.edu.cn</p>
</div>
<div class="tools"><a href="/journal/pdf/2019/04/008.pdf">PDF全文下载</a> | <a href="/journal/cite.do?id=2019040008">导出引用</a> | <a href="javascript:window.print()">打印本页</a></div>
<div class="fulltext">
{body_html}
</div>
<div class="refs">
<h3>参考文献</h3>
{chr(10).join(f'<p class="ref">{E(x)}</p>' for x in refs)}
</div>
<div class="sim">
<h3>相似文献</h3>
<ul>
{chr(10).join(f'<li>[{i}] <a href="/journal/article.do?id={5021 + i * 9}">{E(t)}</a> <span class="src">{m}</span></li>' for i, (t, m) in enumerate(zip(related, rel_meta), 1))}
</ul>
</div>
</div>
<div id="footer">版权所有 &#169; 《材料工程与应用》编辑部　地址：辽宁省沈阳市和平区文化路3号　邮编：110819<br />辽ICP备05032912号-1</div>
</body>
</html>
'''
    gold = record(main['title'], '材料工程与应用', 9, None, authors, main['keywords'], main['abstract'], lines,
                  related, 'utf-8',
                  'XHTML 1.0 page (XML declaration, xmlns, self-closed tags) of a journal\'s own site. Source from '
                  '来源期刊 《…》 with issue and pages; authors with <sup> affiliation marks and a spaced name 孙 静; '
                  'label 摘 要 with a space; 中图分类号/文献标识码/文章编号, DOI, 被引次数, English title/authors/'
                  'Abstract/Key words, 收稿日期, 基金项目, 作者简介 lines (none of it body); 参考文献 list (not body); '
                  '相似文献 items numbered [n] with journal/year.')
    return 't05_journal_xhtml.xhtml', page.encode('utf-8'), gold


def t06_yizhi_dl_gb18030(pool):
    """<dl><dt>/<dd> metadata, GB18030 bytes with a 4-byte character (𬌗, U+2C317)."""
    disc = ('口腔医学',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    lines = article(['1 资料与方法', '1.1 临床资料', '1.2 𬌗垫治疗方法', '2 结果', '3 讨论'], paras, 'HHPHPHPPHP')
    assert '𬌗'.encode('gb18030') and len('𬌗'.encode('gb18030')) == 4
    authors = ['苗红', '欧阳明', '王磊']
    rel_rows = pool.take(5, disc + ('基础医学/临床医学',), start=600)
    related = [r['title'] for r in rel_rows]
    rel_meta = ['中华口腔医学研究 2015', '实用口腔医学杂志 2016', '口腔颌面外科进展 2014', '牙体牙髓牙周病学 2017',
                '临床口腔医学论丛 2013']
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb18030">
<title>{E(main['title'])}--医知网</title>
<link rel="stylesheet" type="text/css" href="/res/css/yz_detail.css">
</head>
<body>
<div class="yz-top"><div class="yz-w"><a class="yz-logo" href="/">医知网</a><span class="yz-slogan">医学文献一站式服务</span><div class="yz-login"><a href="/login">登录</a> | <a href="/register">注册</a> | <a href="/org">机构用户</a></div></div></div>
<div class="yz-nav"><div class="yz-w"><a href="/">首页</a><a href="/journals">医学期刊</a><a href="/guide">临床指南</a><a href="/case">病例库</a><a href="/drug">药品说明书</a></div></div>
<div class="yz-w yz-crumb">首页 &gt; 口腔医学 &gt; 期刊论文</div>
<div class="yz-w yz-doc">
<h1>{E(main['title'])}</h1>
<dl class="yz-meta">
<dt>作　者</dt><dd>苗 红; 欧阳明; 王 磊</dd>
<dt>机　构</dt><dd>四川大学华西口腔医学院修复科；成都市口腔医院</dd>
<dt>来　源</dt><dd>《口腔医学前沿》 2017年 第2期 页码：88-92</dd>
<dt>被引量</dt><dd>5</dd>
<dt>关键词</dt><dd>{'; '.join(f'<a href="/kw/{A(k)}">{E(k)}</a>' for k in main['keywords'])}</dd>
<dt>摘　要</dt><dd class="yz-abs">{E(main['abstract'])}</dd>
</dl>
<div class="yz-ops"><a class="yz-btn" href="/down/pdf/2017020088">全文下载</a><a class="yz-btn2" href="javascript:;">在线阅读</a><a class="yz-btn2" href="javascript:;">收藏</a></div>
<div class="yz-full">
<div class="yz-full-hd">全文阅读</div>
{render(lines, h='<h3>{}</h3>', p='<p>{}</p>')}
</div>
<div class="yz-rel">
<h3>相关文献</h3>
<ul>
{chr(10).join(f'<li><span class="n">[{i}]</span><a href="/doc/{30871 + i * 29}">{E(t)}</a><span class="meta">{m}</span></li>' for i, (t, m) in enumerate(zip(related, rel_meta), 1))}
</ul>
</div>
</div>
<div class="yz-foot">医知网 版权所有 &copy; 2012-2023　京ICP备12038125号-4　京公网安备11010502031187号</div>
</body>
</html>
'''
    gold = record(main['title'], '口腔医学前沿', 5, None, authors, main['keywords'], main['abstract'], lines,
                  related, 'gb18030',
                  'Metadata in a <dl> (dt 作　者 / 机　构 / 来　源 / 被引量 / 关键词 / 摘　要, labels with ideographic '
                  'spaces). GB18030 bytes, declared gb18030: the heading "1.2 𬌗垫治疗方法" holds U+2C317, a 4-byte '
                  'GB18030 sequence that GBK cannot encode. Authors "苗 红; 欧阳明; 王 磊" (spaced two-character '
                  'names, ; separators). 相关文献 items with [n] numbering and journal/year spans.')
    return 't06_yizhi_dl_gb18030.html', page.encode('gb18030'), gold


def t07_qianyan_article(pool):
    """HTML5 <article>/<section>/<h2>; invisible text of every kind; label 提要."""
    disc = ('计算机科学与技术',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    traps = abstracts(pool.take(4, disc, start=700))       # text that a browser never shows
    heads = ['1 引言', '2 相关工作', '3 方法', '3.1 模型结构', '4 结语']
    lines = article(heads, paras, 'HPHPHHPPHP')
    authors = ['张晨', '刘洋', '黄志强']
    rel_rows = pool.take(6, disc, start=760)
    related = [r['title'] for r in rel_rows]
    hot = [r['title'] for r in pool.take(4, start=820)]
    ld = {'@context': 'https://schema.org', '@type': 'ScholarlyArticle', 'headline': main['title'],
          'author': [{'@type': 'Person', 'name': a} for a in authors],
          'isPartOf': {'@type': 'Periodical', 'name': '计算机应用研究进展'}, 'datePublished': '2021-03-15',
          'description': main['abstract'], 'keywords': ','.join(main['keywords']), 'articleBody': traps[0]}
    # sections: 1 | 2 | 3 + 3.1 | 4 ; the hidden watermark span closes the last paragraph of section 2
    sec_ids = [0, 2, 4, 8]
    bounds = [(0, 2), (2, 4), (4, 8), (8, 10)]
    sec_html = []
    for n, (a, b) in enumerate(bounds, 1):
        inner = []
        for k, t in lines[a:b]:
            if k == 'h':
                inner.append(f'<h2>{E(t)}</h2>' if re.match(r'\d ', t) else f'<h3>{E(t)}</h3>')
            else:
                tail = '<span style="display:none">（本文来自学术前沿网 xsqy.net）</span>' if n == 2 else ''
                inner.append(f'<p>{E(t)}{tail}</p>')
        sec_html.append(f'<section id="sec-{n}">\n' + '\n'.join(inner) + '\n</section>')
    assert [lines[i][0] for i in sec_ids] == ['h'] * 4
    page = f'''<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(main['title'])} | 学术前沿网</title>
<meta name="description" content="{A(main['abstract'][:90])}">
<meta property="og:title" content="{A(main['title'])}">
<link rel="stylesheet" href="/assets/app.8f2c1d.css">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<style>.watermark{{display:none}} .paper h2{{font-size:20px}}</style>
</head>
<body>
<noscript><div class="nojs"><p>本站需要启用JavaScript才能正常浏览。</p><p>{E(traps[1])}</p></div></noscript>
<header class="site-header"><a class="brand" href="/">学术前沿网</a>
<nav class="site-nav"><a href="/">首页</a><a href="/cs/">计算机</a><a href="/ee/">电子信息</a><a href="/journals/">期刊</a><a href="/login/" class="login">登录</a></nav></header>
<main class="layout">
<nav class="crumb" aria-label="breadcrumb"><a href="/">首页</a> › <a href="/cs/">计算机</a> › 文章</nav>
<article class="paper" itemscope itemtype="https://schema.org/ScholarlyArticle">
<header class="paper-head">
<h1 itemprop="headline">{E(main['title'])}</h1>
<p class="byline">作者：{'，'.join(f'<span itemprop="author">{a}</span>' for a in authors)}</p>
<p class="pubinfo">来源：<cite>计算机应用研究进展</cite> · 2021年第3期 · 被引量：6 · 阅读：1 024</p>
<p class="summary"><strong>提要：</strong>{E(main['abstract'])}</p>
<p class="kw">关键词：{' '.join(f'<a href="/tag/{A(k)}">{E(k)}</a>' for k in main['keywords'])}</p>
<div class="share" hidden><p>分享到微信朋友圈，扫码阅读全文</p></div>
</header>
<!-- 2020-11 旧版正文，保留备查
<section><h2>附录 A</h2><p>{E(traps[2])}</p></section>
-->
{chr(10).join(sec_html)}
<template id="tpl-comment"><div class="comment"><p class="c-text">{E(traps[3])}</p><span class="c-user"></span></div></template>
<footer class="paper-foot"><a class="btn" href="/pdf/2021/03/0412.pdf">下载PDF</a> <a class="btn" href="javascript:;">引用</a> <a class="btn" href="javascript:;">收藏</a></footer>
</article>
<aside class="side">
<section class="rel"><h3>相关文章</h3>
<ol>
{chr(10).join(f'<li><a href="/a/{61203 + i * 41}">{E(t)}</a></li>' for i, t in enumerate(related))}
</ol></section>
<section class="hot"><h3>热门文章</h3>
<ul>
{chr(10).join(f'<li><a href="/a/{1200 + i}">{E(t)}</a></li>' for i, t in enumerate(hot))}
</ul></section>
</aside>
</main>
<footer class="site-footer">© 2023 学术前沿网 · <a href="https://beian.miit.gov.cn/">沪ICP备20004567号-2</a> · 沪公网安备31011502013456号</footer>
<script>window.__INITIAL_STATE__={{"articleId":412,"abstract":{json.dumps(traps[1][:60], ensure_ascii=False)},"login":false}};</script>
<script src="/assets/app.8f2c1d.js" defer></script>
</body>
</html>
'''
    gold = record(main['title'], '计算机应用研究进展', 6, None, authors, main['keywords'], main['abstract'], lines,
                  related, 'utf-8',
                  'HTML5 <article> with <header> and <section>/<h2>/<h3>. Label 提要 for the abstract; 来源 in a '
                  '<cite> followed by issue and 被引量 on one line. Invisible text everywhere, none of it body: '
                  'JSON-LD whose articleBody is different text, <noscript> with a paragraph, an HTML comment with an '
                  'old section, a hidden share box, a display:none watermark span at the end of a paragraph, a '
                  '<template>, and a JSON state script. 相关文章 in an <ol>; 热门文章 is not related.')
    return 't07_qianyan_article.html', page.encode('utf-8'), gold


EN_T08 = ('Distribution Characteristics and Source Analysis of Pollutants in a River Basin',
          'The spatial distribution of pollutants in surface water and sediments was investigated, and their '
          'sources were identified by multivariate statistical analysis. The results provide a scientific basis '
          'for pollution control and water environment management in the basin.',
          'pollutant; distribution; source analysis; water environment')


def t08_huawen_enabs(pool):
    """〔摘要〕/〔关键词〕 labels, an English Abstract/Key words block, title * footnote mark, references."""
    disc = ('环境科学与工程',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(6, disc))
    lines = article(['1 引言', '2 材料与方法', '2.1 样品采集', '2.2 分析方法', '3 结果与讨论', '4 结论'],
                    paras, 'HPHHPHPHPPHP')
    authors = ['李晓明', '张伟', '吴海燕']
    ref_rows = pool.take(6, disc, start=90)
    ref_au = ['王晓蓉，华兆哲', '陈静生', 'HAKANSON L', '刘成，何耘', '周怀东，彭文启', '金相灿']
    refs = [f'[{i}] {a}. {r["title"]}[J]. 环境科学学报, {2001 + i * 2}, {21 + i}({i}): {100 + i * 7}-{105 + i * 7}.'
            for i, (r, a) in enumerate(zip(ref_rows, ref_au), 1)]
    rel_rows = pool.take(6, disc, start=900)
    related = [r['title'] for r in rel_rows]
    en_t, en_abs, en_kw = EN_T08
    body_html = '\n'.join((f'<h2>{E(t)}</h2>' if re.match(r'\d ', t) else f'<h3>{E(t)}</h3>') if k == 'h'
                          else f'<p>{E(t)}</p>' for k, t in lines)
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{E(main['title'])} - 华文期刊库</title>
<link rel="stylesheet" href="https://res.hwqk.com/css/paper.css?v=3.2">
</head>
<body>
<div class="hw-top"><span>华文期刊库 · 中文学术期刊全文数据库</span><span class="r"><a href="/ip-login">IP登录</a> <a href="/login">账号登录</a> <a href="/register">注册</a></span></div>
<div class="hw-head"><a href="/" class="hw-logo">华文期刊库</a><div class="hw-search"><select><option>题名</option><option>作者</option><option>关键词</option></select><input type="text"><button>检索</button></div></div>
<div class="hw-crumb"><a href="/">首页</a> &gt; <a href="/subject/env">环境科学</a> &gt; <a href="/journal/hjkxyjsjz">环境科学与技术进展</a> &gt; 2015年第11期</div>
<div class="hw-paper">
<div class="hw-src">期刊：<a href="/journal/hjkxyjsjz">环境科学与技术进展</a>　2015年第11期　页码：33-38</div>
<h1 class="hw-title">{E(main['title'])}<sup class="fn">*</sup></h1>
<div class="hw-au">李晓明<sup>1</sup>，张伟<sup>1,2</sup>，吴海燕<sup>2*</sup></div>
<div class="hw-org">1. 南京大学环境学院，南京 210023；2. 江苏省环境科学研究院，南京 210036</div>
<div class="hw-abs"><span class="lb">〔摘要〕</span>{E(main['abstract'])}</div>
<div class="hw-kw"><span class="lb">〔关键词〕</span>{'；'.join(E(k) for k in main['keywords'])}</div>
<div class="hw-en">
<p class="en-t">{en_t}</p>
<p class="en-au">LI Xiao-ming<sup>1</sup>, ZHANG Wei<sup>1,2</sup>, WU Hai-yan<sup>2*</sup></p>
<p class="en-abs"><b>Abstract:</b> {en_abs}</p>
<p class="en-kw"><b>Key words:</b> {en_kw}</p>
</div>
<div class="hw-fn">* 基金项目：国家水体污染控制与治理科技重大专项(2012ZX07101-003)；通信作者：吴海燕，E-mail：wuhy@jsaes.cn</div>
<div class="hw-tools"><a class="pdf" href="/down/pdf?id=HJKX201511006">PDF全文下载</a><a class="read" href="/read?id=HJKX201511006">在线阅读</a><a class="cite" href="javascript:;">导出引文</a></div>
<div class="hw-body">
{body_html}
</div>
<div class="hw-ref">
<h2>参考文献</h2>
{chr(10).join(f'<p>{E(x)}</p>' for x in refs)}
</div>
</div>
<div class="hw-rel">
<h3>相关文献</h3>
<ul>
{chr(10).join(f'<li><a href="/paper/{44120 + i * 53}">{E(t)}</a></li>' for i, t in enumerate(related))}
</ul>
</div>
<div class="hw-foot">华文期刊库 &copy; 2009-2023 版权所有　京ICP证090512号　客服邮箱：service@hwqk.com</div>
</body>
</html>
'''
    gold = record(main['title'], '环境科学与技术进展', None, None, authors, main['keywords'], main['abstract'],
                  lines, related, 'utf-8',
                  'Journal-database page with the title footnote mark <sup>*</sup> (not part of the title) and its '
                  '"* 基金项目…" footnote line; authors with superscripts (1, 1,2, 2*); labels 期刊, 〔摘要〕, '
                  '〔关键词〕; an English block (title, authors, Abstract:, Key words:) that is neither abstract nor '
                  'body; 参考文献 list (not body). 相关文献 = titles. No citation count, no uploader.')
    return 't08_huawen_enabs.html', page.encode('utf-8'), gold


def t09_dianli_fake_utf8(pool):
    """Declared utf-8 but the bytes are GBK; metadata lines inside the article box; 引用本文; references."""
    disc = ('电气工程',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    lines = article(['0 引言', '1 系统模型', '2 控制策略', '3 仿真分析', '4 结论'], paras, 'HPHPHPHPHP')
    authors = ['王海波', '刘晓东']
    ref_rows = pool.take(4, disc, start=150)
    refs = [f'[{i}] {a}. {r["title"]}[J]. 电网技术, {2010 + i}, {34 + i}({i + 2}): {20 + 9 * i}-{26 + 9 * i}.'
            for i, (r, a) in enumerate(zip(ref_rows, ['李明，张华', '赵建国', '孙立新，周扬', '陈浩']), 1)]
    rel_rows = pool.take(5, disc, start=430)
    related = [r['title'] for r in rel_rows]
    meta_lines = ['基金项目：国家电网公司科技项目(SGTYHT/16-JS-198)',
                  '中图分类号：TM712　　文献标识码：A',
                  'DOI：10.13335/j.1000-3673.pst.2018.0512',
                  '收稿日期：2018-03-12',
                  '作者简介：王海波（1985—），男，博士，高级工程师，主要研究方向为电力系统运行与控制。']
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{E(main['title'])}-电力期刊网</title>
<link rel="stylesheet" href="/static/css/dl-article.css">
</head>
<body>
<div class="dl-header"><div class="dl-w"><a class="dl-logo" href="/">电力期刊网</a><ul class="dl-nav"><li><a href="/">首页</a></li><li><a href="/qikan/">期刊导航</a></li><li><a href="/lunwen/">论文中心</a></li><li><a href="/tougao/">在线投稿</a></li></ul><div class="dl-user"><a href="/login.html">登录</a> / <a href="/reg.html">注册</a></div></div></div>
<div class="dl-w dl-pos">当前位置：<a href="/">首页</a> &gt; <a href="/lunwen/">论文中心</a> &gt; 电力系统</div>
<div class="dl-w dl-article">
<h1>{E(main['title'])}</h1>
<div class="dl-meta">来源：<a href="/qikan/dlxtyzdhjz/">电力系统与自动化进展</a> 2018年第5期　　被引量：3　　作者：{'，'.join(authors)}</div>
<div class="dl-abs"><b>摘要：</b>{E(main['abstract'])}</div>
<div class="dl-kw"><b>关键词：</b>{'；'.join(E(k) for k in main['keywords'])}</div>
<div class="dl-content">
{chr(10).join(f'<p class="note">{E(x)}</p>' for x in meta_lines)}
{render(lines, h='<h3>{}</h3>', p='<p>{}</p>')}
<h3>参考文献</h3>
{chr(10).join(f'<p class="ref">{E(x)}</p>' for x in refs)}
</div>
<div class="dl-cite"><b>引用本文：</b>王海波，刘晓东. {E(main['title'])}[J]. 电力系统与自动化进展，2018，36(5)：12-18.</div>
<div class="dl-down"><a href="/down/201805012.pdf">全文下载</a> <a href="/login.html">登录后下载</a></div>
<div class="dl-rel">
<h3>相似文献</h3>
<ul>
{chr(10).join(f'<li>[{i}] <a href="/lunwen/{82110 + i * 7}.html">{E(t)}</a></li>' for i, t in enumerate(related, 1))}
</ul>
</div>
</div>
<div class="dl-footer">Copyright &copy; 2014-2023 电力期刊网 版权所有　冀ICP备14001234号-1</div>
</body>
</html>
'''
    gold = record(main['title'], '电力系统与自动化进展', 3, None, authors, main['keywords'], main['abstract'],
                  lines, related, 'gbk',
                  'The page declares <meta charset="utf-8"> but its bytes are GBK (gold encoding gbk): trust the '
                  'bytes. Inside the article box, before the text, are 基金项目 / 中图分类号+文献标识码 / DOI / 收稿日期 '
                  '/ 作者简介 lines, and after it a 参考文献 heading with entries: none of that is body. An 引用本文 '
                  'block repeats title and journal. 相似文献 items numbered [n].')
    return 't09_dianli_fake_utf8.html', page.encode('gbk'), gold


def t10_zhikan_landing_utf16(pool):
    """Journal landing page (abstract only, body ""), 网络首发 badge, UTF-16 with BOM."""
    disc = ('农业工程',)
    main = pool.one(disc, main=True)
    authors = ['孙立平', '何晓燕', '钱志远']
    rel_rows = pool.take(5, disc, start=480)
    related = [r['title'] for r in rel_rows]
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-16">
<title>{E(main['title'])} - 农业工程技术学报 - 知刊网</title>
<link rel="stylesheet" href="/css/zk-detail.css">
</head>
<body>
<div class="zk-bar"><a class="zk-logo" href="/">知刊网</a><span class="zk-bar-r"><a href="/login">登录</a> <a href="/register">注册</a> <a href="/app">手机版</a></span></div>
<div class="zk-crumb"><a href="/">首页</a> / <a href="/journal/nygcjsxb">农业工程技术学报</a> / 网络首发</div>
<div class="zk-wrap">
<div class="zk-left">
<h1 class="zk-tt">{E(main['title'])} <span class="badge badge-first">网络首发</span></h1>
<div class="zk-info">
<p><span class="k">刊名：</span><a href="/journal/nygcjsxb">农业工程技术学报</a></p>
<p><span class="k">作者：</span>{'、'.join(f'<a href="/author/{A(a)}">{a}</a>' for a in authors)}</p>
<p><span class="k">单位：</span>中国农业大学工学院；农业农村部农业机械化总站</p>
<p><span class="k">被引次数：</span>0　<span class="k">下载次数：</span>86</p>
<p><span class="k">发表时间：</span>2022-03-18 14:52（网络首发）</p>
</div>
<div class="zk-abs"><span class="k">摘要：</span>{E(main['abstract'])}</div>
<div class="zk-kw"><span class="k">关键词：</span>{'；'.join(f'<a href="/kw/{A(k)}">{E(k)}</a>' for k in main['keywords'])}</div>
<div class="zk-btns"><a class="b1" href="javascript:;">在线阅读</a><a class="b2" href="javascript:;">下载PDF</a><a class="b3" href="/login">登录后下载</a></div>
<div class="zk-tip">本文为网络首发论文，全文请下载PDF阅读。</div>
<div class="zk-rel"><h3>相关论文</h3><ul>
{chr(10).join(f'<li><a href="/article/{71020 + i * 88}">{E(t)}</a></li>' for i, t in enumerate(related))}
</ul></div>
</div>
<div class="zk-right"><div class="zk-box"><h3>期刊推荐</h3><ul><li><a href="/journal/nyjxxb">农业机械研究</a></li><li><a href="/journal/nygcxb">农业工程进展</a></li><li><a href="/journal/jsnykx">节水农业科学</a></li></ul></div></div>
</div>
<div class="zk-foot">© 2023 知刊网　京ICP备19052345号-1</div>
</body>
</html>
'''
    gold = record(main['title'], '农业工程技术学报', 0, None, authors, main['keywords'], main['abstract'], '',
                  related, 'utf-16',
                  'Journal landing page: metadata and abstract only, so body is "" (the 本文为网络首发论文… tip is '
                  'chrome). UTF-16 with a BOM (little-endian), declared utf-16. Title followed by a 网络首发 badge; '
                  'label 刊名; 被引次数 0 (an int, not null); authors separated by 、. 相关论文 = titles; the 期刊推荐 '
                  'box is not related.')
    return 't10_zhikan_landing_utf16.html', utf16_bom(page), gold


BIG5_ROWS = {'main': '0427', 'body': ['0151', '0452', '0698', '0939'],
             'related': ['0086', '0203', '0293', '0790', '0662', '0783']}


def t11_huayan_big5(pool):
    """Traditional-character site in Big5: 被引用次數, 上傳用戶, 關鍵詞, 相關文獻."""
    main = trad_row(pool.get(BIG5_ROWS['main']))
    paras = [to_trad(pool.get(i)['abstract']) for i in BIG5_ROWS['body']]
    lines = article(['一、前言', '二、歷史背景', '三、結語'], paras, 'HPHPPHP')
    authors = ['陳志明', '林美玲']
    related = [to_trad(snip(pool.get(i), 36 + (k * 7) % 30)) for k, i in enumerate(BIG5_ROWS['related'])]
    page = f'''<!DOCTYPE html>
<html lang="zh-Hant">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>{E(main['title'])} - 華研學術網</title>
<link rel="stylesheet" href="/css/hy.css">
</head>
<body>
<div id="hy-top"><a href="/" class="hy-logo">華研學術網</a><span class="hy-top-r"><a href="/member/login">會員登入</a>｜<a href="/member/join">免費註冊</a>｜<a href="/help">使用說明</a></span></div>
<div id="hy-menu"><a href="/">首頁</a><a href="/journal">期刊瀏覽</a><a href="/thesis">學位論文</a><a href="/search">進階檢索</a></div>
<div id="hy-path">首頁 &gt; 人文學 &gt; 歷史學</div>
<div id="hy-doc">
<h1 class="hy-title">{E(main['title'])}</h1>
<ul class="hy-info">
<li>期刊：《史學研究集刊》2012年第3期</li>
<li>作者：{'、'.join(authors)}</li>
<li>被引用次數：3</li>
<li>上傳用戶：<a href="/member/hist_lin">hist_lin</a></li>
</ul>
<div class="hy-abs"><b>摘要：</b>{E(main['abstract'])}</div>
<div class="hy-kw"><b>關鍵詞：</b>{'；'.join(E(k) for k in main['keywords'])}</div>
<div class="hy-btn"><a href="/download/8812">下載全文</a> <a href="/member/login">登入後下載</a></div>
<div class="hy-text">
{render(lines, h='<h3>{}</h3>', p='<p>　　{}</p>')}
</div>
<div class="hy-rel">
<h3>相關文獻</h3>
<ul>
{chr(10).join(f'<li>{i}. <a href="/doc/{4410 + i * 3}">{E(t)}</a></li>' for i, t in enumerate(related, 1))}
</ul>
</div>
</div>
<div id="hy-foot">Copyright (C) 2023 華研學術網 版權所有　服務信箱：service@huayan.tw</div>
</body>
</html>
'''
    gold = record(main['title'], '史學研究集刊', 3, 'hist_lin', authors, main['keywords'], main['abstract'], lines,
                  related, 'big5',
                  'Traditional-character page in Big5 (declared big5). Labels 期刊 (《…》 with year/issue), '
                  '被引用次數, 上傳用戶, 關鍵詞, 摘要; authors separated by 、. Text is kept traditional (no '
                  'conversion). 相關文獻 = truncated snippets with "1." numbering outside the link.')
    return 't11_huayan_big5.html', page.encode('big5'), gold


def t12_yidu_collapsed(pool):
    """Article in a max-height box with a 展开全文 button; empty 小编 field; hidden bits; grouped related."""
    disc = ('机械工程',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(6, disc))
    trap = pool.one(disc, start=50)['abstract']
    lines = article(['1 概述', '2 结构设计', '2.1 传动系统', '3 试验验证'], paras, 'PHPHHPPHPP')
    rel_rows = pool.take(6, disc, start=640)
    related = [snip(r, 30 + (i * 9) % 28) + '...' for i, r in enumerate(rel_rows)]
    hot = [r['title'] for r in pool.take(5, start=880)]
    rel_items = [f'<li><span class="idx">{i}.</span><a href="/doc/{20110 + i * 71}.html">{E(t)}</a><em>{2 + i % 5}页</em></li>'
                 for i, t in enumerate(related, 1)]
    rel_items.insert(3, '<li class="cat">会议论文</li>')
    body_parts = []
    for i, (k, t) in enumerate(lines):
        body_parts.append(f'<p class="h2">{E(t)}</p>' if k == 'h' else f'<p>{E(t)}</p>')
        if i == 3:
            body_parts.append(f'<p style="display:none">{E(trap)}</p>')
        if i == 6:
            body_parts.append('<!-- ad-slot-2 <p>易读文库会员专享：论文查重8折</p> -->')
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{E(main['title'])} - 易读文库</title>
<link rel="stylesheet" href="https://cdn.yidu-wk.com/pc/css/doc.css">
<style>.doc-body{{position:relative}} .doc-body .mask{{position:absolute;bottom:0;height:80px;width:100%;background:linear-gradient(rgba(255,255,255,0),#fff)}}</style>
</head>
<body>
<div class="g-top"><div class="g-w"><a class="g-logo" href="/">易读文库</a><div class="g-sch"><input placeholder="搜索你想要的文档"><button>搜索</button></div><div class="g-usr"><a href="/login">登录</a><a href="/reg">注册</a><a class="vip" href="/vip">VIP</a></div></div></div>
<div class="g-w g-crumb"><a href="/">易读文库</a> › <a href="/c/gongcheng">工程科技</a> › <a href="/c/jixie">机械/仪表</a></div>
<div class="g-w g-main">
<div class="g-doc">
<h1 class="title">{E(main['title'])}</h1>
<div class="meta"><span>来源：《机械设计与制造研究》2014年第9期</span><span>小编：</span><span>浏览：2,145</span><span>下载：37</span><span>页数：5页</span></div>
<div class="btns"><a class="b-down" href="javascript:;">下载文档</a><a class="b-vip" href="javascript:;">VIP免费下载</a></div>
<div id="doc" class="doc-body" style="max-height:560px;overflow:hidden">
{chr(10).join(body_parts)}
<div class="mask"></div>
</div>
<div class="unfold"><a href="javascript:;" onclick="document.getElementById('doc').style.maxHeight='none'">展开全文</a><span>（剩余3页）</span></div>
<div class="g-rel">
<h3>相关推荐</h3>
<ul>
{chr(10).join(rel_items)}
</ul>
</div>
</div>
<div class="g-side">
<div class="g-box"><h3>本周排行</h3><ol>
{chr(10).join(f'<li><a href="/doc/{900 + i}.html">{E(t)}</a></li>' for i, t in enumerate(hot))}
</ol></div>
</div>
</div>
<div class="g-foot">易读文库 © 2016-2023 <a href="https://beian.miit.gov.cn/">粤ICP备16055123号-2</a> 本站文档均来自网友上传，如有侵权请联系删除</div>
</body>
</html>
'''
    gold = record(main['title'], '机械设计与制造研究', None, None, [], [], None, lines, related, 'utf-8',
                  'Document page whose article sits in a max-height:560px;overflow:hidden box with a 展开全文 '
                  'button: all of it is still body, except a display:none paragraph and an HTML comment inside the '
                  'box. Meta line 来源 《…》 with issue, an empty 小编： field (not an uploader: uploader null), '
                  '浏览/下载 counts (no citation count). 相关推荐 items numbered "1." with a page count, snippets '
                  'ending in "..." (kept, as shown), a stray 会议论文 label between items. 本周排行 is not related; '
                  'the footer disclaimer 来自网友上传 is not a source.')
    return 't12_yidu_collapsed.html', page.encode('utf-8'), gold


def t13_yuye_nodecl_gbk(pool):
    """Old GBK page with no charset declaration at all; no related section, only site-wide lists."""
    disc = ('水产',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(4, disc))
    lines = article(['1 材料与方法', '2 结果', '3 讨论'], paras, 'PHPHPHP')
    authors = ['郑海涛', '何丽娟']
    hot = [r['title'] for r in pool.take(5, disc, start=100)]
    week = [r['title'] for r in pool.take(5, start=940)]
    page = f'''<html>
<head>
<title>{E(main['title'])}--渔业科技文献网</title>
<meta name="keywords" content="{A(','.join(main['keywords']))}">
<link href="css/style.css" rel="stylesheet" type="text/css">
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">
<TABLE width="778" border="0" align="center" cellpadding="0" cellspacing="0">
<TR><TD><IMG src="images/top_banner.jpg" width="778" height="90" alt="渔业科技文献网"></TD></TR>
<TR><TD bgcolor="#1B5E9B" height="28" align="center"><a href="index.asp"><font color="#FFFFFF">首页</font></a> | <a href="list.asp?cid=1"><font color="#FFFFFF">水产养殖</font></a> | <a href="list.asp?cid=2"><font color="#FFFFFF">渔业资源</font></a> | <a href="list.asp?cid=3"><font color="#FFFFFF">水产品加工</font></a> | <a href="gbook.asp"><font color="#FFFFFF">留言板</font></a></TD></TR>
</TABLE>
<TABLE width="778" border="0" align="center" cellpadding="0" cellspacing="0">
<TR>
<TD width="560" valign="top">
<P align="center"><font size="4" color="#003366"><B>{E(main['title'])}</B></font></P>
<P align="center"><font color="#666666">作者：{'　'.join(authors)}　　来源：<a href="journal.asp?id=12">水产养殖与渔业研究</a>　　上传者：fishlab　　点击数：<script src="count.asp?id=2381"></script>356</font></P>
<HR size="1" color="#CCCCCC">
<P><font color="#990000"><B>摘要：</B></font>{E(main['abstract'])}</P>
<P><font color="#990000"><B>关键词：</B></font>{','.join(E(k) for k in main['keywords'])}</P>
<HR size="1" color="#CCCCCC">
{chr(10).join(f'<P><B>{E(t)}</B></P>' if k == 'h' else f'<P>　　{E(t)}</P>' for k, t in lines)}
<P align="right"><a href="down.asp?id=2381"><img src="images/down.gif" border="0" alt="下载"></a> <a href="javascript:window.close()">【关闭窗口】</a></P>
</TD>
<TD width="10"></TD>
<TD width="208" valign="top">
<TABLE width="100%" border="0" cellpadding="3" cellspacing="0"><TR><TD bgcolor="#E8F0F8"><B>热门文章</B></TD></TR>
{chr(10).join(f'<TR><TD>·<a href="show.asp?id={1100 + i}">{E(t)}</a></TD></TR>' for i, t in enumerate(hot))}
</TABLE>
<TABLE width="100%" border="0" cellpadding="3" cellspacing="0"><TR><TD bgcolor="#E8F0F8"><B>本周排行</B></TD></TR>
{chr(10).join(f'<TR><TD>{i}.<a href="show.asp?id={1500 + i}">{E(t)}</a></TD></TR>' for i, t in enumerate(week, 1))}
</TABLE>
</TD>
</TR>
</TABLE>
<TABLE width="778" border="0" align="center"><TR><TD align="center"><font color="#999999">版权所有：渔业科技文献网　Copyright(C) 2005-2012　ICP备案号：浙ICP备05012345号</font></TD></TR></TABLE>
</body>
</html>
'''
    gold = record(main['title'], '水产养殖与渔业研究', None, 'fishlab', authors, main['keywords'], main['abstract'],
                  lines, [], 'gbk',
                  'Old upper-case TABLE/FONT page in GBK with no charset declaration at all (no meta, no BOM). '
                  'One centred meta line 作者 (names separated by an ideographic space) / 来源 / 上传者 / 点击数; '
                  'keywords separated by ASCII commas. No related-literature section: the 热门文章 and 本周排行 '
                  'boxes are site-wide lists, so related is [].')
    return 't13_yuye_nodecl_gbk.html', page.encode('gbk'), gold


def t14_xuewen_utf16le(pool):
    """UTF-16-LE without BOM (declared utf-16)."""
    disc = ('信息与通信工程',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    lines = article(['一、引言', '二、系统设计', '三、性能分析', '四、结束语'], paras, 'HPHPPHPHP')
    rel_rows = pool.take(6, disc, start=560)
    related = snips(rel_rows, base=45, step=13, span=35)
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-16">
<title>{E(main['title'])}_学文网</title>
<link type="text/css" rel="stylesheet" href="/skin/xw/style.css">
</head>
<body>
<div class="xw-head"><div class="xw-w"><a class="xw-logo" href="/">学文网</a><span class="xw-links"><a href="/login.php">登录</a> <a href="/reg.php">注册</a> <a href="/upload.php">上传</a></span></div></div>
<div class="xw-w xw-nav"><a href="/">首页</a> <a href="/lunwen/">论文</a> <a href="/jiaoan/">教案</a> <a href="/ziliao/">资料</a></div>
<div class="xw-w"><div class="xw-here">当前位置：首页 &raquo; 论文 &raquo; 通信工程</div>
<h1>{E(main['title'])}</h1>
<div class="xw-meta">来源：《通信技术与应用》2020年第1期 | 被引量：2 | 上传用户：tx_wang | 时间：2020-06-11</div>
<div class="xw-abs">摘要：{E(main['abstract'])}</div>
<div class="xw-kw">关键词：{'；'.join(E(k) for k in main['keywords'])}</div>
<div class="xw-body">
{render(lines, h='<p><strong>{}</strong></p>', p='<p>{}</p>')}
</div>
<div class="xw-down"><a href="/down.php?id=55023">免费下载</a> <span>（共4页）</span></div>
<div class="xw-rel"><h2>相关文档</h2><ul>
{chr(10).join(f'<li><a href="/lunwen/{55023 + i * 5}.html">{E(t)}</a></li>' for i, t in enumerate(related))}
</ul></div>
</div>
<div class="xw-foot">学文网 版权所有 闽ICP备13009876号</div>
</body>
</html>
'''
    gold = record(main['title'], '通信技术与应用', 2, 'tx_wang', [], main['keywords'], main['abstract'], lines,
                  related, 'utf-16-le',
                  'UTF-16-LE bytes with no BOM (declared charset=utf-16): every ASCII byte is followed by a NUL. '
                  'Meta line 来源 《…》 | 被引量 | 上传用户; abstract and keywords; headings in <p><strong>; '
                  '相关文档 = truncated snippets. No authors.')
    return 't14_xuewen_utf16le.html', page.encode('utf-16-le'), gold


def t15_ruisi_mht_qp(pool):
    """Chrome MHTML: quoted-printable UTF-8 HTML part (charset=3D"utf-8" inside the HTML)."""
    disc = ('食品科学与工程',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    lines = article(['1 材料与方法', '1.1 材料与试剂', '1.2 试验方法', '2 结果与分析', '3 结论'], paras, 'HHPHPHPPHP')
    authors = ['黄建国', '周晓燕', '谢芳']
    rel_rows = pool.take(6, disc, start=350)
    related = [r['title'] for r in rel_rows]
    rel_meta = ['食品科学, 2014', '食品工业科技, 2015', '中国食品学报, 2013', '食品与发酵工业, 2016',
                '现代食品科技, 2015', '食品研究与开发, 2017']
    url = 'https://www.ruisixueshu.com/detail/SPGY201608021.html'
    html_text = f'''<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{E(main['title'])} - 睿思学术</title>
<link rel="stylesheet" type="text/css" href="https://www.ruisixueshu.com/static/css/detail.css">
</head>
<body>
<div class="rs-top"><a class="rs-logo" href="https://www.ruisixueshu.com/"><img src="https://www.ruisixueshu.com/static/img/logo.png" alt="睿思学术"></a>
<ul class="rs-nav"><li><a href="https://www.ruisixueshu.com/">首页</a></li><li><a href="https://www.ruisixueshu.com/search">文献检索</a></li><li><a href="https://www.ruisixueshu.com/journal">期刊导航</a></li></ul>
<div class="rs-login"><a href="https://www.ruisixueshu.com/login">登录</a> <a href="https://www.ruisixueshu.com/signup">注册</a></div></div>
<div class="rs-main">
<div class="rs-head">
<h1>{E(main['title'])}</h1>
<div class="rs-au"><a href="https://www.ruisixueshu.com/author/1">黄建国</a><sup>1</sup> <a href="https://www.ruisixueshu.com/author/2">周晓燕</a><sup>1</sup> <a href="https://www.ruisixueshu.com/author/3">谢 芳</a><sup>2</sup></div>
<div class="rs-org">1.江南大学食品学院 2.无锡市食品安全检验检测中心</div>
</div>
<div class="rs-row"><label>摘要：</label><span class="rs-abs">{E(main['abstract'])}</span></div>
<div class="rs-row"><label>关键词：</label><span>{''.join(f'<a href="https://www.ruisixueshu.com/kw/{A(k)}">{E(k)}</a>；' for k in main['keywords'])}</span></div>
<div class="rs-row"><label>基金：</label><span>江苏省自然科学基金(BK20141108)</span></div>
<div class="rs-row"><label>分类号：</label><span>TS201.2</span></div>
<div class="rs-row"><label>文献来源：</label><span><a href="https://www.ruisixueshu.com/journal/spgykjqy">食品工业科技前沿</a> 2016年 第08期</span></div>
<div class="rs-row"><label>被引次数：</label><span>11</span>　<label>下载次数：</label><span>573</span></div>
<div class="rs-btns"><a href="javascript:;">PDF下载</a> <a href="javascript:;">HTML阅读</a> <a href="javascript:;">引用</a></div>
<div class="rs-fulltext">
{render(lines, h='<h4>{}</h4>', p='<p>{}</p>')}
</div>
<div class="rs-sim"><h4>相关文献</h4><dl>
{chr(10).join(f'<dd><b>[{i}]</b><a href="https://www.ruisixueshu.com/detail/{88001 + i}.html">{E(t)}</a><i>{m}</i></dd>' for i, (t, m) in enumerate(zip(related, rel_meta), 1))}
</dl></div>
</div>
<div class="rs-foot">© 2023 睿思学术 版权所有 京ICP备20012345号-1</div>
</body></html>
'''
    css = '.rs-top{height:60px;background:#0b4f8a}\n.rs-row label{color:#888;width:80px;display:inline-block}\n'
    data = mhtml_blink(html_text, url, f'{main["title"]} - 睿思学术', css, 'Wed, 15 Mar 2023 10:21:33 +0800')
    gold = record(main['title'], '食品工业科技前沿', 11, None, authors, main['keywords'], main['abstract'], lines,
                  related, 'utf-8',
                  'Chrome "Save as MHTML" file (multipart/related, Subject as an RFC 2047 encoded word): the HTML part '
                  'is quoted-printable UTF-8 with no charset in its MIME header; the charset is only in the HTML, '
                  'encoded as <meta charset=3D"utf-8">. Plus a CSS and a PNG part. Journal-database layout: '
                  'authors with <sup> marks and a spaced name 谢 芳; 基金 and 分类号 rows; source from 文献来源; '
                  '被引次数 11. 相关文献 items numbered [n] with journal, year.')
    return 't15_ruisi_mht_qp.mht', data, gold


def t16_shuxiang_mht_b64(pool):
    """IE MHTML: base64 HTML part declared gb2312 whose bytes are GBK (堃, 創)."""
    disc = ('土木工程',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(4, disc))
    paras.insert(2, pool.one(disc, ok=lambda r: '创' in r['abstract'])['abstract'].replace('创', '創', 1))
    lines = article(['一、工程概况', '二、施工技术要点', '三、质量控制措施', '四、结语'], paras, 'PHPHPHPHP')
    authors = ['李堃', '周建华']
    rel_rows = pool.take(6, disc, start=720)
    related = snips(rel_rows, base=40, step=17, span=38)
    rel_items = [f'<LI><A href="http://www.sxwd.net/doc/{66120 + i * 9}.html" target=_blank>{E(t)}</A></LI>'
                 for i, t in enumerate(related)]
    rel_items.insert(2, '<LI class=fl>学位论文</LI>')
    rel_items.insert(6, '<LI class=fl>会议论文</LI>')
    url = 'http://www.sxwd.net/doc/20170605/8835.html'
    html_text = f'''<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML><HEAD><TITLE>{E(main['title'])}_书香文档网</TITLE>
<META content="text/html; charset=gb2312" http-equiv=Content-Type>
<LINK rel=stylesheet type=text/css href="http://www.sxwd.net/css/style.css">
<META name=GENERATOR content="MSHTML 8.00.7601.17514"></HEAD>
<BODY>
<DIV class=top><A href="http://www.sxwd.net/"><IMG border=0 alt=书香文档网 src="http://www.sxwd.net/images/logo.gif"></A>
<DIV class=toplink><A href="http://www.sxwd.net/login.aspx">登录</A> | <A href="http://www.sxwd.net/reg.aspx">注册</A> | <A href="http://www.sxwd.net/upload.aspx">上传文档</A></DIV></DIV>
<DIV class=nav><A href="http://www.sxwd.net/">首页</A> <A href="http://www.sxwd.net/jianzhu/">建筑工程</A> <A href="http://www.sxwd.net/lunwen/">论文</A> <A href="http://www.sxwd.net/fanwen/">范文</A></DIV>
<DIV class=main>
<H1 class=dtitle>{E(main['title'])}</H1>
<DIV class=dinfo>作者：{' '.join(authors)}&nbsp;&nbsp; 来源：<A href="http://www.sxwd.net/qk/jzjg/">《建筑结构与施工技术》</A>2017年第6期&nbsp;&nbsp; 被引量：7&nbsp;&nbsp; 上传者：<A href="http://www.sxwd.net/u/civil_zhou">civil_zhou</A></DIV>
<DIV class=dabs><B>摘要：</B>{E(main['abstract'])}</DIV>
<DIV class=dkw><B>关键词：</B>{'；'.join(E(k) for k in main['keywords'])}</DIV>
<DIV class=dbtn><A class=btn1 href="javascript:void(0)">立即下载</A> <A class=btn2 href="javascript:void(0)">VIP免费下载</A></DIV>
<DIV class=dtext>
{chr(10).join(f'<P><STRONG>{E(t)}</STRONG></P>' if k == 'h' else f'<P>{E(t)}</P>' for k, t in lines)}
</DIV>
<DIV class=xgwd>
<H3>相关文档</H3>
<UL>
{chr(10).join(rel_items)}
</UL></DIV></DIV>
<DIV class=foot>书香文档网 版权所有 Copyright 2010-2017 苏ICP备10219876号</DIV>
</BODY></HTML>
'''
    css = '.top{height:70px}\n.dinfo{color:#666;font-size:12px}\n'
    html_bytes = crlf(html_text).encode('gbk')
    try:
        html_text.encode('gb2312')
        raise SystemExit('t16 must contain GBK-only characters')
    except UnicodeEncodeError:
        pass
    data = mhtml_ie(html_bytes, 'gb2312', url, f'{main["title"]}_书香文档网', css, 'Mon, 5 Jun 2017 10:12:44 +0800')
    gold = record(main['title'], '建筑结构与施工技术', 7, 'civil_zhou', authors, main['keywords'], main['abstract'],
                  lines, related, 'gbk',
                  'Internet Explorer .mhtml (multipart/related, From line in raw GBK, Subject as =?gb2312?…?=): the '
                  'HTML part is base64 and declared charset="gb2312", but its bytes are GBK (author 李堃 and 創 in '
                  'the text are not in GB2312), so the true codec is gbk. Upper-case IE-serialised markup. One info '
                  'line 作者 / 来源 《…》 year-issue / 被引量 / 上传者. 相关文档 snippets with stray 学位论文 and '
                  '会议论文 labels between items.')
    return 't16_shuxiang_mht_b64.mhtml', data, gold


def t17_huizhi_copy_table(pool):
    """Text copy of a table layout: each row is 'label<TAB>value'; related rows '1.<TAB>title<TAB>journal<TAB>year'."""
    disc = ('建筑学',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(4, disc))
    lines = article(['1 引言', '2 设计策略', '2.1 空间组织', '3 结语'], paras, 'HPHHPPHP')
    authors = ['黄志宏', '沈阳', '罗敏']
    rel_rows = pool.take(6, disc + ('土木工程',), start=180)
    related = [r['title'] for r in rel_rows]
    rel_meta = [('建筑学报研究', 2014), ('城市规划论丛', 2012), ('华中建筑设计', 2015), ('新建筑研究', 2011),
                ('建筑技艺', 2016), ('住区研究', 2013)]
    out = ['汇智论文网', '首页\t期刊论文\t学位论文\t会议论文\t论文发表\t登录\t注册',
           '当前位置：首页 > 建筑科学 > 论文详情', main['title'],
           f'题名\t{main["title"]}', f'作者\t{"；".join(authors)}', '刊名\t建筑学研究进展', '年份\t2013', '期号\t第6期',
           '被引次数\t2', f'关键词\t{"；".join(main["keywords"])}', f'摘要\t{main["abstract"]}',
           '全文下载\t在线阅读\t收藏', '正文']
    out += [t for _, t in lines]
    out += ['相关论文']
    out += [f'{i}.\t{t}\t《{j}》\t{y}' for i, (t, (j, y)) in enumerate(zip(related, rel_meta), 1)]
    out += ['友情链接：中国建筑网 | 规划师之家 | 土木在线', '关于我们 | 联系我们 | 免责声明',
            'Copyright © 2010-2023 汇智论文网 苏ICP备11034567号']
    text = '\n'.join(out) + '\n'
    gold = record(main['title'], '建筑学研究进展', 2, None, authors, main['keywords'], main['abstract'], lines,
                  related, 'utf-8',
                  'Plain-text copy of a table-layout page: every metadata row is "label<TAB>value" (题名, 作者, 刊名, '
                  '年份, 期号, 被引次数, 关键词, 摘要); the title also appears as the page heading. The label 正文 '
                  'starts the article. 相关论文 rows are "n.<TAB>title<TAB>《journal》<TAB>year": only the title '
                  'is the item.')
    return 't17_huizhi_copy_table.txt', text.encode('utf-8'), gold


def t18_baichuan_copy_gbk(pool):
    """GBK text copy (CRLF) of a document site: title.pdf, page markers, full-width citation count."""
    disc = ('化学/化学工程与技术',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    lines = article(['一、实验部分', '二、结果与讨论'], paras, 'PHPPHPP')
    rel_rows = pool.take(6, disc, start=400)
    related = [r['title'] for r in rel_rows]
    hot = [r['title'] for r in pool.take(4, start=990)]
    out = ['百川文档 首页 文档分类 VIP专区 上传文档 登录 注册', '百川文档 > 学术论文 > 化学化工', f'{main["title"]}.pdf',
           '上传者：chem_lab   上传时间：2019-11-02   页数：4页   浏览：2,317次',
           '来源：《化工进展与应用》2015年第2期   被引量：２次', '下载文档   收藏   分享', '第1页/共4页']
    out += [t for _, t in lines[:4]]
    out += ['第2页/共4页']
    out += [t for _, t in lines[4:]]
    out += ['展开阅读全文', '登录后下载   VIP免费下载', '相似文献']
    out += [f'{t}   {3 + i % 3}页' for i, t in enumerate(related)]
    out += ['热门文档'] + hot
    out += ['关于百川 | 帮助中心 | 侵权投诉', 'Copyright(C) 2012-2023 百川文档 版权所有 粤ICP备16087654号']
    text = crlf('\n'.join(out) + '\n')
    gold = record(main['title'], '化工进展与应用', 2, 'chem_lab', [], [], None, lines, related, 'gbk',
                  'Plain-text copy saved as GBK with CRLF line ends. Title line "<title>.pdf" (suffix dropped); '
                  'meta lines 上传者 … and 来源 《…》 year/issue with 被引量 ２ in full-width digits; page markers '
                  '第1页/共4页, 展开阅读全文, 登录后下载/VIP免费下载 are chrome. 相似文献 lines are "title   n页": '
                  'the page count is not part of the item. 热门文档 is not related. No abstract, no keywords.')
    return 't18_baichuan_copy_gbk.txt', text.encode('gbk'), gold


EN_T19 = ('Optimization Method of Traffic Organization Based on Network Equilibrium',
          'MIAO Hong1, WANG Jian-guo2, LIU Yang1',
          'Based on the analysis of traffic flow characteristics, an optimization model was established and solved. '
          'A case study shows that the method can effectively improve the operating efficiency of the network.',
          'traffic engineering; optimization; network equilibrium')


def t19_zhixing_copy_journal(pool):
    """Text copy of a journal article page: superscript digits glued to names, English block, refs, 引用本文."""
    disc = ('交通运输工程',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    lines = article(['1 引言', '2 模型构建', '2.1 基本假设', '3 算例分析', '4 结论'], paras, 'HPHHPPHPHP')
    authors = ['苗红', '王建国', '刘洋']
    ref_rows = pool.take(4, disc, start=240)
    refs = [f'[{i}] {a}. {r["title"]}[J]. 中国公路学报, {2009 + i}, {22 + i}({i}): {30 + i * 8}-{36 + i * 8}.'
            for i, (r, a) in enumerate(zip(ref_rows, ['陆化普', '王炜，杨新苗', '邵春福', '高自友，任华玲']), 1)]
    rel_rows = pool.take(5, disc, start=580)
    related = [r['title'] for r in rel_rows]
    en_t, en_au, en_abs, en_kw = EN_T19
    out = ['知行学术  首页  期刊  论文  学者  机构  登录', main['title'],
           '苗 红1，王建国2，刘 洋1',
           '1. 长安大学公路学院，陕西 西安 710064；2. 陕西省交通规划设计研究院，陕西 西安 710065',
           f'摘要：{main["abstract"]}', f'关键词：{"; ".join(main["keywords"])}',
           '中图分类号：U491　　文献标识码：A　　文章编号：1671-2579(2017)03-0045-06',
           'DOI：10.3969/j.issn.1671-2579.2017.03.010', '基金项目：国家自然科学基金项目(51478041)', '收稿日期：2016-11-20',
           '作者简介：苗红(1978—)，女，副教授，博士，研究方向为交通运输规划。',
           en_t, en_au, f'Abstract: {en_abs}', f'Key words: {en_kw}',
           '来源：公路与交通科技进展 2017年第3期 | 被引次数：8 | 下载次数：415', 'PDF下载 | 引用 | 收藏']
    out += [t for _, t in lines]
    out += ['参考文献'] + refs
    out += ['引用本文', f'苗红，王建国，刘洋. {main["title"]}[J]. 公路与交通科技进展，2017，34(3)：45-50.']
    out += ['相关文章'] + [f'[{i}] {t}' for i, t in enumerate(related, 1)]
    out += ['© 2023 知行学术 京ICP备14045678号']
    text = '\n'.join(out) + '\n'
    gold = record(main['title'], '公路与交通科技进展', 8, None, authors, main['keywords'], main['abstract'], lines,
                  related, 'utf-8',
                  'Plain-text copy of a journal article page. Author line "苗 红1，王建国2，刘 洋1": affiliation '
                  'digits glued to the names and layout spaces in two-character names. Keywords separated by "; ". '
                  '中图分类号/文献标识码/文章编号, DOI, 基金项目, 收稿日期, 作者简介, the English title/authors/'
                  'Abstract/Key words, the 来源 | 被引次数 line, 参考文献 entries and the 引用本文 block are not '
                  'body. 相关文章 items "[n] title".')
    return 't19_zhixing_copy_journal.txt', text.encode('utf-8'), gold


def t20_zhongyi_copy_wap(pool):
    """Text copy of a mobile page, UTF-8 with BOM: 网络首发 line, 摘 要, 关键字 with 、."""
    disc = ('中医学/中药学',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(4, disc))
    lines = article(['一、临床资料', '二、治疗方法', '三、疗效观察'], paras, 'PHPHPHP')
    authors = ['吴建平', '赵丽华']
    rel_rows = pool.take(5, disc, start=620)
    related = [r['title'] for r in rel_rows]
    out = ['中医药在线', '≡', main['title'], '网络首发', '期刊：中医药临床研究 2021年第4期', f'作者：{"、".join(authors)}',
           f'摘 要：{main["abstract"]}', f'关键字：{"、".join(main["keywords"])}', '正文']
    out += [t for _, t in lines]
    out += ['展开阅读全文 ∨', '打开APP 免费阅读全文', '相关推荐']
    out += [f'{i}. {t}' for i, t in enumerate(related, 1)]
    out += ['首页 | 电脑版 | APP下载', '©2023 中医药在线 京ICP备12012345号']
    text = '\n'.join(out) + '\n'
    gold = record(main['title'], '中医药临床研究', None, None, authors, main['keywords'], main['abstract'], lines,
                  related, 'utf-8-sig',
                  'Plain-text copy of a mobile page, UTF-8 with a BOM. The 网络首发 badge is on its own line under the '
                  'title; labels 期刊 (journal then issue), 摘 要 (with a space), 关键字 separated by 、; the label '
                  '正文 and 展开阅读全文 / 打开APP buttons are chrome. 相关推荐 items "n. title".')
    return 't20_zhongyi_copy_wap.txt', utf8_bom(text), gold


def t21_zhishi_copy_split(pool):
    """Text copy where every label and its value are on separate lines; a stray 会议论文 in the related list."""
    disc = ('地理学',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    lines = article(['1 研究区概况', '2 数据与方法', '3 结果分析', '4 结论与讨论'], paras, 'PHPHPHPHP')
    rel_rows = pool.take(6, disc, start=680)
    related = snips(rel_rows, base=44, step=15, span=40)
    week = [r['title'] for r in pool.take(4, start=30)]
    out = ['知识文库网', '首页 | 分类 | 排行榜 | 上传 | 登录', main['title'], '来源', '《地理科学研究》2016年第3期', '被引量', '８',
           '上传用户', 'geo_lin', '页数', '5页', '下载文档', 'VIP免费下载', '文档内容']
    out += [t for _, t in lines]
    out += ['- 5 -', '相关文献']
    rel_lines = list(related)
    rel_lines.insert(3, '会议论文')
    out += rel_lines
    out += ['本周排行'] + week
    out += ['知识文库网 © 2023 浙ICP备19004321号']
    text = '\n'.join(out) + '\n'
    gold = record(main['title'], '地理科学研究', 8, 'geo_lin', [], [], None, lines, related, 'utf-8',
                  'Plain-text copy of a flex layout where each label is on its own line and its value on the next '
                  '(来源 / 《…》year-issue, 被引量 / ８ in a full-width digit, 上传用户 / name, 页数 / 5页). Label '
                  '文档内容 and page number "- 5 -" are chrome. 相关文献 = snippets with a stray 会议论文 line; '
                  '本周排行 is not related.')
    return 't21_zhishi_copy_split.txt', text.encode('utf-8'), gold


def t22_zhiyuan_scholar_landing(pool):
    """Scholar-search record page: abstract only (body ""), 出处, a '全部来源' line that is not the source."""
    disc = ('应用经济学',)
    main = pool.one(disc, main=True)
    authors = ['孙立新', '陈晨']
    rel_rows = pool.take(5, disc, start=740)
    related = [r['title'] for r in rel_rows]
    rel_au = ['王志刚', '李红梅', '赵文', '刘海涛', '钱晓明']
    rel_jn = ['经济研究参考', '财经问题研究', '金融与经济', '宏观经济管理', '国际经贸探索']
    rel_html = '\n'.join(
        f'<div class="sim_item"><a class="sim_t" href="/paper/{A(str(9100 + i))}">{E(t)}</a>'
        f'<p class="sim_i">{a} - 《{j}》 - 被引量: {i + 1} - {2011 + i}年</p></div>'
        for i, (t, a, j) in enumerate(zip(related, rel_au, rel_jn)))
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{E(main['title'])}_知源学术搜索</title>
<link rel="stylesheet" href="/static/sc/detail.css">
<script>var _paperId="9a3c51e07f"; var _q="{A(main['keywords'][0])}";</script>
</head>
<body>
<div id="head"><a class="logo" href="/">知源学术</a><form action="/s"><input name="wd" value="{A(main['keywords'][0])}"><button>搜论文</button></form><div class="user"><a href="/passport/login">登录</a></div></div>
<div id="dtl_l">
<div class="main-info">
<h3 class="sc_title"><a href="/paper/9a3c51e07f" target="_blank">{E(main['title'])}</a></h3>
<div class="author_wr"><span class="label">作者：</span><a href="/s?author=孙立新">孙立新</a>，<a href="/s?author=陈晨">陈 晨</a></div>
<div class="abstract_wr"><p class="label">摘要：</p><p class="abstract">{E(main['abstract'])}</p></div>
<div class="kw_wr"><p class="label">关键词：</p>{'；'.join(f'<a href="/s?wd={A(k)}">{E(k)}</a>' for k in main['keywords'])}</div>
<div class="doi_wr"><p class="label">DOI：</p>10.13781/j.cnki.1007-9572.2014.03.009</div>
<div class="publish_wr"><p class="label">出处：</p><a href="/journal/jjyjqy">《经济研究前沿》</a> 2014年 第3期</div>
<div class="ref_wr"><p class="label">被引量：</p><a href="/cite/9a3c51e07f">12</a></div>
<div class="allversion_wr">全部来源：<a href="#">知库学术</a>、<a href="#">中文期刊网</a>、<a href="#">学术之家</a>（共4个版本）</div>
<div class="btns"><a class="dl" href="javascript:;">免费下载</a><a class="cite" href="javascript:;">引用</a><a class="fav" href="javascript:;">收藏</a></div>
</div>
<div class="sim_wr"><h3>相似文献</h3>
{rel_html}
</div>
</div>
<div id="dtl_r"><div class="box"><h3>热门文献</h3><p><a href="/paper/1">数字经济与高质量发展研究综述</a></p><p><a href="/paper/2">乡村振兴战略的理论逻辑</a></p></div></div>
<div id="foot">©2023 知源学术 京ICP证030173号</div>
</body>
</html>
'''
    gold = record(main['title'], '经济研究前沿', 12, None, authors, main['keywords'], main['abstract'], '',
                  related, 'utf-8',
                  'Scholar-search record page (metadata only, body ""): labels as separate <p class="label"> '
                  'elements (作者, 摘要, 关键词, DOI, 出处, 被引量); author 陈 晨 spaced. A 全部来源 line lists '
                  'database names and is not the source. 相似文献 items are titles followed by a line '
                  '"author - 《journal》 - 被引量: n - year" that is not part of the item. 热门文献 box not related.')
    return 't22_zhiyuan_scholar_landing.html', page.encode('utf-8'), gold


def t23_wenxiangang_grouped(pool):
    """Related list grouped under 期刊 / 学位论文 / 会议论文 headers, items '[n] title' + metadata."""
    disc = ('工商管理',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(5, disc))
    lines = article(['一、引言', '二、研究设计', '（一）样本选择', '（二）变量定义', '三、实证结果', '四、结论与建议'],
                    paras, 'HPHHPHPHPHP')
    rel_rows = pool.take(7, disc + ('应用经济学', '理论经济学'), start=800)
    related = [r['title'] for r in rel_rows]
    meta = ['管理世界研究, 2015', '南开管理评论, 2016', '会计研究论丛, 2014', '南开大学 硕士 2016',
            '厦门大学 博士 2015', '中国管理学年会 2017', '全国会计学术年会 2016']
    li = [f'<li><span class="no">[{i}]</span> <a href="/wx/{40020 + i * 37}.html">{E(t)}</a> <span class="mt">{m}</span></li>'
          for i, (t, m) in enumerate(zip(related, meta), 1)]
    rel_html = ('<div class="grp">期刊</div>\n<ul>\n' + '\n'.join(li[:3]) + '\n</ul>\n'
                '<div class="grp">学位论文</div>\n<ul>\n' + '\n'.join(li[3:5]) + '\n</ul>\n'
                '<div class="grp">会议论文</div>\n<ul>\n' + '\n'.join(li[5:]) + '\n</ul>')
    page = f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{E(main['title'])} - 文献港</title>
<link rel="stylesheet" href="//s.wenxiangang.com/css/v2/doc.css">
</head>
<body>
<div class="wxg-top"><div class="c"><a class="logo" href="/">文献港</a><a href="/login">登录</a><a href="/signup">注册</a><a href="/vip" class="vip">开通VIP</a></div></div>
<div class="c wxg-crumb"><a href="/">文献港</a> / <a href="/guanli/">管理学</a> / <a href="/guanli/gongshang/">工商管理</a></div>
<div class="c wxg-body">
<div class="wxg-doc">
<h1>{E(main['title'])}</h1>
<div class="wxg-meta"><span>来源：《管理科学与实践》2017年第10期</span> · <span>被引次数：5</span> · <span>上传者：<a href="/u/mba_chen">mba_chen</a></span> · <span>8页</span></div>
<div class="wxg-abs"><h4>摘要</h4><p>{E(main['abstract'])}</p></div>
<div class="wxg-kw"><h4>关键词</h4><p>{' '.join(f'<a href="/kw/{A(k)}" class="tag">{E(k)}</a>' for k in main['keywords'])}</p></div>
<div class="wxg-text">
{render(lines, h='<h4 class="sec">{}</h4>', p='<p>{}</p>')}
</div>
<div class="wxg-more"><a href="javascript:;">登录后下载全文</a> <a href="javascript:;">VIP免费下载</a></div>
<div class="wxg-rel">
<h3>相关文献</h3>
{rel_html}
</div>
</div>
</div>
<div class="wxg-foot">文献港 © 2023 <a href="https://beian.miit.gov.cn/">津ICP备18004567号</a></div>
</body>
</html>
'''
    gold = record(main['title'], '管理科学与实践', 5, 'mba_chen', [], main['keywords'], main['abstract'], lines,
                  related, 'utf-8',
                  'Document page with 摘要 / 关键词 as <h4> headings above their text (keywords as tag links '
                  'separated by spaces). 相关文献 is grouped under 期刊 / 学位论文 / 会议论文 header lines (not '
                  'items); items are "[n] title" plus a journal-year or school-degree-year span (not part of the '
                  'item). Chinese-numbered headings 一、 and （一）.')
    return 't23_wenxiangang_grouped.html', page.encode('utf-8'), gold


def t24_snapshot_highlight(pool):
    """Search-engine snapshot: a banner (快照来源) above the page, query terms highlighted with <b> in the text."""
    disc = ('法学',)
    main = pool.one(disc, main=True)
    paras = abstracts(pool.take(4, disc))
    lines = article(['一、问题的提出', '二、比较法考察', '三、完善路径'], paras, 'HPHPPHP')
    authors = ['杨帆']
    rel_rows = pool.take(5, disc, start=860)
    related = [r['title'] for r in rel_rows]
    terms = [main['title'][:4], main['keywords'][0], '制度']      # the query words the snapshot highlights
    assert any(terms[2] in p for p in paras)

    def hl(s):
        s = E(s)
        for t in terms:
            s = s.replace(E(t), f'<b style="color:black;background-color:#ffff66">{E(t)}</b>')
        return s

    page = f'''<!DOCTYPE html>
<html>
<head>
<meta http-equiv="content-type" content="text/html;charset=utf-8">
<title>{E(main['title'])}_法学论文网</title>
<style>#sbar{{font:12px arial;background:#f5f5f5;border-bottom:1px solid #ccc;padding:6px}}</style>
</head>
<body>
<div id="sbar">您查询的关键词是：{'&nbsp;'.join(f'<b style="color:black;background-color:#ffff66">{E(t)}</b>' for t in terms)}。如果打开速度慢，可以尝试快速版；如果想更新或删除快照，可以投诉快照。<br>
这是 http://www.fxlunwen.net/lw/2018/0312/5521.html 的快照，是网页在2019年6月3日 08:12:35的存档。快照来源：www.fxlunwen.net，快照内容与原网页可能不同，本站与网页内容无关。<a href="http://www.fxlunwen.net/lw/2018/0312/5521.html">查看原网页</a></div>
<div style="position:relative">
<div class="fx-top"><a href="http://www.fxlunwen.net/">法学论文网</a> | <a href="http://www.fxlunwen.net/login.php">登录</a> | <a href="http://www.fxlunwen.net/reg.php">注册</a></div>
<div class="fx-nav"><a href="http://www.fxlunwen.net/">首页</a> <a href="http://www.fxlunwen.net/minfa/">民商法</a> <a href="http://www.fxlunwen.net/xingfa/">刑法</a> <a href="http://www.fxlunwen.net/xingzheng/">行政法</a></div>
<div class="fx-article">
<h1>{hl(main['title'])}</h1>
<p class="fx-info">出处：《法学研究与实践》2018年第2期　作者：{authors[0]}　被引次数：1　发布时间：2018-03-12</p>
<p class="fx-abs">摘要：{hl(main['abstract'])}</p>
<p class="fx-kw">关键词：{'；'.join(hl(k) for k in main['keywords'])}</p>
<div class="fx-content">
{chr(10).join(f'<p><strong>{hl(t)}</strong></p>' if k == 'h' else f'<p>{hl(t)}</p>' for k, t in lines)}
</div>
<div class="fx-down"><a href="http://www.fxlunwen.net/down.php?id=5521">论文下载</a></div>
<div class="fx-rel"><h3>相关论文</h3><ul>
{chr(10).join(f'<li><a href="http://www.fxlunwen.net/lw/{5500 + i}.html">{i}. {E(t)}</a></li>' for i, t in enumerate(related, 1))}
</ul></div>
<div class="fx-stmt">声明：本站论文来源于网络，仅供学习参考，如涉及版权问题请联系删除。</div>
</div>
<div class="fx-foot">法学论文网 版权所有 桂ICP备12003456号</div>
</div>
</body>
</html>
'''
    gold = record(main['title'], '法学研究与实践', 1, None, authors, main['keywords'], main['abstract'], lines,
                  related, 'utf-8',
                  'Search-engine snapshot (网页快照): a banner above the page ("您查询的关键词是…", "快照来源：www…" '
                  'which is not a source), then the original page where the query term is wrapped in <b '
                  'style="background-color:#ffff66"> inside the title, abstract, keywords and paragraphs (text '
                  'unchanged). 出处 《…》 with issue; a 声明 "本站论文来源于网络" that is not a source. 相关论文 '
                  'links whose text starts with the number "1. " (numbering not part of the item).')
    return 't24_snapshot_highlight.html', page.encode('utf-8'), gold


CASES = [t01_boya_table, t02_wanjuan_brdiv, t03_xuewentong_wap, t04_wendangku_savedas, t05_journal_xhtml,
         t06_yizhi_dl_gb18030, t07_qianyan_article, t08_huawen_enabs, t09_dianli_fake_utf8,
         t10_zhikan_landing_utf16, t11_huayan_big5, t12_yidu_collapsed, t13_yuye_nodecl_gbk, t14_xuewen_utf16le,
         t15_ruisi_mht_qp, t16_shuxiang_mht_b64, t17_huizhi_copy_table, t18_baichuan_copy_gbk,
         t19_zhixing_copy_journal, t20_zhongyi_copy_wap, t21_zhishi_copy_split, t22_zhiyuan_scholar_landing,
         t23_wenxiangang_grouped, t24_snapshot_highlight]


# ====================================================================== self-check
def _norm(s):
    s = unicodedata.normalize('NFKC', s or '')
    return re.sub(r'\s+', '', s.replace('\ufeff', ''))


_INVISIBLE = [r'<!--.*?-->', r'<script\b.*?</script>', r'<style\b.*?</style>', r'<noscript\b.*?</noscript>',
              r'<template\b.*?</template>', r'<(\w+)\b[^>]*(?:display:\s*none|\shidden\b)[^>]*>.*?</\1>']


def page_text(path, encoding):
    """(visible text, invisible text) of a page, decoded with the gold encoding (strictly)."""
    data = open(path, 'rb').read()
    if path.endswith(('.mht', '.mhtml')):
        msg = email.message_from_bytes(data)
        assert msg.is_multipart(), path
        parts = [p for p in msg.walk() if p.get_content_type() == 'text/html']
        assert len(parts) == 1, path
        data = parts[0].get_payload(decode=True)
    text = data.decode(encoding)
    if not path.endswith(('.html', '.xhtml', '.mht', '.mhtml')):
        return text, ''
    hidden = []
    for pat in _INVISIBLE:
        hidden += [m.group(0) for m in re.finditer(pat, text, re.S | re.I)]
        text = re.sub(pat, ' ', text, flags=re.S | re.I)
    text = re.sub(r'<[^>]+>', '', text)
    return html.unescape(text), html.unescape(re.sub(r'<[^>]+>', '', ' '.join(hidden)))


def check_case(path, gold):
    problems = []
    visible, hidden = page_text(path, gold['encoding'])
    vis, hid = _norm(visible), _norm(hidden)

    def need(label, s):
        if s and _norm(s).strip('《》') not in vis:
            problems.append(f'{label} not shown: {s[:40]!r}')

    need('title', gold['title'])
    need('source', gold['source'])
    need('uploader', gold['uploader'])
    need('abstract', gold['abstract'])
    for a in gold['authors']:
        need('author', a)
    for k in gold['keywords']:
        need('keyword', k)
    if gold['citations'] is not None and str(gold['citations']) not in unicodedata.normalize('NFKC', visible):
        problems.append('citation count not shown')
    pos = 0
    for line in [x for x in gold['body'].split('\n') if x]:
        i = vis.find(_norm(line), pos)
        if i < 0:
            problems.append(f'body line missing or out of order: {line[:30]!r}')
        else:
            pos = i + 1
        if len(line) > 20 and _norm(line) in hid:
            problems.append(f'body line also hidden: {line[:30]!r}')
    pos = 0
    for item in gold['related']:
        i = vis.find(_norm(item), pos)
        if i < 0:
            problems.append(f'related item missing or out of order: {item[:30]!r}')
        else:
            pos = i + 1
    if gold['abstract'] and gold['body'] and _norm(gold['abstract']) in _norm(gold['body']):
        problems.append('abstract copied into body')
    return problems


def main(argv):
    csl = argv[1] if len(argv) > 1 else DEFAULT_CSL
    rows = load_rows(csl)
    reserved = ['csl-dev-' + i for i in [BIG5_ROWS['main']] + BIG5_ROWS['body'] + BIG5_ROWS['related']]
    pool = Pool(rows, reserved)
    bad = 0
    for make in CASES:
        name, data, gold = make(pool)
        gold = {k: gold[k] for k in KEY_ORDER}
        stem = name.rsplit('.', 1)[0]
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(data)
        with open(os.path.join(HERE, stem + '.gold.json'), 'w', encoding='utf-8') as f:
            json.dump(gold, f, ensure_ascii=False, indent=1)
            f.write('\n')
        with open(os.path.join(HERE, stem + '.gold.json'), encoding='utf-8') as f:
            json.load(f)
        problems = check_case(os.path.join(HERE, name), gold)
        bad += bool(problems)
        print(f'{name:36s} {gold["encoding"]:10s} {len(data):7d} bytes  '
              f'{"ok" if not problems else "PROBLEMS: " + "; ".join(problems)}')
    print(f'{len(CASES)} cases written to {HERE}; {bad} with problems')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
