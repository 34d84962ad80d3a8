"""Exchange packages in detail: UUIDs, keys, the reader's refusals, replacing and skipping, dry runs."""
from __future__ import annotations

import json
import os
import stat
import sys
import zipfile
from datetime import date

import pytest

from core import unit
from core.clock import FixedClock
from core.db import open_store
from core.district import collect, fmt, keys, receive, send
from core.district.fmt import PackageError
from core.district.reader import read_package
from tests.conftest import TODAY
from tests.core.district import synth

YEAR = TODAY.year


def test_records_keep_their_uuids_from_one_package_to_the_next(demo_store, tmp_path):
    first = collect.collect(demo_store, YEAR)
    again = collect.collect(demo_store, YEAR)
    for kind in ("staff", "sessions", "items", "report"):
        assert [r["uuid"] for r in first.records[kind]] == [r["uuid"] for r in again.records[kind]]
    assert demo_store.scalar("select count(*) from study_session where uuid is null "
                             f"and held_on < '{YEAR}-01-01'") == 0  # every record got one, not only the year's
    assert collect.assign_uuids(demo_store) == 0


def test_a_planned_session_is_not_sent(demo_store):
    sent = collect.collect(demo_store, YEAR).records["sessions"]
    assert sent and max(s["held_on"] for s in sent) <= TODAY.isoformat()
    assert demo_store.scalar("select count(*) from study_session where held_on > ?", [TODAY.isoformat()]) == 1


