"""`import package`: verify each package, decide what to do with it, and keep what is taken read-only.

For each file, in order: the whole package is verified (core.district.reader); the signer's key is checked
against the key pinned for that unit (pinned on the unit's first package; another key is refused unless the
clerk confirms the change, `accept_new_key`); then the unit's current package of that year decides: none →
taken; identical → skipped; older → skipped; newer → taken, the older one's rows replaced and its package row
kept as history. A dry run makes the same checks and decisions (one file's outcome counts for the next, as in
a real import) and writes nothing. A real import writes all it takes in one transaction.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from core import attachments as attachment_store
from core import workdir
from core.db import Store
from core.district import fmt
from core.district.reader import Package, read_package
from core.errors import LawDeskError

Progress = Callable[..., None] | None


@dataclass
class ImportResult:
    imported: list[dict] = field(default_factory=list)  # file, unit, year, sessions, items, report, replaced
    skipped: list[dict] = field(default_factory=list)  # file, reason
    rejected: list[dict] = field(default_factory=list)  # file, reason (+ unit, old/new fingerprint: key changed)
    dry_run: bool = False
    pinned: list[dict] = field(default_factory=list)  # unit, fingerprint: keys remembered for the first time

    def to_json(self) -> dict:
        return {"imported": self.imported, "skipped": [_plain(s) for s in self.skipped],
                "rejected": [_plain(r) for r in self.rejected], "dry_run": self.dry_run}

    @property
    def key_changes(self) -> list[dict]:
        return [r for r in self.rejected if r.get("new_fingerprint")]

    def summary(self) -> str:
        verb = "可导入" if self.dry_run else "已导入"
        lines = [f"{verb} {len(self.imported)} 个报送包，跳过 {len(self.skipped)} 个，拒绝 {len(self.rejected)} 个。"
                 + ("（试运行：没有写入任何数据）" if self.dry_run else "")]
        lines += [f"  {verb}：{i['unit']} {i['year']}年度（学法 {i['sessions']} 次，整改 {i['items']} 项"
                  f"{'，含年度报告' if i['report'] else ''}）{'，替换了之前导入的版本' if i['replaced'] else ''}"
                  for i in self.imported]
        lines += [f"  首次导入“{p['unit']}”，已记住其密钥指纹 {p['fingerprint']}，请与该单位电话核对。" for p in self.pinned]
        lines += [f"  跳过 {Path(s['file']).name}：{s['reason']}" for s in self.skipped]
        lines += [f"  拒绝 {Path(r['file']).name}：{r['reason']}" for r in self.rejected]
        return "\n".join(lines)


def _plain(entry: dict) -> dict:
    return {"file": entry["file"], "reason": entry["reason"]}


class _State:
    """Pins and current packages as the database has them, plus what this run has decided so far."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pins: dict[str, str] = {}
        self.current: dict[tuple[str, int], tuple[str, str]] = {}

    def pin(self, unit: str) -> str | None:
        if unit not in self.pins:
            self.pins[unit] = self.store.scalar("select fingerprint from district_unit where name = ?", [unit])
        return self.pins[unit]

    def latest(self, unit: str, year: int) -> tuple[str, str] | None:
        if (unit, year) not in self.current:
            row = self.store.conn.execute(
                "select p.created, p.sha256 from district_package p join district_unit u on u.id = p.unit_id "
                "where u.name = ? and p.year = ? and p.current = 1", [unit, year]).fetchone()
            self.current[(unit, year)] = tuple(row) if row else None  # type: ignore[assignment]
        return self.current[(unit, year)]

    def take(self, package: Package) -> None:
        self.pins[package.unit] = package.fingerprint
        self.current[(package.unit, package.year)] = (package.created, package.sha256)


def import_packages(store: Store, files: Iterable[Path | str], *, dry_run: bool = False,
                    accept_new_key: bool = False, accept_units: Collection[str] = (),
                    progress: Progress = None) -> ImportResult:
    """Verify and (unless `dry_run`) take each package; `accept_units` confirms a key change for those units."""
    files = [Path(f) for f in files]
    result = ImportResult(dry_run=dry_run)
    state = _State(store)
    with workdir.job(store.path, "exchange") as job:
        with nullcontext() if dry_run else store.transaction():
            for i, path in enumerate(files):
                if progress:
                    progress(i, len(files), f"正在校验“{path.name}”…")
                _one(store, path, job.path, state, result, accept_new_key, set(accept_units))
        if progress:
            progress(len(files), len(files), "完成")
    return result


