"""Files → rows: the first visible worksheet of a workbook (.xlsx .xlsm .xlsb .xls .et .ods, read by
python-calamine, which tells the format from the bytes, not the name) or a .csv, as numbered rows.

Every row up to the sheet's real end is read (a gap of blank rows does not end the data); only rows with
content count towards `max_rows`. Before any parser runs, the file's size and, for a zip, its inflated size
are checked (`core.limits`). Control characters XML cannot hold are dropped and named in `Sheet.warnings`,
as are formulas an .xlsx holds without a calculated value (read as blank).
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from core import limits
from core.errors import ImportFileError, LawDeskError
from core.tabular.cells import CONTROL, is_blank

MAX_ROWS = 100_000
SHOWN = 10  # cells or rows a warning names before it says "…等 N 个"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, or an encrypted .xlsx
_SAVE_AS_XLSX = "请在 Excel（或 WPS）中打开它，“另存为” Excel 工作簿（.xlsx）后再导入。"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class Row:
    """One sheet row: its 1-based Excel row number and its cell values (trailing blanks removed)."""
    number: int
    values: list[Any]


@dataclass
class Sheet:
    """The non-blank rows of one worksheet (or a CSV file), each with its true Excel row number."""
    file: str          # file name shown to the clerk (no folder)
    name: str          # worksheet title ("" for CSV)
    rows: list[Row]
    warnings: list[str] = field(default_factory=list)


def read_rows(path: str | Path, sheet: str | None = None, *, max_rows: int = MAX_ROWS) -> Sheet:
    """Read the first visible worksheet (or the one named `sheet`) of a workbook, or a .csv file.

    Raises ImportFileError with a message the clerk can act on for a missing, empty, oversized, corrupt,
    encrypted or web-page file, and for a sheet without any rows.
    """
    path = Path(path)
    head = _head(path)
    limits.check_size(path, limits.FILE_BYTES, "表格")
    suffix = path.suffix.lower()
    if head.startswith(_ZIP_MAGIC):
        limits.check_zip(path, limits.SHEET_UNZIPPED_BYTES, "表格")
        result = _read_workbook(path, sheet, max_rows)
        result.warnings += _uncached_formulas(path, result.name)
    elif head.startswith(_OLE_MAGIC):
        try:
            result = _read_workbook(path, sheet, max_rows)
        except ImportFileError:
            if _is_encrypted_package(path):  # looked for only then: it reads the whole file
                raise ImportFileError(f"“{path.name}”设置了打开密码，无法读取。请在 Excel 中打开它，"
                                      "在“文件 → 信息 → 保护工作簿”中删除密码并保存后再导入。") from None
            raise
    elif suffix in (".csv", ".txt"):
        result = _read_csv(path, max_rows)
    elif suffix in (".xls", ".et") or head.lstrip().startswith(b"<"):
        # Web systems often export HTML tables named .xls; Excel opens them, no workbook reader does.
        raise ImportFileError(f"“{path.name}”是网页格式的表格，不能直接导入。{_SAVE_AS_XLSX}")
    else:
        raise ImportFileError(f"“{path.name}”不是 Excel 文件（.xlsx、.xls），也不是 WPS 或 LibreOffice 表格（.et、.ods）。"
                              f"{_SAVE_AS_XLSX}")
    if not result.rows:
        where = f"工作表“{result.name}”" if result.name else f"“{path.name}”"
        raise ImportFileError(f"{where}中没有任何数据行。请确认选对了文件和工作表。")
    return result


def _head(path: Path) -> bytes:
    if not path.exists():
        raise ImportFileError(f"找不到文件“{path.name}”，它可能已被移动或删除。请重新选择文件。")
    if path.is_dir():
        raise ImportFileError(f"“{path.name}”是文件夹，不是 Excel 文件。请选择一个 .xlsx 文件。")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFileError(f"无法读取“{path.name}”：{exc.strerror or exc}。文件可能正被其他程序占用。") from exc
    if not head:
        raise ImportFileError(f"“{path.name}”是空文件（0 字节），里面没有表格。请检查是否选错了文件。")
    return head


def _is_encrypted_package(path: Path) -> bool:
    """A password-protected .xlsx is an OLE container holding an `EncryptedPackage` stream."""
    with open(path, "rb") as fh:
        return "EncryptedPackage".encode("utf-16-le") in fh.read(limits.FILE_BYTES)


def _read_workbook(path: Path, sheet_name: str | None, max_rows: int) -> Sheet:
    from python_calamine import CalamineWorkbook  # imported here: only importers pay for it

    try:
        with open(path, "rb") as fh:
            workbook = CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # calamine raises its own errors (and a few others) for damaged files
        raise ImportFileError(  # calamine's own words are English: they go to the log, not the clerk
            f"“{path.name}”已损坏或不是有效的 Excel 工作簿。"
            f"请在 Excel 中打开它确认能正常显示，再“另存为” .xlsx 后导入。") from exc
    try:
        name = _pick_sheet(workbook, sheet_name, path)
        sheet = Sheet(file=path.name, name=name, rows=[])
        sheet.rows = _keep_rows(workbook.get_sheet_by_name(name).iter_rows(), path, max_rows, sheet.warnings)
        return sheet
    except LawDeskError:
        raise
    except Exception as exc:
        raise ImportFileError(f"读取“{path.name}”时出错，文件可能已损坏。请在 Excel 中“另存为” .xlsx 后再导入。") from exc
    finally:
        workbook.close()


def _pick_sheet(workbook: Any, sheet_name: str | None, path: Path) -> str:
    if sheet_name is not None:
        if sheet_name not in workbook.sheet_names:
            raise ImportFileError(f"“{path.name}”中没有名为“{sheet_name}”的工作表"
                                  f"（有：{'、'.join(workbook.sheet_names)}）。")
        return sheet_name
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    for meta in workbook.sheets_metadata:
        if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet:
            return meta.name
    raise ImportFileError(f"“{path.name}”里没有可见的工作表。请在 Excel 中取消隐藏后再导入。")


def _keep_rows(source: Iterable[Sequence[Any]], path: Path, max_rows: int, warnings: list[str]) -> list[Row]:
    """The non-blank rows with their true numbers, text cleaned of control characters (the rows named)."""
    rows: list[Row] = []
    cleaned: list[int] = []
    for number, values in enumerate(source, start=1):
        values = list(values)
        while values and is_blank(values[-1]):
            values.pop()
        if not values:
            continue
        if len(rows) >= max_rows:
            raise ImportFileError(f"“{path.name}”超过 {max_rows:,} 行，不像是一份台账。"
                                  "请只保留需要导入的行（可分成几个文件）后再导入。")
        if any(isinstance(v, str) and CONTROL.search(v) for v in values):
            values = [CONTROL.sub("", v) if isinstance(v, str) else v for v in values]
            cleaned.append(number)
        rows.append(Row(number, values))
    if cleaned:
        warnings.append(f"{rows_text(cleaned)}含有不可见的控制字符（如 NUL），导入时已删除。")
    return rows


def listing(parts: Sequence[str], noun: str, shown: int = SHOWN) -> str:
    """The first `shown` parts joined with 、, then “等 N {noun}” when there are more: one readable line."""
    return "、".join(parts[:shown]) + (f"等 {len(parts)} {noun}" if len(parts) > shown else "")


def rows_text(numbers: Sequence[int], shown: int = SHOWN) -> str:
    """第 3、5、9 行 (the first `shown` numbers, then 等 N 行)."""
    head = "、".join(str(n) for n in numbers[:shown])
    return f"第 {head} 行" + (f"等 {len(numbers)} 行" if len(numbers) > shown else "")


def _read_csv(path: Path, max_rows: int) -> Sheet:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly any byte string
        raise ImportFileError(f"“{path.name}”的文字编码无法识别。请在 Excel 中“另存为” .xlsx 后再导入。")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    sheet = Sheet(file=path.name, name="", rows=[])
    sheet.rows = _keep_rows(csv.reader(io.StringIO(text), dialect), path, max_rows, sheet.warnings)
    return sheet


# -- formulas without a calculated value (.xlsx written by a program, never opened in Excel) -----------
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")


def _uncached_formulas(path: Path, sheet_name: str) -> list[str]:
    """A warning naming the cells of `sheet_name` that hold a formula but no value (calamine reads them as blank)."""
    try:
        with zipfile.ZipFile(path) as zf:
            member = _sheet_member(zf, sheet_name)
            data = zf.read(member) if member else b""
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        return []
    cells = []
    at = data.find(b"<f")
    while at >= 0:
        start, end = data.rfind(b"<c", 0, at), data.find(b"</c>", at)
        ref = _CELL_REF.match(data, start) if start >= 0 else None
        if ref and end > 0 and not _VALUE.search(data, at, end):
            cells.append(ref.group(1).decode())
        at = data.find(b"<f", end if end > 0 else at + 2)
    if not cells:
        return []
    return [f"{listing(cells, '个单元格')}是公式，但文件里没有保存计算结果，已按空白读取。请在 Excel 或 WPS 中打开并保存后重新导入。"]


def _sheet_member(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding the worksheet named `sheet_name` (workbook.xml → its relationship)."""
    if "xl/workbook.xml" not in zf.namelist():
        return None  # an .ods or .xlsb: their formulas always carry a value
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rel_id = next((s.get(_REL) for s in book.iter() if s.tag.endswith("}sheet") and s.get("name") == sheet_name), None)
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target", "") for r in rels if r.get("Id") == rel_id), "")
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
