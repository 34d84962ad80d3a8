"""Issue 14's acceptance: three departments packaged and imported; figures equal the source databases' own counts;
re-import changes nothing; tampered, path-traversing and bomb packages are refused with nothing written; a key
change is refused, then accepted when confirmed."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

from core.clock import FixedClock
from core.district import fmt, keys
from tests.conftest import TODAY
from tests.core.district.conftest import UNITS, YEAR, run, run_json

DISTRICT_TABLES = ("district_unit", "district_package", "district_staff", "district_session", "district_item",
                   "district_report", "district_attachment")


def source_counts(db: Path) -> dict:
    """The figures computed straight from a department's own database with plain SQL."""
    conn = sqlite3.connect(db)
    start, end, today = f"{YEAR}-01-01", f"{YEAR}-12-31", TODAY.isoformat()
    minimum = json.loads(conn.execute("select value from settings where key = 'unit.profile'").fetchone()[0])[
        "min_study_hours"]
    sessions, person_times, hours = conn.execute(
        "select count(*), sum(attended_count + outside_count), sum(hours) from study_session "
        "where held_on between ? and min(?, ?)", [start, end, today]).fetchone()
    staff = conn.execute("select count(*) from staff where active = 1").fetchone()[0]
    below = conn.execute(
        "select count(*) from staff st where st.active = 1 and coalesce((select sum(s.hours) from study_attendance a "
        "join study_session s on s.id = a.session_id where a.staff_id = st.id and a.status = 'attended' "
        "and s.held_on between ? and ?), 0) < ?", [start, end, minimum]).fetchone()[0]
    items, closed, overdue = conn.execute(
        "select count(*), sum(status = '已销号'), sum(status in ('未启动', '整改中') and standing = 0 "
        "and deadline < ?) from rectification where year = ?", [today, YEAR]).fetchone()
    conn.close()
    return {"sessions": sessions, "person_times": person_times, "hours": round(hours, 2), "staff": staff,
            "below_minimum": below, "items": items, "closed": closed, "overdue": overdue}


def district_rows(db: Path) -> dict[str, list]:
    if not db.exists():
        return {t: [] for t in DISTRICT_TABLES}
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"select * from {t}").fetchall() for t in DISTRICT_TABLES}
    finally:
        conn.close()


def test_show_district_equals_the_counts_in_each_source_database(departments, packages, district_db, capsys):
    code, imported = run_json("--db", district_db, "import", "package", *packages, capsys=capsys)
    assert code == 0
    assert [i["unit"] for i in imported["imported"]] == list(UNITS)
    assert not imported["skipped"] and not imported["rejected"] and imported["dry_run"] is False
    assert all(i["report"] and not i["replaced"] for i in imported["imported"])

    code, shown = run_json("--db", district_db, "show", "district", "--year", YEAR, capsys=capsys)
    assert code == 0 and shown["year"] == YEAR
    by_unit = {u["unit"]: u for u in shown["units"]}
    assert set(by_unit) == set(UNITS)
    expected = {name: source_counts(db) for name, (db, _pkg) in zip(UNITS, departments)}
    for name in UNITS:
        got = {k: v for k, v in by_unit[name].items() if k in expected[name]}
        assert got == expected[name], name
        # this year's report is still a draft in the demo, and 1 March of next year has not come
        assert (by_unit[name]["report_status"], by_unit[name]["submitted_on"], by_unit[name]["on_time"]) == (
            "未报送", None, None)
    assert len({by_unit[n]["person_times"] for n in UNITS}) == 3  # three different departments
    for key in expected[UNITS[0]]:
        assert shown["totals"][key] == round(sum(e[key] for e in expected.values()), 2), key