def _one(store: Store, path: Path, work: Path, state: _State, result: ImportResult, accept_new_key: bool,
         accept_units: set[str]) -> None:
    folder = work / f"p{len(result.imported) + len(result.skipped) + len(result.rejected)}"
    folder.mkdir()
    try:
        package = read_package(path, None if result.dry_run else folder)
    except LawDeskError as exc:
        result.rejected.append({"file": str(path), "reason": exc.message})
        return
    pinned = state.pin(package.unit)
    if pinned is not None and pinned != package.fingerprint and not (accept_new_key or package.unit in accept_units):
        result.rejected.append(_key_changed(path, package, pinned))
        return
    latest = state.latest(package.unit, package.year)
    reason = _why_skip(package, latest)
    if reason:
        result.skipped.append({"file": str(path), "reason": reason, "unit": package.unit, "year": package.year})
        return
    if not result.dry_run:
        write_package(store, package, path.name)
    if pinned is None:
        result.pinned.append({"unit": package.unit, "fingerprint": package.fingerprint})
    state.take(package)
    result.imported.append({
        "file": str(path), "unit": package.unit, "year": package.year,
        "sessions": len(package.records["sessions"]), "items": len(package.records["items"]),
        "report": bool(package.records["report"]), "replaced": latest is not None,
    })


def _key_changed(path: Path, package: Package, pinned: str) -> dict:
    return {
        "file": str(path), "unit": package.unit, "old_fingerprint": pinned, "new_fingerprint": package.fingerprint,
        "reason": (f"“{package.unit}”这次使用了新的签名密钥（指纹 {package.fingerprint}），与之前记住的"
                   f"（指纹 {pinned}）不同。{fmt.NOTHING_WRITTEN}请先打电话与该单位核对新指纹（对方重装系统或换了电脑"
                   "时会更换密钥）；核对无误后在导入时确认接受新密钥（命令行加 --accept-new-key）。"),
    }


def _why_skip(package: Package, latest: tuple[str, str] | None) -> str:
    if latest is None:
        return ""
    created, sha = latest
    if sha == package.sha256:
        return f"与已导入的{package.unit} {package.year}年度报送包完全相同，无需再导入"
    if package.created < created:
        return (f"比已导入的{package.unit} {package.year}年度报送包（{created.replace('T', ' ')}生成）旧，"
                "已保留较新的那份")
    if package.created == created:
        return f"与已导入的报送包生成时间相同但内容不同，请让{package.unit}重新导出后再发送"
    return ""


# -- writing ---------------------------------------------------------------------------------------------
def write_package(store: Store, package: Package, file_name: str) -> int:
    """Take a verified package (in the caller's transaction); returns its package id."""
    now = store.clock.stamp()
    with store.transaction():
        unit_id = _unit(store, package, now)
        old = store.scalar("select id from district_package where unit_id = ? and year = ? and current = 1",
                           [unit_id, package.year])
        if old is not None:
            _drop_rows(store, old)
            store.conn.execute("update district_package set current = 0, replaced_at = ? where id = ?", [now, old])
        m = package.manifest
        package_id = store.conn.execute(
            "insert into district_package (unit_id, year, created, format_version, app_version, schema, fingerprint,"
            " sha256, file_name, imported_at, counts) values (?,?,?,?,?,?,?,?,?,?,?)",
            [unit_id, package.year, package.created, m["format_version"], m["app_version"], m["schema"],
             package.fingerprint, package.sha256, file_name, now, json.dumps(m["counts"])]).lastrowid
        if old is not None:
            store.conn.execute("update district_package set replaced_by = ? where id = ?", [package_id, old])
        _write_records(store, package_id, package.records)
        _write_attachments(store, package_id, package)
        store.audit(f"导入汇总报送包：{package.unit} {package.year}年度", "district_package", package_id,
                    {"replaced": old} if old else None, {"file": file_name, "counts": m["counts"]})
        store.notify("district_package", package_id, "insert")
    return package_id


