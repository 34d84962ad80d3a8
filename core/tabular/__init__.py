"""Read clerks' spreadsheets for import: files → rows (`reading`), the header and its columns (`headers`),
cells (`cells`), and the preview/commit plumbing every importer shares (`preview`, whose docstring shows the
flow). Everything an importer needs is importable from here: `from core import tabular`.
"""
from __future__ import annotations

from core.tabular.cells import (
                                MAX_YEAR,
                                MIN_YEAR,
                                cell_text,
                                clean_text,
                                is_blank,
                                is_blank_row,
                                make_date,
                                one_line,
                                parse_bool,
                                parse_date,
                                parse_number,
                                parse_time_range,
                                split_names,
)
from core.tabular.headers import HeaderMap, Record, find_header, normalize_header
from core.tabular.preview import (
    ImportPreview,
    Rejected,
    bulk_writes,
    collect,
    collector_paused,
    insert_many,
    insert_rows,
    record_import,
)
from core.tabular.reading import MAX_ROWS, Row, Sheet, listing, read_rows, rows_text

__all__ = ["MAX_ROWS", "MAX_YEAR", "MIN_YEAR", "HeaderMap", "ImportPreview", "Record", "Rejected", "Row",
           "Sheet", "bulk_writes", "cell_text", "clean_text", "collect", "collector_paused", "find_header",
           "insert_many", "insert_rows", "is_blank", "is_blank_row", "listing", "make_date", "normalize_header",
           "one_line", "parse_bool", "parse_date", "parse_number", "parse_time_range", "read_rows",
           "record_import", "rows_text", "split_names"]
