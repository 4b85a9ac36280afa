"""Input forms and refusals: MHTML, text copies, damaged pages, and what is not a page."""
from __future__ import annotations

import base64
import gzip
import io
import quopri
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import NotAPageError, WenyuanError
from archive.page import MAX_PAGE_BYTES, parse_page, read_page

TITLE = "水运工程施工项目全过程管理的有效性探索"
PARA = ("水运工程项目作为我国航运和水利的重要组成部分,其重要性不言而喻.針對現階段水运工程项目建设和"
        "运行过程中存在的管理制度不够完善、施工材料耗损大、技术人员专业知识匮乏等问题,朱镕基。")
HTML = (f"<!DOCTYPE html><html><head><meta charset=\"{{cs}}\"><title>{TITLE} - 文库</title></head>"
        f"<body><h1>{TITLE}</h1><div>来源：水运工程 | 被引量：5次</div><p>{PARA}</p>"
        f"<h3>相关文献</h3><ul><li><a href=\"/x\">基于粮食安全视角的粮食行业结构优化研究</a></li></ul>"
        f"</body></html>")


def mhtml(html_bytes: bytes, charset: str, transfer: str) -> bytes:
    if transfer == "base64":
        payload = base64.encodebytes(html_bytes)
    else:
        payload = quopri.encodestring(html_bytes)
    return (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/p/1.html\r\n"
            b"Subject: =?utf-8?Q?x?=\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----B\"\r\n\r\n"
            b"------B\r\nContent-Type: text/html; charset=\"" + charset.encode() + b"\"\r\n"
            b"Content-Transfer-Encoding: " + transfer.encode() + b"\r\n"
            b"Content-Location: https://example.org/p/1.html\r\n\r\n" + payload +
            b"\r\n------B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            b"iVBORw0KGgo=\r\n------B--\r\n")


def check(rec) -> None:
    assert rec.title == TITLE
    assert rec.source == "水运工程" and rec.citations == 5
    assert rec.body == PARA
    assert [r.text for r in rec.related] == ["基于粮食安全视角的粮食行业结构优化研究"]


def test_mhtml_quoted_printable_part_with_encoded_charset_attribute():
    # quoted-printable turns charset="utf-8" inside the HTML into charset=3D"utf-8".
    data = mhtml(HTML.replace("{cs}", "utf-8").encode("utf-8"), "utf-8", "quoted-printable")
    assert b'=3D"utf-8"' in data
    parsed = parse_page(data, name="page.mht")
    check(parsed.record)
    assert parsed.form == "mhtml" and parsed.record.encoding == "utf-8"
    assert parsed.url == "https://example.org/p/1.html"


def test_mhtml_base64_gbk_part():
    data = mhtml(HTML.replace("{cs}", "gb2312").encode("gbk"), "gb2312", "base64")
    parsed = parse_page(data, name="page.mhtml")
    check(parsed.record)
    assert parsed.record.encoding in ("gbk", "gb18030")


def test_mhtml_is_recognised_without_its_extension():
    data = mhtml(HTML.replace("{cs}", "utf-8").encode("utf-8"), "utf-8", "base64")
    assert parse_page(data, name="download").form == "mhtml"


def test_saved_from_url_comment_gives_the_page_url():
    html = "<!-- saved from url=(0031)https://example.org/doc/12.html -->\n" + HTML.replace("{cs}", "utf-8")
    assert parse_page(html.encode("utf-8"), name="a.html").url == "https://example.org/doc/12.html"


def test_xhtml_with_xml_declaration_in_gbk():
    x = HTML.replace("{cs}", "gbk").replace("<!DOCTYPE html>", '<?xml version="1.0" encoding="gbk"?>')
    check(parse_page(x.encode("gbk"), name="a.xhtml").record)


def test_utf16_page_with_bom():
    check(parse_page(HTML.replace("{cs}", "utf-16").encode("utf-16"), name="a.htm").record)


def test_html_cut_mid_tag_still_parses():
    data = HTML.replace("{cs}", "utf-8").encode("utf-8")
    cut = data[: data.index(b"<h3>") + 6]
    rec = parse_page(cut, name="cut.html").record
    assert rec.title == TITLE and rec.body == PARA


def test_stray_nul_bytes_are_ignored():
    data = HTML.replace("{cs}", "utf-8").encode("utf-8").replace(b"<p>", b"<p>\x00\x00")
    check(parse_page(data, name="nul.html").record)


def test_invalid_byte_sequences_lose_only_themselves():
    data = HTML.replace("{cs}", "utf-8").encode("utf-8")
    at = data.index("针".encode("utf-8")) if "针" in HTML else data.index(b"<p>") + 3
    bad = data[:at] + b"\xff\xfe" + data[at:]
    parsed = parse_page(bad, name="bad.html")
    assert parsed.record.title == TITLE and parsed.decode_errors == 2
    assert PARA in parsed.record.body


# ------------------------------------------------------------------ refusals

def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.html", HTML)
    return buf.getvalue()


@pytest.mark.parametrize("name, data, reason", [
    ("empty.html", b"", "empty"),
    ("blank.txt", b"  \n\r\n\t ", "empty"),
    ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    ("photo.html", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "JPEG"),
    ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("pages.zip", _zip_bytes(), "zip"),
    ("pages.html.gz", gzip.compress(HTML.encode()), "gzip"),
    ("random.bin", bytes((i * 7919) % 256 for i in range(5000)), "binary"),
])
def test_non_pages_are_refused_with_a_reason(name, data, reason):
    with pytest.raises(NotAPageError) as e:
        parse_page(data, name=name)
    assert reason.lower() in str(e.value).lower()


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "huge.html"
    with big.open("wb") as f:
        f.truncate(MAX_PAGE_BYTES + 1)
    with pytest.raises(NotAPageError) as e:
        read_page(big)
    assert "too large" in str(e.value) and str(big) in str(e.value)


def test_refusal_names_the_file(tmp_path):
    p = tmp_path / "empty.html"
    p.write_bytes(b"")
    with pytest.raises(NotAPageError) as e:
        read_page(p)
    assert str(e.value).startswith(str(p))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(NotAPageError) as e:
        read_page(tmp_path / "nope.html")
    assert "cannot read" in str(e.value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(lambda a, b: (HTML.replace("{cs}", "utf-8")[:a] + b).encode("utf-8", "surrogatepass"),
              st.integers(0, len(HTML)), st.text(max_size=200)),
))
def test_no_byte_string_makes_the_parser_raise_anything_but_our_error(data):
    try:
        parsed = parse_page(data, name="x")
    except WenyuanError:
        return
    assert isinstance(parsed.record.title, str) and isinstance(parsed.record.body, str)