def test_last_years_report_shows_as_submitted_on_time(departments, tmp_path, district_db, capsys):
    db = departments[0][0]
    pkg = tmp_path / "last-year.lawdesk-pkg"
    assert run("--db", db, "export", "package", "--year", YEAR - 1, "--out", pkg)[0] == 0
    assert run("--db", district_db, "import", "package", pkg)[0] == 0
    _code, shown = run_json("--db", district_db, "show", "district", "--year", YEAR - 1, capsys=capsys)
    unit = shown["units"][0]
    assert (unit["report_status"], unit["submitted_on"], unit["on_time"]) == ("已报送", f"{YEAR}-02-26", True)


def test_importing_the_same_packages_again_changes_nothing(packages, district_db, capsys):
    assert run("--db", district_db, "import", "package", *packages)[0] == 0
    before = district_rows(district_db)
    code, again = run_json("--db", district_db, "import", "package", *packages, capsys=capsys)
    assert code == 1  # nothing taken
    assert not again["imported"] and not again["rejected"]
    assert [s["file"] for s in again["skipped"]] == [str(p) for p in packages]
    assert all("完全相同" in s["reason"] for s in again["skipped"])
    assert district_rows(district_db) == before


# -- refused with nothing written ------------------------------------------------------------------------
def repack(src: Path, dst: Path, change, signer: keys.Signer | None = None) -> None:
    """Rewrite a package: `change(members)` edits the dict of name → bytes; the manifest's list is redone and
    signed with `signer` (None: the old signature is kept, which then no longer matches)."""
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    old_signature = members.pop(fmt.SIGNATURE)
    manifest = json.loads(members.pop(fmt.MANIFEST))
    change(members)
    manifest["files"] = {n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for n, b in members.items()}
    raw = json.dumps(manifest, ensure_ascii=False).encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr(fmt.MANIFEST, raw)
        zf.writestr(fmt.SIGNATURE, signer.sign(raw) if signer else old_signature)


def signer_of(db: Path) -> keys.Signer:
    return keys.load_or_create(db)


def assert_refused(district_db: Path, pkg: Path, capsys, words: str) -> None:
    code, result = run_json("--db", district_db, "import", "package", pkg, capsys=capsys)
    assert code == 1
    assert not result["imported"] and len(result["rejected"]) == 1
    assert words in result["rejected"][0]["reason"], result["rejected"][0]["reason"]
    assert all(not rows for rows in district_rows(district_db).values())
    attachments = district_db.with_name(district_db.stem + ".attachments")
    assert not attachments.exists() or not any(p.is_file() for p in attachments.rglob("*"))


def test_one_byte_changed_is_refused(packages, district_db, capsys):
    pkg = packages[0]
    with zipfile.ZipFile(pkg) as zf:
        info = zf.getinfo("data/sessions.jsonl")
    data = bytearray(pkg.read_bytes())
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
    data[at] ^= 0x01
    pkg.write_bytes(bytes(data))
    assert_refused(district_db, pkg, capsys, "不能导入")


def test_a_signature_that_does_not_match_the_content_is_refused(packages, district_db, tmp_path, capsys):
    forged = tmp_path / "forged.lawdesk-pkg"

    def more_hours(members: dict) -> None:  # the counts are made to look better; the hashes are redone
        lines = members["data/sessions.jsonl"].decode().splitlines()
        first = json.loads(lines[0])
        first["hours"] = 24.0
        members["data/sessions.jsonl"] = "\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]).encode()

    repack(packages[0], forged, more_hours)
    assert_refused(district_db, forged, capsys, "签名与内容不符")


def test_a_member_outside_the_package_is_refused(departments, packages, district_db, tmp_path, capsys):
    evil = tmp_path / "evil.lawdesk-pkg"
    repack(packages[0], evil, lambda members: members.update({"../../evil.sh": b"rm -rf ~\n"}),
           signer=signer_of(departments[0][0]))  # properly signed: only the name gives it away
    assert_refused(district_db, evil, capsys, "不安全的路径")
    assert not (tmp_path.parent / "evil.sh").exists()


