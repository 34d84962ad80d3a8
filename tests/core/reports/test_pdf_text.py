"""The PDF text-layer repair without Qt: ToUnicode CMaps, choosing a glyph's text, reading installed fonts."""
from __future__ import annotations

import pytest

from core.reports import pdf_fonts
from core.reports.pdf_text import TextCounts, build_to_unicode, choose_text, looks_wrong, parse_to_unicode

# What Qt 6 writes: ranges as arrays, a range counting up from a start, and glyph 0 mapped to 0.
QT_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfrange
<0000> <0000> <0000>
<0001> <0003> [<2F00> <2F2F> <2EA0> ]
<0010> <0013> <0030>
endbfrange
2 beginbfchar
<0020> <20142014>
<0021> <D840DC00>
endbfchar
endcmap
"""


def test_parse_to_unicode_reads_arrays_counting_ranges_and_multi_character_entries():
    entries = parse_to_unicode(QT_CMAP)
    assert entries[1] == "⼀" and entries[2] == "⼯" and entries[3] == "⺠"
    assert [entries[c] for c in range(0x10, 0x14)] == ["0", "1", "2", "3"]
    assert entries[0x20] == "——"
    assert entries[0x21] == "\U00020000"  # a surrogate pair: CJK Extension B


def test_build_to_unicode_round_trips_in_sections_of_at_most_100():
    entries = {cid: chr(0x4E00 + cid) for cid in range(1, 251)} | {300: "——", 301: "\U00020000"}
    data = build_to_unicode(entries)
    assert parse_to_unicode(data) == entries
    assert data.count(b"beginbfchar") == 3 and b"100 beginbfchar" in data


def test_choose_text_follows_the_document():
    counts = TextCounts("一是行政工作，人民满意——全年一次。⼀")
    assert choose_text(["一", "⼀"], "⼀", counts) == "一"  # both used: the more frequent
    assert choose_text(["⸺", "——"], "⸺", counts) == "——"
    assert choose_text(["―", "—"], "―", TextCounts("破折号—")) == "—"
    assert choose_text(["一", "⼀"], "⼀", TextCounts("康熙部首⼀")) == "⼀"  # a real radical stays


def test_choose_text_without_the_text_prefers_ideographs_and_keeps_ties():
    assert choose_text(["民", "⺠"], "⺠", None) == "民"
    assert choose_text(["―", "—"], "―", None) == "―"  # nothing to tell them apart: the writer's choice
    assert choose_text([], "⼀", None) == "一"  # no other candidate: NFKC folds the radical


def test_what_looks_wrong():
    counts = TextCounts("一工—")
    assert looks_wrong("⼀", None) and looks_wrong("\t", None) and looks_wrong("", None)
    assert looks_wrong("―", counts) and not looks_wrong("—", counts) and not looks_wrong("一", counts)


def test_postscript_name_drops_the_subset_tag():
    assert pdf_fonts.postscript_name("/QXAAAA+NotoSerifCJKsc-Regular") == "NotoSerifCJKsc-Regular"
    assert pdf_fonts.postscript_name("NotoSerifCJKsc-Regular") == "NotoSerifCJKsc-Regular"
    assert pdf_fonts.postscript_name("SimSun") == "SimSun"


def _noto_cjk() -> pdf_fonts.SourceFont:
    font = pdf_fonts.find_font("NotoSerifCJKsc-Regular") or pdf_fonts.find_font("NotoSansCJKsc-Regular")
    if font is None:
        pytest.skip("Noto CJK SC is not installed")
    return font


def test_read_cmap_agrees_with_fonttools():
    from fontTools.ttLib import TTFont

    source = _noto_cjk()
    font = TTFont(str(source.path), fontNumber=source.index, lazy=True)
    expected = {cp: font.getGlyphID(name) for cp, name in font.getBestCmap().items()}
    assert source.cmap == expected


def test_noto_cjk_shares_glyphs_and_substitutes_dashes():
    source = _noto_cjk()
    assert source.spellings(source.cmap[ord("一")]) == ["⼀", "一"]
    assert source.cmap[ord("民")] == source.cmap[0x2EA0]
    # the Chinese em dash is the horizontal bar's glyph, reached from U+2014 through `locl`
    bar = source.cmap[0x2015]
    assert "—" in source.derived_texts(bar)
    # two em dashes make one glyph through `ccmp`
    assert "——" in source.derived_texts(source.cmap[0x2E3A])
    assert source.cmap[0x2E3A] in source.reachable("——")
