"""Print-ready Excel ledgers (台账) streamed with openpyxl's write-only mode.

One call writes a sheet the way clerks print them: a merged title row, a header row repeated on every
printed page, bordered and wrapped cells, set column widths, frozen header, A4 landscape fitted to
the page width, an optional totals row and per-row fill colours. Styles are built once and shared by
every cell, which keeps large ledgers close to plain write-only speed and memory.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.files import atomic_save

FONT_NAME = "宋体"
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
_FILLS: dict[str, PatternFill] = {}

Progress = Callable[..., None] | None


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # Excel character units
    align: str = "left"
    number_format: str | None = None


def fill(color: str) -> PatternFill:
    """A solid fill for an RRGGBB colour, shared between cells."""
    if color not in _FILLS:
        _FILLS[color] = PatternFill("solid", fgColor=color)
    return _FILLS[color]


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


class _Styles:
    """Style arrays resolved once per (font, alignment, fill, format) and shared by every cell.

    Assigning font/border/alignment on each cell makes openpyxl hash the style objects again for every
    cell (about 4× slower than plain values); a cell only needs the resolved indexes, read at save time.
    """

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._cache: dict[tuple, Any] = {}

    def style(self, font: Font, align: Alignment, cell_fill: PatternFill | None = None,
              number_format: str | None = None):
        key = (id(font), id(align), id(cell_fill), number_format)
        style = self._cache.get(key)
        if style is None:
            template = WriteOnlyCell(self.ws)
            template.font = font
            template.border = BORDER
            template.alignment = align
            if cell_fill is not None:
                template.fill = cell_fill
            if number_format:
                template.number_format = number_format
            style = self._cache[key] = template._style
        return style

    def styled(self, value: Any, style) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value)
        cell._style = style
        return cell

    def cell(self, value: Any, font: Font, align: Alignment, cell_fill: PatternFill | None = None,
             number_format: str | None = None) -> WriteOnlyCell:
        return self.styled(value, self.style(font, align, cell_fill, number_format))


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
    """Append one ledger sheet to a write-only workbook; returns the number of data rows written."""
    ws = wb.create_sheet(sheet_title[:31])
    last = get_column_letter(len(columns))
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[1].height = 36
    ws.merged_cells.add(f"A1:{last}1")
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    styles = _Styles(ws)
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font = TITLE_FONT
    title_cell.alignment = _ALIGN["center"]
    ws.append([title_cell])
    ws.append([styles.cell(c.title, HEADER_FONT, _ALIGN["center"], HEADER_FILL) for c in columns])
    aligns = [_ALIGN[c.align] for c in columns]
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
        ws.append([styles.styled(v, st) for v, st in zip(row, row_style)])
        count += 1
        if progress and count % 500 == 0:
            progress(count, total_rows, f"已写入 {count} 行")
    if totals is not None:
        ws.append([styles.cell(v, TOTAL_FONT, a, None, f) for v, a, f in zip(totals, aligns, formats)])
    return count


def save(wb: Workbook, path: Path | str) -> None:
    """Save atomically: write beside the target, then rename, so a failed export leaves no half file."""
    atomic_save(path, ".xlsx", wb.save)