def test_a_zip_bomb_is_refused_before_it_is_inflated(departments, packages, district_db, tmp_path, capsys):
    bomb = tmp_path / "bomb.lawdesk-pkg"
    repack(packages[0], bomb, lambda members: members.update({"data/sessions.jsonl": b"\n" * (48 << 20)}),
           signer=signer_of(departments[0][0]))
    assert bomb.stat().st_size < 1 << 20
    assert_refused(district_db, bomb, capsys, "压缩炸弹")


def test_a_package_from_a_newer_version_is_refused(packages, district_db, tmp_path, capsys, departments):
    newer = tmp_path / "newer.lawdesk-pkg"
    with zipfile.ZipFile(packages[0]) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members[fmt.MANIFEST])
    manifest["format_version"] = fmt.FORMAT_VERSION + 1
    raw = json.dumps(manifest).encode()
    with zipfile.ZipFile(newer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, raw if name == fmt.MANIFEST else
                        signer_of(departments[0][0]).sign(raw) if name == fmt.SIGNATURE else data)
    assert_refused(district_db, newer, capsys, "更新版本")


# -- keys --------------------------------------------------------------------------------------------------
def test_a_new_key_is_refused_until_the_clerk_confirms_it(departments, packages, district_db, tmp_path, capsys):
    assert run("--db", district_db, "import", "package", packages[0])[0] == 0
    db = tmp_path / "reinstalled.db"  # the department's data on a new PC: same records, a new key
    src = sqlite3.connect(departments[0][0])
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    newer = tmp_path / "newer.lawdesk-pkg"
    later = FixedClock(TODAY.replace(day=TODAY.day + 1))
    assert run("--db", db, "export", "package", "--year", YEAR, "--out", newer, clock=later)[0] == 0
    old_fp, new_fp = signer_of(departments[0][0]).fingerprint, signer_of(db).fingerprint
    assert old_fp != new_fp

    code, refused = run_json("--db", district_db, "import", "package", newer, capsys=capsys)
    assert code == 1 and len(refused["rejected"]) == 1
    assert new_fp in refused["rejected"][0]["reason"] and old_fp in refused["rejected"][0]["reason"]
    assert "--accept-new-key" in refused["rejected"][0]["reason"]

    code, taken = run_json("--db", district_db, "import", "package", newer, "--accept-new-key", capsys=capsys)
    assert code == 0 and taken["imported"][0]["replaced"] is True
    conn = sqlite3.connect(district_db)
    fingerprint, history = conn.execute("select fingerprint, key_history from district_unit").fetchone()
    assert fingerprint == new_fp and json.loads(history)[0]["fingerprint"] == old_fp
    current, replaced = conn.execute("select sum(current), sum(current = 0 and replaced_by is not null) "
                                     "from district_package").fetchone()
    assert (current, replaced) == (1, 1)  # the older package stays as history
    conn.close()


def test_export_district_and_show_key_from_the_command_line(departments, packages, district_db, tmp_path, capsys):
    assert run("--db", district_db, "import", "package", *packages)[0] == 0
    for kind in ("xlsx", "docx"):
        code, out = run_json("--db", district_db, "export", "district", "--year", YEAR, "--format", kind,
                             "--out", tmp_path / f"汇总.{kind}", capsys=capsys)
        assert code == 0 and out["count"] == 3 and (tmp_path / f"汇总.{kind}").stat().st_size > 0
    code, text = run("--db", district_db, "show", "district", "--year", YEAR, capsys=capsys)
    assert code == 0 and all(name in text for name in UNITS) and "合计" in text
    code, key = run_json("--db", departments[0][0], "show", "key", capsys=capsys)
    assert key["fingerprint"] == signer_of(departments[0][0]).fingerprint
    code, sent = run_json("--db", departments[0][0], "export", "package", "--year", YEAR, "--no-attachments",
                          "--out", tmp_path / "bare.lawdesk-pkg", capsys=capsys)
    assert code == 0 and sent["counts"]["attachments"] == 0 and sent["fingerprint"] == key["fingerprint"]
