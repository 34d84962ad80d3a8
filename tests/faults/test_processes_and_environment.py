"""Two processes at once and a hostile environment: every case ends in a Chinese message, exit code 1 and the
data unchanged — never a traceback. Two imports take turns; a reader never aborts an import; an open window
keeps writing commands out; a read-only file or folder still reads; a full disk, an immutable file and a
locked-out lock file are told as what they are. Also: attachments checked on read and repaired by re-adding,
and the audit log keeping what the recycle bin and the attachment purge removed.

Root ignores the mode bits, so "read-only" is made with `chattr +i` (removed in every teardown) and "full" with a
1 MB tmpfs (or SQLite's own page limit where mounting is not allowed).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from core import attachments, recycle
from core.cli import main as cli_main
from core.db import open_store
from core.errors import AttachmentTampered, message_of
from core.lock import InstanceLock
from core.staff import roster

ROOT = Path(__file__).resolve().parents[2]
REPORT = "关于{year}年法治政府建设情况的报告\n区委、区政府：\n一、主要举措和成效\n（一）深入学习宣传宪法。全年组织学法{n}次。\n"


# -- helpers -------------------------------------------------------------------------------------------
def state(db: Path) -> str:
    """A digest of every row of every table (read-only: taking it changes nothing)."""
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        names = [r[0] for r in conn.execute("select name from sqlite_master where type='table' and sql not like 'create virtual%' order by name")]
        for name in names:
            for row in sorted(map(repr, conn.execute(f"select * from [{name}]"))):
                digest.update(row.encode())
        return digest.hexdigest()
    finally:
        conn.close()


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def start_cli(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(db), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_refused(code: int, err: str, *words: str) -> None:
    assert code == 1, err
    assert "Traceback" not in err and "sqlite3." not in err and "Error:" not in err, err
    assert "错误：" in err, err
    for word in words:
        assert word in err, err


@contextmanager
def immutable(*targets: Path) -> Iterator[None]:
    """`chattr +i`: what root cannot write either; always undone, or tmp_path could not be removed."""
    done: list[Path] = []
    try:
        for target in targets:
            if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode:
                pytest.skip("chattr +i is not available here")
            done.append(target)
        yield
    finally:
        for target in done:
            subprocess.run(["chattr", "-i", str(target)], capture_output=True)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "data" / "lawdesk.db"
    with open_store(path) as store:
        roster.add(store, "张三", "办公室")
        roster.add(store, "李四", "法规科")
    return path


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "报告.txt"
    path.write_text(REPORT.format(year=2025, n=12), encoding="utf-8")
    return path


# -- two processes at once -----------------------------------------------------------------------------
def test_two_imports_at_once_take_turns(db, tmp_path):
    files = []
    for n in range(2):
        f = tmp_path / f"报告{n}.txt"
        f.write_text(REPORT.format(year=2020 + n, n=n) + "测试段落。" * 20000, encoding="utf-8")
        files.append(f)
    procs = [start_cli(db, "import", "report", str(f)) for f in files]
    results = [(p.wait(60), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    for code, _out, err in results:
        assert "Traceback" not in err and "database is locked" not in err, err
        assert code == 0 or ("另一个" in err and "再试" in err), err
    with open_store(db) as store:
        years = {r["year"] for r in store.query("select year from report")}
    assert {2020 + i for i, (code, _, _) in enumerate(results) if code == 0} <= years


WRITER = textwrap.dedent("""
    import sys
    from core.db import open_store
    from core.lock import COMMAND, InstanceLock
    from core.staff import roster
    lock = InstanceLock(sys.argv[1], holder=COMMAND)
    lock.acquire()
    with open_store(sys.argv[1]) as store:
        with store.transaction():
            roster.add(store, "导入中的人", "办公室")
            print("ready", flush=True)
            sys.stdin.readline()  # the test lets go once the reader has finished
    print("committed", flush=True)
