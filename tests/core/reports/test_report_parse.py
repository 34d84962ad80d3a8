"""Parser on awkward inputs: encodings, numbering forms, inline bodies, furniture, tails, bad files."""
from __future__ import annotations

import codecs
from datetime import date

import pytest
from docx import Document

from core.errors import ImportFileError
from core.reports import dates, model, numbering, parse, textio

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


# -- shapes the parser judges lines by (issue 10) --------------------------------------------------
def test_dates_as_reports_write_them():
    assert dates.line_date("2021年1月19日") == date(2021, 1, 19)
    assert dates.line_date("（2015年1月10日）") == date(2015, 1, 10)
    assert dates.line_date("2024 年 1 月 8 日") == date(2024, 1, 8)
    assert dates.line_date("二〇二三年一月十六日") == date(2023, 1, 16)
    assert dates.line_date("二○二四年元月十八日") == date(2024, 1, 18)
    assert dates.line_date("二〇二三年十二月三十一日") == date(2023, 12, 31)
    for not_a_date in ("2024-01-10", "18.03.2015 13:07", "截至2023年12月31日，共办理", "2023年2月30日"):
        assert dates.line_date(not_a_date) is None
    assert dates.organ_and_date("某局　2024年1月5日") == ("某局", date(2024, 1, 5))


@pytest.mark.parametrize("line, level, written", [
    ("1.完善制度", 3, 1), ("1．完善制度", 3, 1), ("1﹒完善制度", 3, 1), ("1、完善制度", 3, 1), ("⒉完善制度", 3, 2),
    ("１２．完善制度", 3, 12), ("（1）完善制度", 4, 1), ("(2)完善制度", 4, 2), ("⑶完善制度", 4, 3), ("④完善制度", 4, 4),
    ("（一）完善制度", 2, 1), ("(十二)、完善制度", 2, 12), ("三、完善制度", 1, 3), ("四.完善制度", 1, 4),
])
def test_every_numbering_form(line, level, written):
    found = numbering.heading_of(line)
    assert (found.level, found.written, found.text) == (level, written, "完善制度")


@pytest.mark.parametrize("line", ["1.5万人次参加培训", "2023年工作", "一是加强学习", "(APP)下载"])
def test_prose_is_not_a_heading(line):
    assert numbering.heading_of(line) is None


def test_pinyin_readings_removed_other_brackets_kept():
    assert textio.strip_pinyin("法治政府建設(shè)年度報告") == "法治政府建設年度報告"
    assert textio.strip_pinyin("滬府發(fā)〔2017〕92號") == "滬府發〔2017〕92號"
    assert textio.strip_pinyin("粤省事(APP)和纲要(2021)") == "粤省事(APP)和纲要(2021)"


def test_glued_heading_split_only_when_it_continues_a_sequence():
    text = ("一、主要举措和成效\n（一）学习。\n1.集中学法。全年12次。2.专题辅导。全年4次。\n"
            "主要做法：1、制定计划；2、落实考勤。（二）宣传。开展活动。二、存在的不足\n宣传不够。\n")
    r = _lines(text).report
    first = r.sections[0]
    assert [c.heading for c in first.children] == ["学习。", "宣传。"]
    assert [c.heading for c in first.children[0].children] == ["集中学法。", "专题辅导。"]
    assert first.children[0].children[1].body == ["全年4次。", "主要做法：1、制定计划；2、落实考勤。"]
    assert [s.heading for s in r.sections] == ["主要举措和成效", "存在的不足"]


def test_circled_numbers_under_parenthesised_ones_stay_prose():
    r = _lines("一、主要举措\n1.学法。\n（1）集中学。\n①宪法。\n②民法典。\n（2）自学。\n").report
    third = r.sections[0].children[0]
    assert [c.heading for c in third.children] == ["集中学。", "自学。"]
    assert third.children[0].body == ["①宪法。", "②民法典。"]


PAGE = """首页 > 政务公开 > 法治政府建设
今天是：2030年1月1日 星期二
某区司法局法治政府建设情况报告
发布时间：2024-02-01　来源：区司法局
区委、区政府：
一年来，我局认真履行职责，现将有关情况报告如下：
一、主要举措和成效
做了工作。
二、存在的不足和原因
还有不足。
某区司法局
2024年1月10日
国务院部门网站
地方政府网站
"""


def test_year_from_the_signature_date_never_from_furniture():
    parsed = _lines(PAGE)
    assert parsed.report.year == 2023 and parsed.report.issued_on == date(2024, 1, 10)
    assert "今天是：2030年1月1日 星期二" in parsed.dropped


def test_a_dropped_line_taken_back_lands_by_its_shape():
    parsed = _lines(PAGE)
    line = next(d for d in parsed.dropped_lines if d.text.startswith("发布时间"))
    again = parse.reparse(parsed, keep={line.number})
    assert line.text not in again.dropped and again.report.opening[0] == line.text
    assert again.report.recipient == "区委、区政府" and again.report.title == parsed.report.title
    links = [d.number for d in again.dropped_lines if d.text.endswith("网站")]
    back = parse.reparse(again, keep=set(again.options["keep"]) | set(links))
    assert back.report.sections[-1].body[-2:] == ["国务院部门网站", "地方政府网站"]
    assert back.report.signature == "某区司法局" and not back.dropped_lines[-1].text.endswith("网站")


def test_what_the_clerk_types_for_a_missing_title_and_signature(clock):
    parsed = parse.parse_text("一、主要举措和成效\n做了工作。\n", today=clock.today())
    assert parsed.missing == ["标题", "落款", "成文日期"] and parsed.report.year == clock.today().year - 1
    assert any("没有找到标题" in w for w in parsed.warnings)
    parse.amend(parsed, title="某局2019年度法治政府建设情况报告", signature="某局", issued_on=date(2020, 1, 6))
    assert parsed.missing == [] and parsed.report.year == 2019 and parsed.report.unit == "某局"
    assert not any("没有找到" in w for w in parsed.warnings)
