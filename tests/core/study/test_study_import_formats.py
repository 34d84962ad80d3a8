"""Old and other spreadsheet formats: the demo 学法台账 exported as .xlsx and saved by LibreOffice as .xls and
.ods (tests/data/ledgers/) import as the same records; a WPS .et and a file with the wrong extension too."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.db import open_store
from core.study import importer

LEDGERS = Path(__file__).resolve().parents[2] / "data" / "ledgers"
SESSION_COLUMNS = ("held_on", "start_time", "end_time", "location", "form", "topic", "lecturer_name", "host",
                   "recorder", "hours", "outside_count", "summary", "attended_count", "on_leave_count", "laws_text")


def preview_of(store, path: Path) -> tuple:
    result = importer.preview(store, path)
    return ([{**importer.describe(i), "row": i.row} for i in result.accepted],
            [(r.row, r.reason) for r in result.rejected], result.warnings)


def imported(tmp_path: Path, path: Path) -> list[tuple]:
    with open_store(tmp_path / f"{path.suffix[1:]}.db") as store:
        importer.commit(store, importer.preview(store, path))
        return store.conn.execute(f"select {', '.join(SESSION_COLUMNS)} from study_session order by id").fetchall()


def test_fixtures_are_small():
    assert all(p.stat().st_size < 50_000 for p in LEDGERS.glob("study-2026.*"))


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_xls_and_ods_give_the_same_records_as_the_xlsx(store, tmp_path, suffix):
    xlsx = LEDGERS / "study-2026.xlsx"
    other = LEDGERS / f"study-2026{suffix}"
    expected = preview_of(store, xlsx)
    assert len(expected[0]) == 22 and not expected[1]
    assert preview_of(store, other) == expected
    rows = imported(tmp_path, other)
    assert rows == imported(tmp_path, xlsx) and len(rows) == 22


@pytest.mark.parametrize("source, name", [("study-2026.xls", "台账.et"), ("study-2026.xlsx", "台账.xls"),
                                          ("study-2026.ods", "台账.xlsx")])
def test_the_format_is_told_from_the_bytes_not_the_name(store, tmp_path, source, name):
    path = shutil.copyfile(LEDGERS / source, tmp_path / name)
    assert preview_of(store, Path(path)) == preview_of(store, LEDGERS / "study-2026.xlsx")
