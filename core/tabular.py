"""Read clerks' Excel ledgers for import: open with clear errors, find the header, parse cells, preview.

The import flow every feature follows (study ledger, rectification ledger, staff roster)::

    sheet = tabular.read_rows(path)                                   # ImportFileError if unreadable
    header = tabular.find_header(sheet, COLUMNS, required=("name",))  # field -> column, below title rows
    preview = tabular.collect(sheet, header, parse_row)               # parse_row(Record) -> item or ValueError
    ...                                                               # feature checks: duplicates, unknown names
    ids = tabular.insert_rows(store, "staff", rows, action="导入人员", file=preview.file)  # one transaction

`parse_row` raises `ValueError` (or `RuleViolation`) with a Chinese reason to reject a row; `collect`
turns that into `Rejected(row, reason)` with the row's 1-based Excel row number. Accepted items carry
their row number as `.row` (any object with a `row` attribute, usually a feature's dataclass).
`preview_xxx(store, path)` must write nothing; `commit_xxx(store, preview)` writes every accepted row in
ONE transaction with ONE audit row (`insert_rows` does both).

Parsers for the cells clerks actually type: `parse_date` (datetime, Excel serials, 2024-05-16 /
2024/5/16 / 2024.5.16 / 2024年5月16日 / 20240516, full-width digits), `parse_time_range`, `parse_number`,
`parse_bool`, `split_names`, `cell_text`.
"""
from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from core.errors import ImportFileError, LawDeskError, RuleViolation

MAX_ROWS = 100_000
BLANK_RUN_LIMIT = 1_000  # this many empty rows in a row: the rest of the sheet is formatting, not data
HEADER_SCAN_ROWS = 20
MIN_YEAR, MAX_YEAR = 1950, 2100  # a "date" outside this is a typo, not a ledger entry

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, .et, or an encrypted .xlsx
_SAVE_AS_XLSX = "请在 Excel（或 WPS）中打开它，“另存为” Excel 工作簿（.xlsx）后再导入。"


# -- reading a sheet ----------------------------------------------------------------------------

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


def read_rows(path: str | Path, sheet: str | None = None, *, max_rows: int = MAX_ROWS) -> Sheet:
    """Read the first visible worksheet (or the one named `sheet`) of an .xlsx/.xlsm, or a .csv file.

    Raises ImportFileError with a message the clerk can act on for a missing, empty, corrupt,
    encrypted, old-format (.xls) or oversized file, and for a sheet without any rows.
    """
    path = Path(path)
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
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        raise ImportFileError(_ole_message(path))
    if head.startswith(_ZIP_MAGIC):
        result = _read_xlsx(path, sheet, max_rows)
    elif suffix in (".csv", ".txt"):
        result = _read_csv(path, max_rows)
    elif suffix in (".xls", ".et") or head.lstrip().startswith(b"<"):
        # Web systems often export HTML tables named .xls; Excel opens them, openpyxl cannot.
        raise ImportFileError(f"“{path.name}”是旧版或网页格式的表格，不能直接导入。{_SAVE_AS_XLSX}")
    else:
        raise ImportFileError(f"“{path.name}”不是 Excel 文件（.xlsx）。{_SAVE_AS_XLSX}")
    if not result.rows:
        where = f"工作表“{result.name}”" if result.name else f"“{path.name}”"
        raise ImportFileError(f"{where}中没有任何数据行。请确认选对了文件和工作表。")
    return result


def _ole_message(path: Path) -> str:
    if _is_encrypted_package(path):
        return (f"“{path.name}”设置了打开密码，无法读取。请在 Excel 中打开它，"
                "在“文件 → 信息 → 保护工作簿”中删除密码并保存后再导入。")
    return f"“{path.name}”是旧版 Excel 文件（.xls）。{_SAVE_AS_XLSX}"


