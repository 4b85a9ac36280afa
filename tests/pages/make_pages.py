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
    subj = email.header.Header(subject, 'gb2312' if charset == 'gb2312' else charset).encode(maxlinelen=76)
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
# form for these texts (了, 出, 表, 合, 才, 只, 系, 制, 面, 向, 致, 借 stay as they are).
S2T = dict(zip(
    '与业东两个为义乐乡争于亚亲仅从们价众会传体儿党兰关兴内冲决准击创剧务动势医历参发变叙围国图圣场'
    '坚垄处够学实审对寻将层并广库应庙开异弃张当态恶战户扑扩扰报担挥据断无时显术机权来杰构标树汉没济'
    '淀灵点热状独献环现电画着确种积称类纪纭纷组细织终绍绎经绕绘络统绪罗胜脉艺范药营虽见观规视计认讨'
    '让训议论讼设证该语读谈负贡质贴贸赖辑达过运还这进选逻酿释鉴锐门问阐阔阳阶际陈随须颅领颇题飞验鸦'
    '华网页线载录册书签览馆联湾台币权项简详编辑单击传',
    '與業東兩個為義樂鄉爭於亞親僅從們價眾會傳體兒黨蘭關興內衝決準擊創劇務動勢醫歷參發變敘圍國圖聖場'
    '堅壟處夠學實審對尋將層並廣庫應廟開異棄張當態惡戰戶撲擴擾報擔揮據斷無時顯術機權來傑構標樹漢沒濟'
    '澱靈點熱狀獨獻環現電畫著確種積稱類紀紜紛組細織終紹繹經繞繪絡統緒羅勝脈藝範藥營雖見觀規視計認討'
    '讓訓議論訟設證該語讀談負貢質貼貿賴輯達過運還這進選邏釀釋鑒銳門問闡闊陽階際陳隨須顱領頗題飛驗鴉'
    '華網頁線載錄冊書簽覽館聯灣臺幣權項簡詳編輯單擊傳'))


def to_trad(s):
    return ''.join(S2T.get(c, c) for c in s)


def trad_row(r):
    return {'id': r['id'], 'title': to_trad(r['title']), 'abstract': to_trad(r['abstract']),
            'keywords': [to_trad(k) for k in r['keywords']], 'discipline': r['discipline']}