""")


@pytest.mark.parametrize("command", [
    ["search", "张三"],
    ["export", "study", "--year", "2025", "--format", "xlsx", "--out", "{tmp}/学法.xlsx"],
    ["check", "report", "1"],
    ["backup", "--out", "{tmp}/b.lawdesk-backup"],
])
def test_a_reader_during_an_import_does_not_abort_it(db, report, tmp_path, command):
    run_cli(db, "import", "report", str(report))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        reader = run_cli(db, *[a.format(tmp=tmp_path) for a in command])  # the import's write lock is held
        assert reader.returncode == 0, reader.stderr
        assert "Traceback" not in reader.stderr
    finally:
        out, err = writer.communicate("go\n", timeout=30)
    assert writer.returncode == 0 and "committed" in out, err
    with open_store(db) as store:
        assert store.scalar("select count(*) from staff where name = '导入中的人'") == 1


@pytest.mark.parametrize("command", [["import", "report", "{report}"], ["demo"]])
def test_a_writing_command_respects_the_open_window(db, report, capsys, command):
    before = state(db)
    with InstanceLock(db):  # what the window holds while open
        code = cli_main(["--db", str(db), *[a.format(report=report) for a in command]])
    assert_refused(code, capsys.readouterr().err, "窗口", "数据没有任何改动")
    assert state(db) == before


def test_backup_may_run_beside_the_window_without_disturbing_its_writes(db, tmp_path):
    """A backup only reads (a snapshot through SQLite's backup API): allowed while the window is open."""
    out = tmp_path / "b.lawdesk-backup"
    with InstanceLock(db), open_store(db) as window_store:
        backup = start_cli(db, "backup", "--out", str(out))
        for n in range(20):  # the window goes on saving while the backup runs
            roster.add(window_store, f"窗口{n}", "办公室")
        code = backup.wait(60)
        err = backup.stderr.read()
        backup.stdout.close()
        backup.stderr.close()
        window_store.close(truncate=True)
    assert code == 0, err
    assert out.exists()
    with open_store(db) as store:
        assert store.scalar("select count(*) from staff where name like '窗口%'") == 20


# -- the environment -----------------------------------------------------------------------------------
READERS = [["search", "张三"], ["export", "study", "--year", "2025", "--format", "xlsx", "--out", "{tmp}/x.xlsx"]]


@pytest.mark.parametrize("command", READERS)
def test_a_read_only_database_file_still_reads(db, tmp_path, command):
    with immutable(db):
        result = run_cli(db, *[a.format(tmp=tmp_path) for a in command])
    assert result.returncode == 0, result.stderr
    assert "损坏" not in result.stderr


def test_writing_into_a_read_only_database_file_says_read_only(db, report):
    before = state(db)
    with immutable(db):
        result = run_cli(db, "import", "report", str(report))
    assert_refused(result.returncode, result.stderr, "只读", "无法导入")
    assert "损坏" not in result.stderr
    assert state(db) == before


@pytest.mark.parametrize("command", READERS)
def test_a_read_only_data_folder_still_reads(db, tmp_path, command):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with immutable(db, db.parent):
        result = run_cli(db, *[a.format(tmp=out_dir) for a in command])
    assert result.returncode == 0, result.stderr
    assert "损坏" not in result.stderr


def test_writing_into_a_read_only_data_folder_says_read_only(db, report):
    before = state(db)
    with immutable(db, db.parent):
        result = run_cli(db, "import", "report", str(report))
    assert_refused(result.returncode, result.stderr, "只读", "数据没有任何改动")
    assert state(db) == before


def test_a_lock_file_that_cannot_be_opened(db, report):
    lock = Path(str(db) + ".lock")
    lock.touch()
    before = state(db)
    with immutable(lock):
        result = run_cli(db, "import", "report", str(report))
    assert_refused(result.returncode, result.stderr, "锁定数据库", "权限")
    assert state(db) == before


@pytest.fixture
def tiny_disk(tmp_path) -> Iterator[Path]:
    mount = tmp_path / "tiny"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_on_import(tiny_disk, tmp_path):
    db = tiny_disk / "lawdesk.db"
    with open_store(db) as store:
        roster.add(store, "张三", "办公室")
    filler = tiny_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk, then give back a few pages: the import runs out in the middle
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(filler, max(0, filler.stat().st_size - 64 * 1024))
    big = tmp_path / "大报告.txt"
    big.write_text(REPORT.format(year=2025, n=1) + "很长的正文。" * 60000, encoding="utf-8")
    before = state(db)
    result = run_cli(db, "import", "report", str(big))
    assert_refused(result.returncode, result.stderr, "磁盘空间已满")
    assert state(db) == before


def test_a_full_disk_told_by_sqlite(db, report, monkeypatch, capsys):
    """Where no tmpfs can be mounted: SQLite's page limit raises the very SQLITE_FULL a full disk does."""
    import core.cli

    def full_store(path, **kwargs):
        store = open_store(path, **kwargs)
        store.conn.execute(f"pragma max_page_count = {store.scalar('pragma page_count')}")
        return store

    monkeypatch.setattr(core.cli, "open_store", full_store)
    report.write_text(REPORT.format(year=2025, n=1) + "很长的正文。" * 20000, encoding="utf-8")  # past free pages
    before = state(db)
    code = cli_main(["--db", str(db), "import", "report", str(report)])
    assert_refused(code, capsys.readouterr().err, "磁盘空间已满", "无法导入")
    assert state(db) == before


@pytest.mark.parametrize(("code", "words"), [
    (13, "磁盘空间已满"), (8, "只读"), (5, "另一个程序正在写入"), (6, "另一个程序正在写入"),
    (14, "无法打开数据库文件"), (11, "已损坏"), (26, "已损坏"), (266, "读写磁盘时出错"),
])
def test_sqlite_errors_have_chinese_messages(code, words):
    exc = sqlite3.OperationalError("x")
    exc.sqlite_errorcode = code
    assert words in message_of(exc, "导入")
    assert message_of(sqlite3.IntegrityError("UNIQUE constraint failed")) is None  # a bug, not the clerk's


def test_an_unexpected_bug_is_logged_not_shown(db, monkeypatch, capsys):
    import core.search.cli

    def boom(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(core.search.cli, "search", boom)
    code = cli_main(["--db", str(db), "search", "张三"])
    assert_refused(code, capsys.readouterr().err, "意外错误", "日志文件")
    log = next((db.parent / "lawdesk.logs").glob("*.log")).read_text(encoding="utf-8")
    assert "Traceback" in log and "a bug" in log


# -- attachments and the audit log ---------------------------------------------------------------------
def test_a_tampered_attachment_is_reported_and_repaired_by_re_adding(db, tmp_path):
    original = tmp_path / "签到表.pdf"
    original.write_bytes(b"%PDF-1.4 original sign-in sheet" * 100)
    with open_store(db) as store:
        att = attachments.add_file(store, original)
        blob = attachments.blob_path(store.attachments_dir, attachments.get(store, att)["sha256"])
        blob.write_bytes(b"X" * blob.stat().st_size)  # same size, other bytes
        for read in (attachments.read_bytes, attachments.path_of):
            with pytest.raises(AttachmentTampered) as info:
                read(store, att)
            assert "签到表.pdf" in info.value.message and "重新添加" in info.value.message
        attachments.add_file(store, original)  # the clerk adds the original again
        assert attachments.read_bytes(store, att) == original.read_bytes()


def test_emptying_the_bin_and_purging_attachments_keep_their_content_in_the_audit_log(db):
    with open_store(db) as store:
        staff_id = store.scalar("select id from staff where name = '张三'")
        att = attachments.add_bytes(store, b"unused scan", "扫描件.pdf")
        recycle.delete(store, "staff", staff_id, "张三")
        recycle.empty(store)
        rows = store.query("select action, table_name, record_id, before from audit_log order by id")
    purged = [r for r in rows if r["action"] == "从回收站彻底删除"]
    assert len(purged) == 1 and purged[0]["record_id"] == staff_id
    content = json.loads(purged[0]["before"])
    assert content["label"] == "张三" and content["payload"]["tree"]["row"]["name"] == "张三"
    gone = [r for r in rows if r["action"] == "删除不再使用的附件"]
    assert [r["record_id"] for r in gone] == [att] and json.loads(gone[0]["before"])["name"] == "扫描件.pdf"


def test_a_restore_leaves_an_audit_row_naming_the_backup(db, tmp_path):
    from core import backup

    out = tmp_path / "b.lawdesk-backup"
    backup.backup_db_file(db, out)
    backup.restore(db, out)
    with open_store(db) as store:
        row = store.query("select * from audit_log where action = '从备份恢复'")[-1]
    assert json.loads(row["after"])["backup"] == str(out)


def test_tests_leave_nothing_immutable(tmp_path):
    # A guard for the chattr cases above: the temporary folder must stay removable.
    assert os.access(tmp_path, os.W_OK)