def _is_encrypted_package(path: Path) -> bool:
    """A password-protected .xlsx is an OLE container holding an `EncryptedPackage` stream."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(50_000_000)
    except OSError:
        return False
    return "EncryptedPackage".encode("utf-16-le") in data


def _read_xlsx(path: Path, sheet_name: str | None, max_rows: int) -> Sheet:
    import openpyxl  # imported here: only importers pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with open(path, "rb") as fh:
            # Passing bytes, not the name, so openpyxl does not judge the file by its extension.
            workbook = openpyxl.load_workbook(io.BytesIO(fh.read()), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, InvalidFileException, ValueError, TypeError, OSError, EOFError,
            IndexError, AttributeError, ImportError) as exc:
        raise ImportFileError(
            f"“{path.name}”已损坏或不是有效的 Excel 工作簿（{type(exc).__name__}）。"
            f"请在 Excel 中打开它确认能正常显示，再“另存为” .xlsx 后导入。") from exc
    except Exception as exc:  # openpyxl raises assorted parser errors on odd files
        raise ImportFileError(f"无法读取“{path.name}”：{exc}。请在 Excel 中“另存为” .xlsx 后再导入。") from exc
    try:
        ws = _pick_sheet(workbook, sheet_name, path)
        return Sheet(file=path.name, name=ws.title, rows=_sheet_rows(ws, path, max_rows))
    except LawDeskError:
        raise
    except Exception as exc:
        raise ImportFileError(f"读取“{path.name}”时出错：{exc}。请在 Excel 中“另存为” .xlsx 后再导入。") from exc
    finally:
        workbook.close()


def _pick_sheet(workbook: Any, sheet_name: str | None, path: Path) -> Any:
    if sheet_name is not None:
        if sheet_name not in workbook.sheetnames:
            raise ImportFileError(f"“{path.name}”中没有名为“{sheet_name}”的工作表"
                                  f"（有：{'、'.join(workbook.sheetnames)}）。")
        return workbook[sheet_name]
    for ws in workbook.worksheets:
        if getattr(ws, "sheet_state", "visible") == "visible":
            return ws
    raise ImportFileError(f"“{path.name}”里没有可见的工作表。请在 Excel 中取消隐藏后再导入。")


def _sheet_rows(ws: Any, path: Path, max_rows: int) -> list[Row]:
    # Some programs write a wrong <dimension>; without this, read-only mode would cut rows short.
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    return _keep_rows(ws.iter_rows(values_only=True), path, max_rows)


def _keep_rows(source: Iterable[Sequence[Any]], path: Path, max_rows: int) -> list[Row]:
    """The non-blank rows with their true numbers, stopping at a long run of blank rows.

    A cell formatted at row 1,048,576 (a whole column given a border) makes the sheet seem endless;
    only rows with content count towards `max_rows`.
    """
    rows: list[Row] = []
    blank_run = 0
    for number, values in enumerate(source, start=1):
        trimmed = _trim(list(values))
        if not trimmed:
            blank_run += 1
            if blank_run > BLANK_RUN_LIMIT and rows:
                break
            continue
        blank_run = 0
        if len(rows) >= max_rows:
            raise _too_many(path, max_rows)
        rows.append(Row(number, trimmed))
    return rows


def _too_many(path: Path, max_rows: int) -> ImportFileError:
    return ImportFileError(f"“{path.name}”超过 {max_rows:,} 行，不像是一份台账。"
                           "请只保留需要导入的行（可分成几个文件）后再导入。")


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
    return Sheet(file=path.name, name="", rows=_keep_rows(csv.reader(io.StringIO(text), dialect), path, max_rows))


def _trim(values: list[Any]) -> list[Any]:
    while values and is_blank(values[-1]):
        values.pop()
    return values


# -- cells --------------------------------------------------------------------------------------

def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def is_blank_row(values: Iterable[Any]) -> bool:
    return all(is_blank(v) for v in values)


def cell_text(value: Any) -> str:
    """A cell as the clerk reads it: no outer spaces, 2.0 → "2", a date → 2024-05-16, None → ""."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u3000", " ")
    return text.strip()


def one_line(value: Any) -> str:
    """`cell_text` with every run of whitespace (newlines from Alt+Enter too) made one space."""
    return " ".join(cell_text(value).split())


_NOTE = re.compile(r"[（(][^）)]*[）)]")


def normalize_header(text: Any) -> str:
    """Compare header cells loosely: full-width → half, no spaces/newlines/（notes）/*, lower case."""
    s = unicodedata.normalize("NFKC", cell_text(text))
    s = _NOTE.sub("", s)
    s = re.sub(r"[\s*※:：]", "", s)
    return s.lower()


# -- header -------------------------------------------------------------------------------------