def test_a_unit_without_a_name_is_told_to_fill_it_in(store, tmp_path):
    with pytest.raises(Exception, match="单位全称"):
        send.export_package(store, YEAR, tmp_path / "x.lawdesk-pkg")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_private_key_is_made_once_readable_by_its_owner_only_and_kept_outside_the_database(store):
    signer = keys.load_or_create(store.path)
    path = keys.key_path(store.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.load_or_create(store.path).fingerprint == signer.fingerprint
    assert len(signer.fingerprint) == 19 and signer.fingerprint.count("-") == 3
    os.chmod(path, 0o644)  # copied carelessly: tightened again on use
    keys.load_or_create(store.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secret = path.read_text().split("\n")[1].encode()  # the PEM's base64 line
    stored = b"".join(p.read_bytes() for p in store.path.parent.glob(store.path.name + "*") if p.is_file())
    assert secret not in stored


def test_the_package_carries_the_unit_year_and_a_hash_of_every_member(demo_store, tmp_path):
    profile = unit.load(demo_store)
    profile.credit_code = "11360100MB1234567X"
    unit.save(demo_store, profile)
    written = send.export_package(demo_store, YEAR, tmp_path / "p.lawdesk-pkg")
    package = read_package(written.path)
    m = package.manifest
    assert (m["format"], m["format_version"], m["year"], m["unit"]["credit_code"]) == (
        fmt.FORMAT, fmt.FORMAT_VERSION, YEAR, "11360100MB1234567X")
    assert m["created"] == demo_store.clock.stamp()
    assert m["schema"] == "0610_district" and m["app_version"]
    with zipfile.ZipFile(written.path) as zf:
        names = set(zf.namelist())
    assert names == {*m["files"], fmt.MANIFEST, fmt.SIGNATURE}
    assert m["counts"]["attachments"] == sum(1 for n in names if n.startswith("attachments/")) > 0
    without = send.export_package(demo_store, YEAR, tmp_path / "q.lawdesk-pkg", attachments=False)
    assert without.counts["attachments"] == 0
    assert read_package(without.path).records["items"] == package.records["items"]  # names and hashes kept


def _rezip(src, dst, rename: dict[str, str] | None = None, extra: dict[str, bytes] | None = None) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr((rename or {}).get(info.filename, info.filename), zin.read(info))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)


@pytest.mark.parametrize("name, words", [
    ("/etc/passwd", "不安全的路径"), ("C:/evil.txt", "不安全的路径"), ("data\\sessions.jsonl", "不安全的路径"),
    ("data/../../x", "不安全的路径"), ("notes.txt", "不认识的文件"), ("data/", "不安全的路径"),
])
def test_unsafe_or_unknown_member_names_are_refused(tmp_path, name, words):
    good = tmp_path / "good.lawdesk-pkg"
    synth.package(good, "某局", YEAR, keys.load_or_create(tmp_path / "k.db"), sessions=3, items=2)
    bad = tmp_path / "bad.lawdesk-pkg"
    _rezip(good, bad, extra={name: b"x"})
    with pytest.raises(PackageError, match=words):
        read_package(bad)


def test_a_duplicated_member_is_refused(tmp_path):
    good = tmp_path / "good.lawdesk-pkg"
    synth.package(good, "某局", YEAR, keys.load_or_create(tmp_path / "k.db"), sessions=3, items=2)
    bad = tmp_path / "dup.lawdesk-pkg"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout, pytest.warns(UserWarning):
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        zout.writestr("data/items.jsonl", zin.read("data/items.jsonl"))
    with pytest.raises(PackageError, match="出现了两次"):
        read_package(bad)


@pytest.mark.parametrize("content, words", [
    (b"", "空的"), (b"PK\x05\x06" + b"\x00" * 18, "不能导入"), (b"not a zip at all", "已损坏"),
])
def test_empty_and_damaged_files_are_refused(tmp_path, content, words):
    path = tmp_path / "x.lawdesk-pkg"
    path.write_bytes(content)
    with pytest.raises(PackageError, match=words):
        read_package(path)


def test_a_record_out_of_range_is_refused_even_when_signed(tmp_path):
    signer = keys.load_or_create(tmp_path / "k.db")
    path = tmp_path / "p.lawdesk-pkg"
    rows = synth.records(YEAR, sessions=2, items=1)
    rows["sessions"][0]["hours"] = 99
    from core.district import writer

    writer.write_package(path, unit={"name": "某局", "short_name": "", "credit_code": ""}, year=YEAR,
                         created=f"{YEAR}-05-01T09:00:00", signer=signer, schema="x", records=rows)
    with pytest.raises(PackageError, match="第 1 行不合规：字段“hours”应为 0 到 24"):
        read_package(path)


# -- receiving -------------------------------------------------------------------------------------------
@pytest.fixture
def signer(tmp_path) -> keys.Signer:
    return keys.load_or_create(tmp_path / "sender.db")


def test_a_newer_package_replaces_the_older_which_stays_as_history(store, tmp_path, signer):
    old, new = tmp_path / "old.lawdesk-pkg", tmp_path / "new.lawdesk-pkg"
    synth.package(old, "青山区某局", YEAR, signer, created=f"{YEAR}-06-01T09:00:00", sessions=10, items=4, seed=1)
    synth.package(new, "青山区某局", YEAR, signer, created=f"{YEAR}-07-01T09:00:00", sessions=12, items=5, seed=1)
    assert receive.import_packages(store, [old]).imported[0]["replaced"] is False
    taken = receive.import_packages(store, [new])
    assert taken.imported[0]["replaced"] is True
    assert store.scalar("select count(*) from district_session") == 12
    history = store.query("select created, current, replaced_by from district_package order by created")
    assert [(h["current"], h["replaced_by"] is not None) for h in history] == [(0, True), (1, False)]
    again = receive.import_packages(store, [old])
    assert not again.imported and "旧" in again.skipped[0]["reason"]
    assert store.scalar("select count(*) from district_session") == 12


def test_a_dry_run_decides_as_the_import_would_and_writes_nothing(store, tmp_path, signer):
    a, b = tmp_path / "a.lawdesk-pkg", tmp_path / "b.lawdesk-pkg"
    synth.package(a, "甲局", YEAR, signer, sessions=3, items=1)
    synth.package(b, "乙局", YEAR, keys.load_or_create(tmp_path / "other.db"), sessions=2, items=1)
    before = store.conn.total_changes
    dry = receive.import_packages(store, [a, b, a], dry_run=True)
    assert dry.dry_run and [i["unit"] for i in dry.imported] == ["甲局", "乙局"]
    assert len(dry.skipped) == 1  # the same file twice: the second is skipped, as it would be for real
    assert store.conn.total_changes == before
    real = receive.import_packages(store, [a, b, a])
    assert real.to_json()["imported"] == dry.to_json()["imported"]
    assert real.to_json()["skipped"] == dry.to_json()["skipped"]


def test_received_records_are_read_only(store, tmp_path, signer):
    pkg = tmp_path / "a.lawdesk-pkg"
    synth.package(pkg, "甲局", YEAR, signer, sessions=3, items=1)
    receive.import_packages(store, [pkg])
    import sqlite3

    for table in ("district_session", "district_item", "district_staff", "district_report"):
        with pytest.raises(sqlite3.IntegrityError, match="只读"):
            store.conn.execute(f"update {table} set package_id = package_id")


def test_the_district_view_marks_late_reports_and_counts_overdue_items(tmp_path, signer):
    clock = FixedClock(date(YEAR + 1, 3, 2))  # the day after the deadline of the report on YEAR
    with open_store(tmp_path / "d.db", clock=clock) as store:
        late, missing, early = (tmp_path / f"{n}.lawdesk-pkg" for n in ("late", "missing", "early"))
        synth.package(late, "迟报局", YEAR, signer, sessions=2, items=3, submitted_on=f"{YEAR + 1}-03-02")
        synth.package(missing, "未报局", YEAR, keys.load_or_create(tmp_path / "2.db"), sessions=2, items=3,
                      report_status="草稿")
        synth.package(early, "按时局", YEAR, keys.load_or_create(tmp_path / "3.db"), sessions=2, items=3,
                      submitted_on=f"{YEAR + 1}-03-01")
        receive.import_packages(store, [late, missing, early])
        from core.district import view

        shown = {u.unit: u for u in view.district(store, YEAR).units}
        assert (shown["迟报局"].report_status, shown["迟报局"].on_time) == ("已报送", False)
        assert (shown["未报局"].report_status, shown["未报局"].on_time) == ("未报送", False)
        assert (shown["按时局"].submitted_on, shown["按时局"].on_time) == (f"{YEAR + 1}-03-01", True)
        items = store.query("select status, deadline, standing from district_item where package_id = ?",
                            [shown["按时局"].package_id])
        assert shown["按时局"].overdue == sum(1 for i in items if i["status"] in ("未启动", "整改中"))
        assert view.district(store, YEAR - 1).units[0].received is False  # known units, nothing for that year
        assert json.dumps(view.district(store, YEAR).to_json(), ensure_ascii=False)
