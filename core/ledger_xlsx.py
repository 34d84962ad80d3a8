"""Print-ready Excel ledgers (台账) streamed with openpyxl's write-only mode.

One call writes a sheet the way clerks print them: a merged title row, a header row repeated on every
printed page, bordered and wrapped cells, set column widths, frozen header, A4 landscape fitted to
the page width, an optional totals row and per-row fill colours. Styles are built once and shared by
every cell, which keeps large ledgers close to plain write-only speed and memory.

Columns marked `printed=False` follow the printed ones, outside the print area: record fields the paper
ledger does not show but a re-import reads back (the app's own ledgers import losslessly). They share the
header row and the cell styles, one line high, so the printed rows keep their heights.

Cells are typed: dates are date cells with a date format, numbers are numbers, and text is always a
text cell — text that a spreadsheet could take for a formula (`= + - @`, also after spaces or a tab)
is written as a string and marked 「以文本形式存储」 (quotePrefix), so neither opening nor editing the
cell runs it. The workbook's default font is 宋体, whose digit width Excel and WPS size columns by.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from core.docmeta import DocInfo
from core.files import atomic_save

FONT_NAME = "宋体"
# The Normal style's font: Excel and WPS measure column widths in its digit width. Calibri (openpyxl's
# default) is missing on many office machines, and a substitute with wider digits shrinks the printout.
DEFAULT_FONT = Font(name=FONT_NAME, size=11, family=3, charset=134)  # 134 = GB2312
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"
TITLE_FONT = Font(name="方正小标宋简体", size=18)
HEADER_FONT = Font(name="黑体", size=11, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10.5)
TOTAL_FONT = Font(name=FONT_NAME, size=10.5, bold=True)
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_ALIGN = {
    "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
    "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "right": Alignment(horizontal="right", vertical="center", wrap_text=True),
}
# Columns outside the print area: one line, so they never make a printed row taller (the clerk widens the column).
_ONE_LINE = {key: Alignment(horizontal=key, vertical="center") for key in _ALIGN}
_FILLS: dict[str, PatternFill] = {}

Progress = Callable[..., None] | None


FORMULA_TRIGGERS = ("=", "+", "-", "@")
_FORMULA_PADDING = " \t\r\n\u3000"
_RISKY_FIRST = frozenset("=+-@#" + _FORMULA_PADDING)  # cheap first test; "#" for error-code look-alikes


def looks_like_formula(text: str) -> bool:
    """Whether Excel, WPS or a CSV reader could take this text for a formula (`=1+1`, ` +cmd`, `@SUM`)."""
    return text.lstrip(_FORMULA_PADDING)[:1] in FORMULA_TRIGGERS


def as_date(value: Any) -> Any:
    """An ISO date text (2026-03-01) as a date, so it becomes a date cell; other values unchanged."""
    if value.__class__ is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # Excel character units
    align: str = "left"
    number_format: str | None = None
    printed: bool = True  # False: right of the print area, for the record (see the module's docstring)


def printed_columns(columns: Sequence[Column]) -> Sequence[Column]:
    """The columns a ledger prints: the leading ones up to the first `printed=False` (which must all come last)."""
    count = next((i for i, c in enumerate(columns) if not c.printed), len(columns))
    if any(c.printed for c in columns[count:]):
        raise ValueError("printed columns come before the ones outside the print area")
    return columns[:count]


def fill(color: str) -> PatternFill:
    """A solid fill for an RRGGBB colour, shared between cells."""
    if color not in _FILLS:
        _FILLS[color] = PatternFill("solid", fgColor=color)
    return _FILLS[color]


# One line of 10.5 pt text: 宋体 needs 14 pt; the Noto CJK fonts that stand in for it on Linux (WPS, LibreOffice)
# need 15.2, and a row too low cuts its text off on paper.
LINE_HEIGHT_PT = 15.5
ROW_HEIGHT_PT = LINE_HEIGHT_PT + 4  # every row of one line; set on the sheet so printed pages are predictable
TITLE_HEIGHT_PT = 36.0

# Printing: A4 landscape with these margins (inches), fitted to the page width.
SIDE_MARGIN_IN, END_MARGIN_IN = 0.3, 0.6
PRINT_WIDTH_PT = (297 / 25.4 - 2 * SIDE_MARGIN_IN) * 72
PRINT_HEIGHT_PT = (210 / 25.4 - 2 * END_MARGIN_IN) * 72
DIGIT_PX = 8  # the widest digit of 11 pt 宋体 at 96 dpi: one Excel width unit
CELL_PADDING_PX = 5
MIN_PRINT_SCALE = 0.9


def _units(text: str) -> int:
    """Display width in Excel character units: a Chinese character takes two, ASCII one.

    UTF-8 has 3 bytes for CJK and 1 for ASCII, so this is computed in C rather than per character.
    """
    return (len(text.encode("utf-8")) + len(text)) // 2


def _row_height(row: Sequence[Any], widths: Sequence[float]) -> float | None:
    """Height for a row whose wrapped text needs more than one line (None: the default height).

    Excel does not grow rows written by a program when it opens the file; without a height, wrapped
    text is cut off on screen and on paper.
    """
    lines = 1
    for value, width in zip(row, widths):
        # Most cells are short: two units per character at most, so they fit without measuring.
        if value.__class__ is not str or (len(value) * 2 <= width and "\n" not in value):
            continue
        n = sum(max(1, -(-_units(part) // width)) for part in value.split("\n"))
        if n > lines:
            lines = n
    return lines * LINE_HEIGHT_PT + 4 if lines > 1 else None


def new_workbook(info: DocInfo) -> Workbook:
    """A write-only workbook with 宋体 as its default font and the unit as its author."""
    wb = Workbook(write_only=True)
    wb._fonts = IndexedList([DEFAULT_FONT])  # fonts[0] is the font of unstyled cells
    wb._named_styles["Normal"].font = DEFAULT_FONT
    props = wb.properties
    props.creator = props.lastModifiedBy = info.author
    props.title = info.title
    props.created = props.modified = info.created_utc
    return wb


def print_scale(widths: Sequence[float]) -> float:
    """The scale at which columns of these widths fit the printed page's width (1.0 when they fit as they are).

    Excel draws a column `width × digit + padding` pixels wide; fit-to-width shrinks the sheet by this much.
    """
    sheet_pt = sum(w * DIGIT_PX + CELL_PADDING_PX for w in widths) * 0.75
    return min(1.0, PRINT_WIDTH_PT / sheet_pt)


class _Pages:
    """Where printed pages would break (rows of known height under the repeated title rows), to spot a
    last page that would carry a single row."""

    def __init__(self, scale: float, title_rows_pt: float) -> None:
        self.room = PRINT_HEIGHT_PT / scale - title_rows_pt  # sheet points for data rows on each page
        self.scale = scale
        self.used = 0.0
        self.pages = 1
        self.rows_on_last = 0
        self.total_pt = 0.0

    def add(self, height: float) -> None:
        self.total_pt += height
        if self.used + height > self.room and self.rows_on_last:
            self.pages += 1
            self.used = 0.0
            self.rows_on_last = 0
        self.used += height
        self.rows_on_last += 1

    def fit_to_height(self) -> int:
        """Pages tall to ask for: one less when the last page would hold one row and the shrink is small."""
        if self.pages < 2 or self.rows_on_last != 1:
            return 0  # 0 = as many pages as it takes
        fewer = self.pages - 1
        shrink = min(1.0, fewer * self.room / self.total_pt)
        return fewer if self.scale * shrink >= MIN_PRINT_SCALE else 0


class _LedgerCell(Cell):
    """One reusable cell per sheet whose style index is resolved once per style, not per cell.

    openpyxl's write-only `append` looks every styled cell's style up again (hashing it) and builds a
    new cell object after each styled one; values plus a precomputed style index avoid both, which
    keeps a fully bordered ledger close to the speed of writing plain values.
    """

    __slots__ = ("style_index",)

    @property
    def style_id(self) -> int:
        return self.style_index

    @property
    def has_style(self) -> bool:
        return True


class _StyledRows:
    """Turns appended `(value, style index)` pairs into cells; installed as the sheet's row converter."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._cache: dict[tuple, int] = {}
        self._quoted: dict[int, int] = {}
        self._cell = _LedgerCell(ws, row=1, column=1)
        ws._values_to_row = self._to_row  # the hook write-only `append` calls for every row

    def style(self, font: Font, align: Alignment, cell_fill: PatternFill | None = None,
              number_format: str | None = None, border: Border | None = BORDER) -> int:
        key = (id(font), id(align), id(cell_fill), number_format, id(border))
        index = self._cache.get(key)
        if index is None:
            template = WriteOnlyCell(self.ws)
            template.font = font
            template.alignment = align
            if border is not None:
                template.border = border
            if cell_fill is not None:
                template.fill = cell_fill
            if number_format:
                template.number_format = number_format
            index = self._cache[key] = template.style_id
        return index

    def quoted(self, index: int) -> int:
        """The style `index` with quotePrefix: Excel keeps the cell text even when the clerk edits it."""
        if index not in self._quoted:
            styles = self.ws.parent._cell_styles
            array = copy(styles[index])
            array.quotePrefix = 1
            self._quoted[index] = styles.add(array)
        return self._quoted[index]

    def _to_row(self, pairs: Sequence[tuple[Any, int]], row_idx: int):
        cell = self._cell
        cell.row = row_idx
        for col_idx, (value, index) in enumerate(pairs, 1):
            cell.value = value
            if value.__class__ is str and value and value[0] in _RISKY_FIRST:
                # openpyxl writes "=…" as a live formula and "#N/A" as an error: both stay text here
                cell.data_type = "s"
                if looks_like_formula(value):
                    index = self.quoted(index)
            cell.column = col_idx
            cell.style_index = index
            yield cell