@dataclass
class HeaderMap:
    """Where the header is and which column holds each field (0-based column indexes)."""
    file: str
    row: int                    # Excel row number of the (first) header row
    data_from: int              # index into `sheet.rows` where data rows start
    columns: dict[str, int]     # field -> column index
    labels: dict[str, str]      # field -> header text as written in the file

    def has(self, name: str) -> bool:
        return name in self.columns

    def records(self, sheet: Sheet) -> Iterator[Record]:
        """The data rows below the header, blank rows skipped."""
        for row in sheet.rows[self.data_from:]:
            if not is_blank_row(row.values):
                yield Record(row.number, row.values, self)


def find_header(sheet: Sheet, columns: Mapping[str, Sequence[str]], required: Sequence[str] = (),
                *, scan: int = HEADER_SCAN_ROWS) -> HeaderMap:
    """Find the header row among the first `scan` rows (title rows above it are skipped).

    `columns` maps each field to its header synonyms, the first one being the name shown in messages,
    e.g. {"department": ("科室", "部门", "处室")}. Matching ignores spaces, newlines, full-width forms,
    （notes） and case; a header containing a synonym (“学习日期及时间”) also matches. A second header
    row under merged cells (参学人员 → 参加 | 请假) is read too. Raises ImportFileError naming the
    required columns that are missing and the headers that were found.
    """
    wanted = {name: [normalize_header(s) for s in (*syns, name)] for name, syns in columns.items()}
    best: tuple[int, int, dict[str, int]] | None = None  # (score, index, mapping)
    for index, row in enumerate(sheet.rows[:scan]):
        mapping = _match_row(row.values, wanted, {})
        if mapping and (best is None or len(mapping) > best[0]):
            best = (len(mapping), index, mapping)
    if best is None:
        raise ImportFileError(
            f"“{sheet.file}”的前 {scan} 行里找不到表头（应有“{'”“'.join(_label(columns, f) for f in required or columns)}”等列）。"
            "请确认选对了文件，或把表头改成这些名称后再导入。")
    _, index, mapping = best
    data_from = index + 1
    if index + 1 < len(sheet.rows) and _could_be_subheader(sheet.rows[index + 1].values):
        # Exact names only: a data row must never be mistaken for a header and silently skipped.
        extra = _match_row(sheet.rows[index + 1].values, wanted, mapping, exact_only=True)
        if len(extra) > len(mapping):
            mapping, data_from = extra, index + 2
    header_row = sheet.rows[index]
    missing = [f for f in required if f not in mapping]
    if missing:
        seen = "、".join(t for t in (one_line(v) for v in header_row.values) if t) or "（空）"
        raise ImportFileError(
            f"“{sheet.file}”缺少必需的列：{'、'.join('“' + _label(columns, f) + '”' for f in missing)}。"
            f"第 {header_row.number} 行的表头是：{seen}。请在表头中补上或改名后再导入。")
    labels = {}
    for name, col in mapping.items():
        labels[name] = _header_text(sheet, index, data_from, col) or _label(columns, name)
    return HeaderMap(sheet.file, header_row.number, data_from, mapping, labels)


def _label(columns: Mapping[str, Sequence[str]], name: str) -> str:
    syns = columns.get(name) or ()
    return syns[0] if syns else name


def _header_text(sheet: Sheet, index: int, data_from: int, col: int) -> str:
    for row in sheet.rows[index:data_from][::-1]:
        if col < len(row.values) and one_line(row.values[col]):
            return one_line(row.values[col])
    return ""


def _could_be_subheader(values: Sequence[Any]) -> bool:
    """Header cells are text; a row holding numbers or dates (序号, 日期), even typed as text, is data."""
    return all(is_blank(v) or (isinstance(v, str) and not _looks_like_data(v)) for v in values)


def _looks_like_data(text: str) -> bool:
    if _NUMBER.fullmatch(unicodedata.normalize("NFKC", text).strip()):
        return True
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _match_row(values: Sequence[Any], wanted: Mapping[str, list[str]], start: Mapping[str, int],
               *, exact_only: bool = False) -> dict[str, int]:
    """Map fields to columns of this row: exact (normalized) matches first, then containment."""
    mapping = dict(start)
    cells = {i: normalize_header(v) for i, v in enumerate(values) if isinstance(v, str) and v.strip()}
    used = set(mapping.values())
    for exact in ((True,) if exact_only else (True, False)):
        for name, syns in wanted.items():
            if name in mapping:
                continue
            for i, text in cells.items():
                if i in used:
                    continue
                hit = text in syns if exact else any(len(s) >= 2 and s in text for s in syns)
                if hit:
                    mapping[name] = i
                    used.add(i)
                    break
    return mapping


