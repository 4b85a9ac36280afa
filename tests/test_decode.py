"""Decoding: BOM first, then UTF-8, then a declaration that decodes cleanly, then detection."""
from __future__ import annotations

import codecs

from archive.decode import decode, declared_charset, normalize_codec

CHUANG = "創新驱动背景下，朱镕基同志提出了分光节点的鲁棒配置算法，解决全光网络中的问题。"


def html(body: str, charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


def test_gbk_page_declared_gb2312_keeps_chuang_and_rong():
    data = html(CHUANG, "gb2312").encode("gbk")
    d = decode(data)
    assert d.errors == 0
    assert "創新" in d.text and "镕" in d.text
    assert d.codec == "gbk"


def test_gb2312_declaration_is_widened_to_gb18030():
    assert normalize_codec("GB2312") == "gb18030"
    assert normalize_codec("x-gbk") == "gb18030"


def test_gb18030_four_byte_character_is_reported_as_gb18030():
    text = CHUANG + "\U00020000" + "€"
    d = decode(html(text, "gbk").encode("gb18030"))
    assert d.codec == "gb18030"
    assert "\U00020000" in d.text


def test_declared_utf8_but_gbk_bytes_is_detected_as_gbk():
    data = html(CHUANG * 3, "utf-8").encode("gbk")
    d = decode(data)
    assert d.codec in ("gbk", "gb18030")
    assert CHUANG in d.text and d.errors == 0


def test_utf8_page_declared_gbk_stays_utf8():
    d = decode(html(CHUANG, "gbk").encode("utf-8"))
    assert d.codec == "utf-8" and CHUANG in d.text


def test_undeclared_gbk_text_is_detected():
    d = decode((CHUANG * 4).encode("gbk"))
    assert d.codec in ("gbk", "gb18030") and d.text == CHUANG * 4


def test_big5_traditional_page_is_detected():
    text = "資訊科學與網路通訊技術之研究，本文探討臺灣地區學術期刊之發展歷程與現況。" * 3
    d = decode(text.encode("big5"))
    assert codecs.lookup(d.codec).name in ("big5", "big5hkscs", "cp950")
    assert d.text == text


def test_declared_big5_is_used():
    text = "資訊科學與網路通訊技術之研究"
    d = decode(html(text, "big5").encode("big5"))
    assert text in d.text


def test_utf8_bom_is_removed_and_reported_as_utf8():
    d = decode(codecs.BOM_UTF8 + CHUANG.encode("utf-8"))
    assert d.codec == "utf-8" and d.text == CHUANG


def test_utf16_with_bom():
    d = decode(html(CHUANG, None).encode("utf-16"))
    assert d.codec == "utf-16" and CHUANG in d.text


def test_utf16_le_without_bom_is_recognised_by_its_nul_pattern():
    d = decode(html(CHUANG, None).encode("utf-16-le"))
    assert d.codec == "utf-16-le" and CHUANG in d.text


def test_utf16_be_without_bom():
    d = decode(html(CHUANG, None).encode("utf-16-be"))
    assert d.codec == "utf-16-be" and CHUANG in d.text


def test_http_content_type_charset_is_a_declaration():
    data = ("<p>" + CHUANG + "</p>").encode("gbk")
    d = decode(data, declared="gbk")
    assert d.codec == "gbk" and CHUANG in d.text


def test_damaged_utf8_loses_only_the_bad_bytes():
    good = html(CHUANG * 5, "utf-8").encode("utf-8")
    at = good.index("朱".encode("utf-8"))
    cut = good[:at] + b"\xff\xfe\xfd" + good[at:]
    d = decode(cut)
    assert d.codec == "utf-8"
    assert d.errors == 3
    assert d.text.count("\ufffd") == d.errors
    assert "鲁棒配置算法" in d.text


def test_declaration_is_read_from_meta_http_equiv_and_xml():
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GBK">') == "GBK"
    assert declared_charset(b'<?xml version="1.0" encoding="gb2312"?><html/>') == "gb2312"
    assert declared_charset(b"<html><body>no declaration</body></html>") is None


def test_decode_never_raises_on_arbitrary_bytes():
    for data in (b"", b"\x00", bytes(range(256)), b"\xff" * 1001, b"\xfe\xff\xd8"):
        d = decode(data)
        assert isinstance(d.text, str)