def write_sheet(
    wb: Workbook,
    sheet_title: str,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    totals: Sequence[Any] | None = None,
    row_fill: Callable[[Sequence[Any]], str | None] | None = None,
    progress: Progress = None,
    total_rows: int = 0,
) -> int:
    """Append one ledger sheet to a write-only workbook; returns the number of data rows written.

    Only the printed columns (`printed_columns`) are in the print area, under the merged title, and count
    for the print scale and the rows' heights; the others share the header row and the cells' styles."""
    ws = wb.create_sheet(sheet_title[:31])
    printed = printed_columns(columns)
    last = get_column_letter(len(printed))
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[1].height = TITLE_HEIGHT_PT
    ws.sheet_format.defaultRowHeight = ROW_HEIGHT_PT
    ws.sheet_format.customHeight = True
    ws.merged_cells.add(f"A1:{last}1")
    ws.freeze_panes = "A3"
    _print_setup(ws)

    styles = _StyledRows(ws)
    ws.append([(title, styles.style(TITLE_FONT, _ALIGN["center"], border=None))])
    header = styles.style(HEADER_FONT, _ALIGN["center"], HEADER_FILL)
    widths = [max(int(c.width) - 2, 1) for c in printed]  # less the cell's padding; zip stops at the last
    row_dims = ws.row_dimensions
    titles = [c.title for c in columns]
    if height := _row_height(titles, widths):
        row_dims[2].height = height
    ws.append([(t, header) for t in titles])
    pages = _Pages(print_scale([c.width for c in printed]), TITLE_HEIGHT_PT + (height or ROW_HEIGHT_PT))
    aligns = [(_ALIGN if c.printed else _ONE_LINE)[c.align] for c in columns]
    formats = [c.number_format for c in columns]
    by_fill: dict[str | None, list] = {}

    def row_styles(color: str | None) -> list:
        if color not in by_fill:
            cell_fill = fill(color) if color else None
            by_fill[color] = [styles.style(BODY_FONT, a, cell_fill, f) for a, f in zip(aligns, formats)]
        return by_fill[color]

    plain = row_styles(None)
    count = 0
    for row in rows:
        row_style = row_styles(row_fill(row)) if row_fill else plain
        if height := _row_height(row, widths):
            # Read when the row is written, so set it first; the writer only needs the row's XML
            # attributes, and a RowDimension object per row costs more than writing the row.
            dict.__setitem__(row_dims, count + 3, {"ht": str(height), "customHeight": "1"})
        pages.add(height or ROW_HEIGHT_PT)
        ws.append(list(zip(row, row_style)))  # written to the sheet's file now
        if height:
            dict.pop(row_dims, count + 3)  # so a sheet of 100,000 wrapped rows keeps none of them
        count += 1
        if progress and count % 500 == 0:
            progress(count, total_rows, f"已写入 {count} 行")
    if totals is not None:
        pages.add(ROW_HEIGHT_PT)
        ws.append([(v, styles.style(TOTAL_FONT, a, None, f)) for v, a, f in zip(totals, aligns, formats)])
    ws.page_setup.fitToHeight = pages.fit_to_height()  # the page setup is written when the sheet closes
    # the print area is written with the workbook: known rows (openpyxl takes no whole columns, A:K)
    ws.print_area = f"A1:{last}{count + 2 + (totals is not None)}"
    return count


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, fitted to the page width, title rows on every page, centred, page numbers below."""
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN_IN
    ws.page_margins.top = ws.page_margins.bottom = END_MARGIN_IN
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def save(wb: Workbook, path: Path | str) -> None:
    """Save atomically: write beside the target, then rename, so a failed export leaves no half file."""
    atomic_save(path, ".xlsx", lambda tmp: _write(wb, tmp))


def _write(wb: Workbook, filename: str) -> None:
    # openpyxl's own save stamps "modified" with the machine's clock; this keeps the time new_workbook
    # took from the store's clock.
    with ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