# -- records and preview ------------------------------------------------------------------------

@dataclass
class Record:
    """One data row seen through the header: `rec.text("name")`, `rec.date("held_on")`."""
    number: int
    values: list[Any]
    header: HeaderMap

    def value(self, name: str) -> Any:
        col = self.header.columns.get(name)
        if col is None or col >= len(self.values):
            return None
        return self.values[col]

    def text(self, name: str) -> str:
        return cell_text(self.value(name))

    def line(self, name: str) -> str:
        return one_line(self.value(name))

    def label(self, name: str) -> str:
        return self.header.labels.get(name, name)

    def date(self, name: str, *, required: bool = True) -> date | None:
        """The cell as a date; ValueError naming the column when it is missing or unreadable."""
        return self._parsed(name, parse_date, required)

    def number_value(self, name: str, *, required: bool = True) -> float | None:
        return self._parsed(name, parse_number, required)

    def _parsed(self, name: str, parse: Callable[[Any], Any], required: bool) -> Any:
        value = self.value(name)
        if is_blank(value):
            if required:
                raise ValueError(f"“{self.label(name)}”为空")
            return None
        try:
            return parse(value)
        except ValueError as exc:
            raise ValueError(f"“{self.label(name)}”{exc}") from None

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.value(name)
        if is_blank(value):
            return default
        try:
            return parse_bool(value)
        except ValueError as exc:
            raise ValueError(f"“{self.label(name)}”{exc}") from None


class HasRow(Protocol):
    row: int


T = TypeVar("T", bound=HasRow)


@dataclass
class Rejected:
    row: int        # 1-based Excel row number (line number for CSV)
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行：{self.reason}"


@dataclass
class ImportPreview(Generic[T]):
    """What an import would do: accepted items (each with `.row`), rejected rows, warnings. Writes nothing."""
    file: str
    accepted: list[T] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def reject(self, row: int, reason: str) -> None:
        self.rejected.append(Rejected(row, reason))

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def sort(self) -> None:
        self.rejected.sort(key=lambda r: r.row)

    def to_json(self, describe: Callable[[T], dict] | None = None, ids: Sequence[int] | None = None,
                *, dry_run: bool = False) -> dict:
        """The CLI contract's shape: {"imported": [{"file", "row", ("id"), …}], "rejected": [{"file", "row", "reason"}]}."""
        describe = describe or _describe
        imported = []
        for i, item in enumerate(self.accepted):
            entry = {"file": self.file, "row": item.row, **describe(item)}
            if ids is not None:
                entry["id"] = ids[i]
            imported.append(entry)
        return {
            "dry_run": dry_run,
            "imported": imported,
            "rejected": [{"file": self.file, "row": r.row, "reason": r.reason} for r in self.rejected],
            "warnings": list(self.warnings),
        }

    def summary(self, *, dry_run: bool = False, noun: str = "条") -> str:
        """Human text for the CLI: counts, then every rejected row and warning."""
        verb = "可导入" if dry_run else "已导入"
        lines = [f"{self.file}：{verb} {len(self.accepted)} {noun}，拒绝 {len(self.rejected)} 行"
                 + ("（预览，未写入）" if dry_run else "")]
        lines += [f"  {r}" for r in self.rejected]
        lines += [f"  注意：{w}" for w in self.warnings]
        return "\n".join(lines)


def _describe(item: Any) -> dict:
    if is_dataclass(item) and not isinstance(item, type):
        data = asdict(item)
        data.pop("row", None)
        return {k: (v.isoformat() if isinstance(v, (date, time)) else v) for k, v in data.items()}
    return {}


def collect(sheet: Sheet, header: HeaderMap, parse: Callable[[Record], T | None]) -> ImportPreview[T]:
    """Run `parse` on every data row; a ValueError/RuleViolation becomes a rejected row with its reason.

    `parse` returns None to skip a row silently (e.g. a 合计 line).
    """
    preview: ImportPreview[T] = ImportPreview(file=sheet.file)
    for rec in header.records(sheet):
        try:
            item = parse(rec)
        except (ValueError, RuleViolation) as exc:
            preview.reject(rec.number, str(exc))
            continue
        if item is not None:
            preview.accepted.append(item)
    return preview


