"""A spooled Word document is byte for byte the document python-docx writes from the whole tree (issue 13)."""
from __future__ import annotations

import zipfile
from datetime import UTC, datetime

from docx import Document

from core import officedoc
from core.docmeta import DocInfo
from core.docx_spool import BodySpool
from core.study import export_docx, sessions

INFO = DocInfo("测试区司法局", "学法记录表", datetime(2026, 5, 16, 8, 0, tzinfo=UTC))


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {m.filename: z.read(m) for m in z.infolist()}


def _build(doc, store, ids, after_each=lambda: None) -> None:
    for n, session_id in enumerate(ids):
        export_docx.add_record(doc, store, session_id, "区政数局", new_page=n > 0)
        after_each()
    officedoc.add_paragraph(doc, "特殊字符 <&> “引号” 与 制表\t符")


def test_spooled_document_equals_the_whole_tree(demo_store, tmp_path):
    ids = list(sessions.session_ids(demo_store, sessions.StudyFilter(year=2025)))[:12]
    whole = officedoc.new_document()
    _build(whole, demo_store, ids)
    officedoc.save(whole, tmp_path / "whole.docx", INFO)

    doc = officedoc.new_document()
    with BodySpool(doc) as spool:
        _build(doc, demo_store, ids, after_each=spool.flush)
        assert len(doc.element.body) == 2  # the closing paragraph and the section properties
        spool.flush()
        assert len(doc.element.body) == 1  # only the section properties stay in memory
        spool.save(tmp_path / "spooled.docx", INFO)

    whole_parts, spooled_parts = _members(tmp_path / "whole.docx"), _members(tmp_path / "spooled.docx")
    assert list(spooled_parts) == list(whole_parts)
    for name, data in whole_parts.items():
        assert spooled_parts[name] == data, name
    assert len(Document(tmp_path / "spooled.docx").tables) == len(ids)


def test_a_year_of_records_is_the_document_of_the_whole_tree(demo_store, tmp_path):
    path = tmp_path / "记录表.docx"
    count = export_docx.write_records(demo_store, 2025, path)
    ids = list(sessions.session_ids(demo_store, sessions.StudyFilter(year=2025)))
    assert count == len(ids) == sessions.totals(demo_store, sessions.StudyFilter(year=2025)).sessions > 1
    whole = officedoc.new_document()  # the same pages built in one tree, saved the usual way
    for n, session_id in enumerate(ids):
        export_docx.add_record(whole, demo_store, session_id, "区政数局", new_page=n > 0)
    officedoc.save(whole, tmp_path / "whole.docx", INFO)
    part = "word/document.xml"
    assert zipfile.ZipFile(path).read(part) == zipfile.ZipFile(tmp_path / "whole.docx").read(part)
