"""Preview and commit plumbing every importer shares: rows parsed into accepted items and rejected rows
(with their Excel row numbers), warnings, and the bulk write.

    sheet = tabular.read_rows(path)                                   # ImportFileError if unreadable
    header = tabular.find_header(sheet, COLUMNS, required=("name",))  # field -> column, below title rows
    preview = tabular.collect(sheet, header, parse_row)               # parse_row(Record) -> item or ValueError
    ...                                                               # feature checks: duplicates, unknown names
    ids = tabular.insert_rows(store, "staff", rows, action="导入人员", file=preview.file)  # one transaction

`preview_xxx(store, path)` runs every check and writes nothing, so a dry run says exactly what the import
will do; `commit_xxx(store, preview)` writes the accepted rows in ONE transaction with executemany, ONE
audit row holding what was imported, one pass of the search index over the new records and one change
announcement for the table (`insert_many` inside `bulk_writes` + `record_import`, or `insert_rows` for a
single table).
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date, time
from typing import Any, Generic, Protocol, TypeVar

from core.errors import RuleViolation
from core.features import present
from core.tabular.headers import HeaderMap, Record
from core.tabular.reading import Sheet

# modules whose `take_in(store, table, ids)` indexes new records in bulk, and whose `unqueued(store, tables)`
# spares the change tracking of rows it will index so
INDEXERS = ("core.search.index",)


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
    limits: list[str] = field(default_factory=list)  # the feature's field limits, as the preview lists them

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
    preview: ImportPreview[T] = ImportPreview(file=sheet.file, warnings=list(sheet.warnings))
    with collector_paused():
        for rec in header.records(sheet):
            try:
                item = parse(rec)
            except (ValueError, RuleViolation) as exc:
                preview.reject(rec.number, str(exc))
                continue
            if item is not None:
                preview.accepted.append(item)
    return preview


def insert_many(store: Any, table: str, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert rows (all with the columns of the first) with one executemany; returns their ids in order.

    Run inside the import's transaction, which holds the write lock: the new rows are the only ones above
    the largest id before them, so reading them back in id order gives each row its id.
    """
    if not rows:
        return []
    cols = list(rows[0])
    with store.transaction():
        before = store.scalar(f"select coalesce(max(rowid), 0) from [{table}]")
        store.conn.executemany(f"insert into [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                               f"values ({', '.join('?' * len(cols))})", ([row[c] for c in cols] for row in rows))
        ids = [r[0] for r in store.conn.execute(f"select rowid from [{table}] where rowid > ? order by rowid", [before])]
        if len(ids) != len(rows):  # pragma: no cover - only if the table's ids ever stopped counting up
            raise RuleViolation(f"导入时编号分配异常（{table}），已撤销本次导入，数据未改动。")
    return ids


@contextmanager
def bulk_writes(store: Any, *tables: str) -> Iterator[None]:
    """Around an import's inserts, inside its transaction: rows written to `tables` are left to
    `record_import` to index (call it for every record they show in), so the indexers' change tracking skips
    them; and the cycle collector waits (`collector_paused`)."""
    with ExitStack() as stack:
        for indexer in present(INDEXERS):
            stack.enter_context(indexer.unqueued(store, tables))
        stack.enter_context(collector_paused())
        yield


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while an import parses or writes its rows, on again after (left alone
    when something else turned it off). An import makes a million small objects that live until it ends, and
    each full collection walked all of them: a tenth of a 10,000-row import. Rows and records hold no cycles;
    what garbage does is collected once the collector runs again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def record_import(store: Any, table: str, ids: Sequence[int], *, action: str, file: str, content: dict) -> None:
    """One audit row holding what was imported (`content`: columns and rows, compact), the new records
    indexed for search in one pass, and `table` announced as changed (call it inside the import's transaction)."""
    store.audit(action, table, None, None, {"file": file, "count": len(ids), **content})
    for indexer in present(INDEXERS):
        indexer.take_in(store, table, ids)
    store.notify(table, None, "insert")


def insert_rows(store: Any, table: str, rows: Sequence[Mapping[str, Any]], *, action: str, file: str = "") -> list[int]:
    """Insert many rows of one table in ONE transaction with ONE audit row holding them (`record_import`)."""
    with store.transaction(), bulk_writes(store, table):
        ids = insert_many(store, table, rows)
        columns = list(rows[0]) if rows else []
        record_import(store, table, ids, action=action, file=file, content={
            "columns": ["id", *columns], "rows": [[i, *(row[c] for c in columns)] for i, row in zip(ids, rows)]})
    return ids