def insert_rows(store: Any, table: str, rows: Sequence[Mapping[str, Any]], *, action: str, file: str = "") -> list[int]:
    """Insert many rows in ONE transaction with ONE audit row; listeners hear of each new id.

    Use it inside a larger `store.transaction()` when child rows (attendees, links) follow.
    """
    ids: list[int] = []
    with store.transaction():
        for row in rows:
            cols = list(row)
            sql = (f"insert into [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                   f"values ({', '.join('?' * len(cols))})")
            ids.append(store.conn.execute(sql, [row[c] for c in cols]).lastrowid)
        store.audit(action, table, None, None, {"file": file, "count": len(ids), "ids": ids})
        # Inside the transaction: the search index updates with the rows (atomic, and one commit, not N).
        for record_id in ids:
            store.notify(table, record_id, "insert")
    return ids


# -- dates, times, numbers, flags, names --------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_YMD = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s*(?:[（(].*|[T\s].*|[上下]午.*|星期.*|周.*))?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s.*)?")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "两": 2}


def parse_date(value: Any) -> date:
    """A date from whatever a clerk's cell holds; ValueError with a Chinese reason otherwise.

    Accepts datetime/date, Excel serial numbers (1900 system), 20240516, and text such as 2024-05-16,
    2024/5/16, 2024.5.16, 2024年5月16日, 二〇二四年五月十六日, with full-width digits and a trailing
    time or weekday. 2024-02-30 → ValueError("日期不存在：2024-02-30").
    """
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, bool) or is_blank(value):
        raise ValueError("缺少日期")
    if isinstance(value, (int, float)):
        return _from_number(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = _cn_date_digits(text)
    m = _DATE_YMD.fullmatch(text) or _DATE_COMPACT.fullmatch(text)
    if not m:
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return _from_number(float(text))
        raise ValueError(f"无法识别的日期：{str(value).strip()}（请写成 2024-05-16 或 2024年5月16日）")
    return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _from_number(number: float) -> date:
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(f"无法识别的日期：{number}")
    if float(number).is_integer() and 19000101 <= number <= 29991231:
        n = int(number)
        return _make_date(n // 10000, n // 100 % 100, n % 100)
    if not 1 <= number < 2958466:
        raise ValueError(f"无法识别的日期：{cell_text(number)}")
    days = int(number)
    # Excel's 1900 system counts a 1900-02-29 that never was: serials before it are one day later.
    base = _EXCEL_EPOCH + timedelta(days=1) if days < 60 else _EXCEL_EPOCH
    return _plausible(base + timedelta(days=days))


def _make_date(year: int, month: int, day: int) -> date:
    try:
        result = date(year, month, day)
    except ValueError:
        raise ValueError(f"日期不存在：{year}-{month:02d}-{day:02d}") from None
    return _plausible(result)


def _plausible(d: date) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise ValueError(f"日期不合理：{d.isoformat()}（年份应在 {MIN_YEAR}—{MAX_YEAR} 之间）")
    return d


def _cn_date_digits(text: str) -> str:
    """二〇二四年五月十六日 → 2024年5月16日 (only when the text is written that way)."""
    if not re.search(r"[〇○零一二三四五六七八九十两]年|[一二三四五六七八九十]+月", text):
        return text

    def year(m: re.Match) -> str:
        return "".join(str(_CN_DIGITS.get(c, c)) for c in m.group(1)) + "年"

    text = re.sub(r"([〇○零一二三四五六七八九OＯ]{4})年", year, text)
    return re.sub(r"[一二三四五六七八九十两]+(?=[月日号])", lambda m: str(_cn_small(m.group(0))), text)


def _cn_small(text: str) -> int:
    """一 … 九十九 (months and days)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


_TIME = r"(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*分?"
_TIME_RANGE = re.compile(rf"(上午|下午|晚上)?\s*{_TIME}\s*(?:-+|—+|–|~|～|至|到)\s*(上午|下午|晚上)?\s*{_TIME}")


def parse_time_range(value: Any) -> tuple[time, time]:
    """"9:00-11:30", "下午2:30—4:00", "14：00～16：00" → (start, end); ValueError otherwise."""
    text = unicodedata.normalize("NFKC", cell_text(value)).replace("：", ":")
    m = _TIME_RANGE.search(text)
    if not m:
        raise ValueError(f"无法识别的时间段：{cell_text(value)}（请写成 9:00-11:30）")
    start_half, h1, m1, end_half, h2, m2 = m.groups()
    try:
        start = _time(start_half, h1, m1)
        end = _time(end_half or start_half, h2, m2)
        if end <= start and not end_half and start_half is None and int(h2) < 12:
            end = _time("下午", h2, m2)  # "9:00-1:30" means until 13:30
    except ValueError:
        raise ValueError(f"时间不存在：{cell_text(value)}") from None
    if end <= start:
        raise ValueError(f"结束时间早于开始时间：{cell_text(value)}")
    return start, end


def _time(half: str | None, hour: str, minute: str | None) -> time:
    h = int(hour)
    if half in ("下午", "晚上") and h < 12:
        h += 12
    return time(h, int(minute or 0))


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_UNITS = re.compile(r"(学时|课时|小时|个小时|h|hr|hrs|天|分|人|次|份|项|元)$", re.IGNORECASE)


def parse_number(value: Any) -> float:
    """"2", "2.5", "2学时", "１．５", "两", "三" → float; ValueError with the reason otherwise."""
    if isinstance(value, bool) or is_blank(value):
        raise ValueError("缺少数值")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"不是有效的数字：{value}")
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    text = _UNITS.sub("", text)
    if _NUMBER.fullmatch(text):
        return float(text)
    if text == "半":
        return 0.5
    if text and all(c in _CN_DIGITS or c == "十" for c in text) and len(text) <= 3:
        return float(_cn_small(text))
    raise ValueError(f"不是数字：{str(value).strip()}")


_TRUE = {"是", "√", "✓", "✔", "1", "y", "yes", "true", "t", "对", "领导干部", "是领导干部", "有"}
_FALSE = {"否", "×", "✗", "✘", "0", "n", "no", "false", "f", "不是", "非", "无", "-", "/", "—"}


def parse_bool(value: Any) -> bool:
    """是/否, √/×, 1/0, Y/N, true/false → bool; ValueError("无法识别…") otherwise. Blank is not accepted here."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = unicodedata.normalize("NFKC", cell_text(value)).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"无法识别“{cell_text(value)}”（请填“是”或“否”）")


_NAME_SEPARATORS = re.compile(r"[、，,;；/／|｜]+")
_OPEN, _CLOSE = "（([【", "）)]】"
_TITLE_SUFFIXES = ("同志",)
_SPACES = re.compile(r"\s+")


def split_names(text: Any) -> list[str]:
    """Names in one cell: "张三、李四，王五 赵六" → [张三, 李四, 王五, 赵六].

    Splits on 、，,;；/ and whitespace; keeps （notes） with their name; drops 同志 and a trailing
    等 / 等N人. Names spaced out for alignment ("王  芳") stay whole: a lone character is joined to
    the next one ("王 芳 李 明" → 王芳, 李明).
    """
    s = cell_text(text).replace("\n", "、")
    if not s:
        return []
    s = re.sub(r"等\s*\d*\s*[人名位]?(?:同志)?\s*$", "", s)
    parts = []
    for piece in _split_outside_brackets(s, _NAME_SEPARATORS):
        parts += _join_single_chars(_split_outside_brackets(piece, _SPACES))
    return [n for n in (_strip_title(p) for p in parts) if n]


def _outside_brackets(s: str) -> str:
    """`s` with bracketed text masked by NULs, same length (separators inside notes do not count)."""
    out, depth = [], 0
    for ch in s:
        if ch in _OPEN:
            depth += 1
            out.append(ch)
        elif ch in _CLOSE and depth:
            depth -= 1
            out.append(ch)
        else:
            out.append("\0" if depth else ch)
    return "".join(out)


def _split_outside_brackets(s: str, sep: re.Pattern) -> list[str]:
    parts, start = [], 0
    for m in sep.finditer(_outside_brackets(s)):
        parts.append(s[start:m.start()])
        start = m.end()
    parts.append(s[start:])
    return [p.strip() for p in parts if p.strip()]


def _join_single_chars(parts: list[str]) -> list[str]:
    out: list[str] = []
    carry = ""
    for part in parts:
        if carry:
            out.append(carry + part)
            carry = ""
        elif part[0] in _OPEN and out:  # "张三 （主持）": the note belongs to the name before it
            out[-1] += part
        elif len(part) == 1 and "\u4e00" <= part <= "\u9fff":
            carry = part
        else:
            out.append(part)
    if carry:
        out.append(carry)
    return out


def _strip_title(name: str) -> str:
    name = name.strip()
    for suffix in _TITLE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name.strip()
