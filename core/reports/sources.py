"""Reading a report file into raw lines: (text, Word heading level or None, set as a title in Word).

.txt in any encoding `textio` knows; .docx paragraphs (a soft line break starts a new line) and table rows.
A Word paragraph counts as set like a title when it is centred or all its text is bold.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from core import limits
from core.errors import ImportFileError
from core.reports import textio
from core.tabular.cells import clean_text

RawLine = tuple[str, int | None, bool]


def read(path: Path) -> tuple[list[RawLine], str]:
    """(raw lines, encoding name or "docx"); ImportFileError with a clear message for anything unreadable."""
    if not path.is_file():
        raise ImportFileError(f"找不到文件“{path}”。请检查文件名和位置。")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        limits.check_size(path, limits.FILE_BYTES, "Word 报告")
        limits.check_zip(path, limits.DOCX_UNZIPPED_BYTES, "Word 报告")  # before python-docx inflates it
        return docx_lines(path), "docx"
    if suffix == ".doc":
        raise ImportFileError(f"“{path.name}”是旧版 Word 文档（.doc）。请在 Word 或 WPS 中“另存为” .docx 后再导入。")
    if suffix in (".txt", ".text", ""):
        limits.check_size(path, limits.TEXT_FILE_BYTES, "文本报告")
        text, encoding = textio.decode(path.read_bytes(), path.name)
        # a NUL or other control character cannot go into a Word export later: dropped here
        return [(clean_text(line), None, False) for line in text.splitlines()], encoding
    raise ImportFileError(f"不支持导入“{path.name}”：年度报告只能从 .txt 文本或 Word .docx 文档导入。")


def docx_lines(path: Path) -> list[RawLine]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            f"“{path.name}”不是有效的 Word 文档（.docx），可能已损坏或只是改了扩展名。"
            "请用 Word 或 WPS 打开并另存为 .docx 后再导入。") from exc
    except Exception as exc:  # lxml errors on damaged XML inside a valid zip
        raise ImportFileError(f"“{path.name}”内容已损坏，无法读取（{type(exc).__name__}）。请用 Word 或 WPS 打开修复后再导入。") from exc
    out: list[RawLine] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, doc)
            level, emphasis = _style_level(paragraph), _set_as_title(paragraph)
            out += [(piece, level, emphasis) for piece in paragraph.text.split("\n")]
        elif child.tag == qn("w:tbl"):
            for row in Table(child, doc).rows:
                cells: list[str] = []
                for cell in row.cells:
                    if not cells or cell.text != cells[-1]:  # merged cells repeat their text
                        cells.append(cell.text)
                out.append(("　".join(c.strip() for c in cells), None, False))
    return out


def _style_level(paragraph) -> int | None:  # noqa: ANN001 - docx Paragraph
    from docx.oxml.ns import qn

    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    m = re.match(r"^(?:Heading|标题)\s*(\d)$", name)
    if m:
        return int(m.group(1))
    if name in ("Title", "标题"):
        return 0
    ppr = paragraph._p.pPr
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is not None:
        value = int(outline.get(qn("w:val"), "9"))
        if value < 9:
            return value + 1
    return None


def _set_as_title(paragraph) -> bool:  # noqa: ANN001 - docx Paragraph
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    alignment = paragraph.alignment
    if alignment is None and paragraph.style is not None:
        alignment = paragraph.style.paragraph_format.alignment
    if alignment == WD_ALIGN_PARAGRAPH.CENTER:
        return True
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)
