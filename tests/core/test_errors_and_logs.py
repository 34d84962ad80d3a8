"""Errors are never lost: OSError messages the clerk can act on, and the rotating log beside the database."""
from __future__ import annotations

import errno
import logging
import logging.handlers

import pytest

from core import attachments, backup, logs, paths
from core.cli import main as cli_main
from core.errors import FILE_WORK_ERRORS, RuleViolation, describe_os_error, message_of, os_error_kind


def _os_error(code: int, winerror: int | None = None, filename: str | None = "D:/台账/学法台账.xlsx") -> OSError:
    exc = OSError(code, "system text", filename)
    if winerror is not None:
        exc.winerror = winerror  # as on Windows, where Python sets both
    return exc


@pytest.mark.parametrize("code, winerror, kind, words", [
    (errno.ENOSPC, None, "disk_full", "磁盘空间已满"),
    (errno.EDQUOT, None, "disk_full", "磁盘空间已满"),
    (errno.ENOSPC, 112, "disk_full", "磁盘空间已满"),  # ERROR_DISK_FULL
    (errno.EROFS, None, "read_only", "只读"),
    (errno.EACCES, 19, "read_only", "写保护"),  # ERROR_WRITE_PROTECT arrives as EACCES
    (errno.EACCES, None, "permission", "没有访问这个文件或文件夹的权限"),
    (errno.EPERM, None, "permission", "没有访问这个文件或文件夹的权限"),
    (errno.EACCES, 5, "permission", "WPS"),  # ERROR_ACCESS_DENIED: also what replacing an open file gives
    (errno.EACCES, 32, "in_use", "正被其他程序占用"),  # ERROR_SHARING_VIOLATION (WPS holds the file)
    (errno.EACCES, 33, "in_use", "正被其他程序占用"),  # ERROR_LOCK_VIOLATION
    (errno.EBUSY, None, "in_use", "正被其他程序占用"),
    (errno.ETXTBSY, None, "in_use", "正被其他程序占用"),
    (errno.ENOENT, None, "not_found", "找不到"),
    (errno.ENOTDIR, None, "not_found", "找不到"),
    (errno.ENAMETOOLONG, None, "too_long", "太长"),
    (errno.EIO, None, "io", "磁盘或 U 盘可能有故障"),
    (errno.EXDEV, None, "other", "错误号 18"),
])
def test_each_os_error_is_told_apart_in_chinese(code, winerror, kind, words):
    exc = _os_error(code, winerror)
    assert os_error_kind(exc) == kind
    text = describe_os_error(exc, "导出文件")
    assert text.startswith("无法导出文件：")
    assert words in text
    assert "D:/台账/学法台账.xlsx" in text  # which file
    assert "Errno" not in text


def test_subclasses_and_messages_without_a_file():
    assert os_error_kind(FileNotFoundError(errno.ENOENT, "x")) == "not_found"
    assert os_error_kind(PermissionError(errno.EACCES, "x")) == "permission"
    text = describe_os_error(OSError(errno.ENOSPC, "No space left on device"))
    assert text.startswith("操作没有完成：磁盘空间已满。") and "文件：" not in text
    assert "已经保存的数据不受影响" in text
    both = describe_os_error(OSError(errno.EXDEV, "Invalid cross-device link", "/a/x", None, "/b/y"))
    assert "/a/x" in both and "/b/y" in both


def test_message_of_expected_and_unexpected_errors():
    assert message_of(RuleViolation("标题不能为空。")) == "标题不能为空。"
    assert "磁盘空间已满" in message_of(OSError(errno.ENOSPC, "full"), "备份")
    assert message_of(KeyError("x")) is None
    assert issubclass(PermissionError, FILE_WORK_ERRORS) and not issubclass(ValueError, FILE_WORK_ERRORS)


# -- the log ---------------------------------------------------------------------------------------------
@pytest.fixture
def logging_to(tmp_path):
    db = tmp_path / "台账" / "lawdesk.db"
    db.parent.mkdir()
    yield db
    logs.stop_logging()


def test_log_lives_beside_the_database_like_its_backups(tmp_path):
    db = tmp_path / "data" / "lawdesk.db"
    assert logs.log_path(db) == tmp_path / "data" / "lawdesk.logs" / "lawdesk.log"
    assert paths.logs_dir(db).name == "lawdesk.logs" and paths.backups_dir(db).name == "lawdesk.backups"


def test_setup_logging_writes_time_level_and_module(logging_to):
    written = logs.setup_logging(logging_to)
    assert written == logs.log_path(logging_to) == logs.current_log_path()
    logging.getLogger("core.backup").warning("附件文件 %s… 已损坏", "abcdef")
    try:
        raise ZeroDivisionError("除零")
    except ZeroDivisionError:
        logging.getLogger("ui.crash").exception("意外错误")
    text = written.read_text(encoding="utf-8")
    assert "LawDesk" in text.splitlines()[0]  # versions first: support knows what ran
    line = next(line for line in text.splitlines() if "已损坏" in line)
    assert " WARNING core.backup " in line and line[:4].isdigit()
    assert "Traceback" in text and "ZeroDivisionError: 除零" in text


def test_the_log_rotates_and_a_second_setup_replaces_the_first(logging_to, tmp_path):
    logs.setup_logging(logging_to)
    other = tmp_path / "other" / "x.db"
    other.parent.mkdir()
    logs.setup_logging(other)
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.handlers.RotatingFileHandler)
                and h.get_name() == "lawdesk-file"]
    assert len(handlers) == 1 and handlers[0].baseFilename == str(logs.log_path(other))
    assert handlers[0].maxBytes == 1024 * 1024 and handlers[0].backupCount == 5
    assert logs.log_path(other).parent.name == "x.logs"


def test_a_log_that_cannot_be_written_does_not_stop_anything(tmp_path):
    missing = tmp_path / "not-there" / "lawdesk.db"
    try:
        assert logs.setup_logging(missing) is None
        assert logs.current_log_path() is None
        assert not missing.parent.exists()  # a mistyped --db leaves no folders behind
        logging.getLogger("core").warning("仍然可以记录")
    finally:
        logs.stop_logging()


def test_backup_warnings_go_to_the_log(logging_to):
    from core.db import open_store

    logs.setup_logging(logging_to)
    with open_store(logging_to) as store:
        attachment_id = attachments.add_bytes(store, b"scan", "扫描件.pdf")
        attachments.path_of(store, attachment_id).unlink()
        backup.backup(store, logging_to.parent / "b.lawdesk-backup")
    assert "1 个附件文件在磁盘上已丢失" in logs.log_path(logging_to).read_text(encoding="utf-8")


def test_the_command_line_logs_and_still_prints_its_warnings(tmp_path, capsys):
    from core.db import open_store

    db = tmp_path / "cli" / "lawdesk.db"
    with open_store(db) as store:
        attachment_id = attachments.add_bytes(store, b"scan", "扫描件.pdf")
        attachments.path_of(store, attachment_id).unlink()
        store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    assert cli_main(["--db", str(db), "backup", "--out", str(tmp_path / "b.lawdesk-backup")]) == 0
    assert "附件文件在磁盘上已丢失" in capsys.readouterr().err  # as before there was a log
    assert "附件文件在磁盘上已丢失" in logs.log_path(db).read_text(encoding="utf-8")
    assert logs.current_log_path() is None  # the command closed its log when it finished
