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
from openpyxl.cell import Cell, WriteOnlyCell
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


LINE_HEIGHT_PT = 14.0  # one line of 10.5 pt 宋体


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


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


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

    def _to_row(self, pairs: Sequence[tuple[Any, int]], row_idx: int):
        cell = self._cell
        cell.row = row_idx
        for col_idx, (value, index) in enumerate(pairs, 1):
            cell.value = value
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

    styles = _StyledRows(ws)
    ws.append([(title, styles.style(TITLE_FONT, _ALIGN["center"], border=None))])
    header = styles.style(HEADER_FONT, _ALIGN["center"], HEADER_FILL)
    widths = [max(int(c.width) - 2, 1) for c in columns]  # less the cell's padding
    row_dims = ws.row_dimensions
    titles = [c.title for c in columns]
    if height := _row_height(titles, widths):
        row_dims[2].height = height
    ws.append([(t, header) for t in titles])
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
        if height := _row_height(row, widths):
            # Read when the row is written, so set it first; the writer only needs the row's XML
            # attributes, and a RowDimension object per row costs more than writing the row.
            dict.__setitem__(row_dims, count + 3, {"ht": str(height), "customHeight": "1"})
        ws.append(list(zip(row, row_style)))
        count += 1
        if progress and count % 500 == 0:
            progress(count, total_rows, f"已写入 {count} 行")
    if totals is not None:
        ws.append([(v, styles.style(TOTAL_FONT, a, None, f)) for v, a, f in zip(totals, aligns, formats)])
    return count


def save(wb: Workbook, path: Path | str) -> None:
    """Save atomically: write beside the target, then rename, so a failed export leaves no half file."""
    atomic_save(path, ".xlsx", wb.save)