def _unit(store: Store, package: Package, now: str) -> int:
    unit = package.manifest["unit"]
    row = store.conn.execute("select id, fingerprint, public_key, key_history from district_unit where name = ?",
                             [unit["name"]]).fetchone()
    public = package.manifest["signer"]["public_key"]
    if row is None:
        return store.conn.execute(
            "insert into district_unit (name, short_name, credit_code, public_key, fingerprint, pinned_at) "
            "values (?,?,?,?,?,?)",
            [unit["name"], unit["short_name"], unit["credit_code"], public, package.fingerprint, now]).lastrowid
    unit_id, fingerprint, old_key, history = row
    changes = {"short_name": unit["short_name"], "credit_code": unit["credit_code"]}
    if fingerprint != package.fingerprint:  # the clerk confirmed the new key
        earlier = json.loads(history)
        earlier.append({"public_key": old_key, "fingerprint": fingerprint, "replaced_at": now})
        changes.update(public_key=public, fingerprint=package.fingerprint, pinned_at=now,
                       key_history=json.dumps(earlier))
        store.audit(f"接受“{unit['name']}”的新签名密钥 {package.fingerprint}（原 {fingerprint}）", "district_unit",
                    unit_id, None, None)
    sets = ", ".join(f"[{k}] = ?" for k in changes)
    store.conn.execute(f"update district_unit set {sets} where id = ?", [*changes.values(), unit_id])
    return unit_id


def _drop_rows(store: Store, package_id: int) -> None:
    """The replaced package's records go; its package row stays (history: when, what it counted, by whom)."""
    for table in ("district_staff", "district_session", "district_item", "district_report", "district_attachment"):
        store.conn.execute(f"delete from [{table}] where package_id = ?", [package_id])


_STAFF = ("uuid", "name", "department", "position", "is_leader", "active", "left_on", "sessions", "hours",
          "on_leave", "minimum", "reached")
_SESSION = ("uuid", "held_on", "start_time", "end_time", "form", "topic", "location", "lecturer", "host",
            "recorder", "hours", "attended_count", "on_leave_count", "outside_count", "laws_text", "summary")
_ITEM = ("uuid", "number", "year", "source", "source_doc", "problem", "goal", "leader", "department", "owner",
         "deadline", "standing", "status", "completed_on", "completion", "closed_on", "closed_by")


def _insert(store: Store, table: str, package_id: int, columns: tuple[str, ...], rows: list[tuple]) -> None:
    names = ", ".join(("package_id", *columns))
    marks = ", ".join("?" * (len(columns) + 1))
    store.conn.executemany(f"insert into [{table}] ({names}) values ({marks})", [(package_id, *r) for r in rows])


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_records(store: Store, package_id: int, records: dict[str, list[dict]]) -> None:
    _insert(store, "district_staff", package_id, _STAFF, [tuple(r[c] for c in _STAFF) for r in records["staff"]])
    _insert(store, "district_session", package_id, (*_SESSION, "attendees", "attachments"),
            [(*(r[c] for c in _SESSION), _dump(r["attendees"]), _dump(r["attachments"])) for r in records["sessions"]])
    _insert(store, "district_item", package_id, (*_ITEM, "measures", "log", "evidence"),
            [(*(r[c] for c in _ITEM), _dump(r["measures"]), _dump(r["log"]), _dump(r["evidence"]))
             for r in records["items"]])
    _insert(store, "district_report", package_id,
            ("uuid", "year", "title", "status", "status_dates", "issued_on", "content"),
            [(r["uuid"], r["year"], r["title"], r["status"], _dump(r["status_dates"]), r["issued_on"], _dump(r))
             for r in records["report"]])


def _write_attachments(store: Store, package_id: int, package: Package) -> None:
    """Files into the attachment store (shared by content with any identical file already there)."""
    names = {f["sha256"]: f["name"] for s in package.records["sessions"] for f in s["attachments"]}
    names.update({f["sha256"]: f["name"] for i in package.records["items"] for f in i["evidence"]})
    for sha, extracted in package.attachments.items():
        attachment_id = store.scalar("select id from attachment where sha256 = ? order by id limit 1", [sha])
        if attachment_id is None:
            attachment_id = attachment_store.add_file(store, extracted, names.get(sha, sha))
        store.conn.execute("insert into district_attachment (package_id, attachment_id, sha256) values (?,?,?)",
                           [package_id, attachment_id, sha])
