"""Parser on awkward inputs: encodings, numbering forms, inline bodies, furniture, tails, bad files."""
from __future__ import annotations

import codecs
from datetime import date

import pytest
from docx import Document

from core.errors import ImportFileError
from core.reports import model, parse, textio

TEXT = """青山区政务服务数据管理局2025年度
法治政府建设情况报告
区委、区政府:
2025年，我局在区委、区政府的正确领导下，现将有关情况报告如下：
一、2025年度推进法治政府建设的主要举措和成效
(一)深入学习宣传《民法典》。一是组织集中学习。二是开展宣传。
（二）严格规范执法
1．完善制度。
（1）修订规程。
(2)开展培训。
2、加强监督。
3.强化考核。
二、存在的不足和原因
一是学法形式单一；二是考核不够严格。
国务院部门网站
贛公網安備 36010002000123號
网站标识码：3601000001
【字体：大 中 小】
三、主要负责人履行推进法治建设第一责任人职责情况
主要负责人带头学法。
四、2026年度推进法治政府建设的主要安排
继续做好学法工作。
五、其他需要报告的情况
无。
青山区政务服务数据管理局
2026年1月9日
（联系人：李文静，联系电话：0791-86661234）
"""


def _lines(text):
    return parse.parse_text(text)


def test_full_structure_from_mixed_forms():
    parsed = _lines(TEXT)
    r = parsed.report
    assert r.title == "青山区政务服务数据管理局2025年度法治政府建设情况报告"
    assert r.recipient == "区委、区政府"
    assert r.opening == ["2025年，我局在区委、区政府的正确领导下，现将有关情况报告如下："]
    assert [s.kind for s in r.sections] == list(model.KINDS)
    first = r.sections[0]
    assert first.children[0].heading == "深入学习宣传《民法典》。"
    assert first.children[0].body == ["一是组织集中学习。二是开展宣传。"]
    second = first.children[1]
    assert [c.heading for c in second.children] == ["完善制度。", "加强监督。", "强化考核。"]
    assert [c.heading for c in second.children[0].children] == ["修订规程。", "开展培训。"]
    assert r.sections[1].body == ["一是学法形式单一；二是考核不够严格。"]
    assert r.signature == "青山区政务服务数据管理局" and r.issued_on == date(2026, 1, 9)
    assert r.contact == "（联系人：李文静，联系电话：0791-86661234）"
    assert r.dropped == ["国务院部门网站", "贛公網安備 36010002000123號", "网站标识码：3601000001", "【字体：大 中 小】"]
    assert r.year == 2025 and not r.import_findings


def test_level_one_line_is_a_heading_whole():
    r = _lines("一、主要举措和成效。我们做了很多。\n内容。\n").report
    assert r.sections[0].heading == "主要举措和成效。我们做了很多。" and r.sections[0].body == ["内容。"]


def test_skipped_level_and_numbering_findings():
    text = "一、主要举措\n1.甲。\n3.乙。\n3.丙。\n二、存在的不足\n（二）丁\n"
    r = _lines(text).report
    assert [c.level for c in r.sections[0].children] == [3, 3, 3]
    assert [n for _, n, _ in model.numbered(r)][:4] == ["一、", "1.", "2.", "3."]
    messages = [f["message"] for f in r.import_findings]
    assert len(messages) == 3
    assert "跳号" in messages[0] and "重复" in messages[1] and "跳号" in messages[2]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings_detected(tmp_path, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode(encoding))
    parsed = parse.parse_file(path)
    assert parsed.report.title.startswith("青山区政务服务数据管理局")
    assert len(parsed.report.sections) == 5


def test_gbk_without_ascii_lines(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("一、主要举措和成效\r\n认真学习。\r\n".encode("gb18030"))
    assert parse.parse_file(path).report.sections[0].body == ["认真学习。"]


@pytest.mark.parametrize("payload, words", [
    (b"", "空文件"),
    (b"   \r\n\r\n", "空文件"),
    (bytes(range(256)) * 20, "编码"),
    (b"\x00\x01\x02\x03\xff\xfe\xfd" * 50, "编码"),
])
def test_bad_text_files_refused(tmp_path, payload, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(payload)
    with pytest.raises(ImportFileError) as exc:
        parse.parse_file(path)
    assert words in exc.value.message


def test_text_without_headings_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("这是一段普通的文字，没有任何编号。", encoding="utf-8")
    with pytest.raises(ImportFileError, match="章节标题"):
        parse.parse_file(path)


def test_corrupt_and_wrong_type_files(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFileError, match="Word"):
        parse.parse_file(bad)
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError, match=".docx"):
        parse.parse_file(old)
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportFileError, match="不支持"):
        parse.parse_file(other)


def test_docx_headings_by_style_only(tmp_path):
    doc = Document()
    doc.add_paragraph("某局2025年度法治政府建设情况报告", style="Title")
    doc.add_paragraph("开头一段。")
    doc.add_paragraph("主要举措和成效", style="Heading 1")
    doc.add_paragraph("深入学习", style="Heading 2")
    doc.add_paragraph("正文一。")
    doc.add_paragraph("存在的不足和原因", style="Heading 1")
    doc.add_paragraph("一是……")
    path = tmp_path / "styled.docx"
    doc.save(path)
    r = parse.parse_file(path).report
    assert r.title == "某局2025年度法治政府建设情况报告" and r.opening == ["开头一段。"]
    assert [s.heading for s in r.sections] == ["主要举措和成效", "存在的不足和原因"]
    assert r.sections[0].children[0].heading == "深入学习" and r.sections[0].children[0].body == ["正文一。"]
    assert [s.kind for s in r.sections] == ["achievements", "shortcomings"]


def test_docx_headings_by_numbering_only(tmp_path):
    doc = Document()
    for line in TEXT.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "plain.docx"
    doc.save(path)
    r = parse.parse_file(path).report
    assert len(r.sections) == 5 and r.issued_on == date(2026, 1, 9)
    assert r.sections[0].children[1].children[0].children[1].heading == "开展培训。"


def test_decode_reports_encoding():
    text, enc = textio.decode("一、主要举措".encode("gb18030"))
    assert text == "一、主要举措" and enc == "gb18030"
    assert textio.decode(codecs.BOM_UTF8 + "一、甲".encode())[1] == "utf-8-sig"
