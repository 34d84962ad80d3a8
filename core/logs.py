"""Logging to a rotating file beside the database, so warnings and errors are never lost.

Modules log through `logging.getLogger(__name__)`; `setup_logging(db_path)` sends every record to
`<db stem>.logs/lawdesk.log` (1 MB × 5 files), next to the database like its `.attachments` and
`.backups` folders, so a clerk who sends the data folder to support sends the log with it.
Called by the window once it knows the database, and by the command line (which also echoes
warnings to stderr, as it printed them before).
"""
from __future__ import annotations

import contextlib
import logging
import logging.handlers
import platform
import sys
from pathlib import Path

from core import paths, version

LOG_FILE_NAME = "lawdesk.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_FILE_HANDLER = "lawdesk-file"
_STDERR_HANDLER = "lawdesk-stderr"

logger = logging.getLogger(__name__)


def log_path(db_path: Path) -> Path:
    """The log file of the app working on `db_path`."""
    return paths.logs_dir(Path(db_path).expanduser()) / LOG_FILE_NAME


def app_version() -> str:
    """The program's version, also in the PyInstaller bundle (see core.version)."""
    return version.app_version()


def versions() -> str:
    """One line naming the program and the machine, for the log and for support."""
    built = version.build_date()
    origin = "源码运行" if built == version.NOT_BUILT else f"构建于 {built}"
    return (f"LawDesk {app_version()}（{origin}），Python {platform.python_version()}，"
            f"{platform.system()} {platform.release()} ({platform.machine()})")


def _ours(name: str) -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if h.get_name() == name]


def _drop(name: str) -> None:
    root = logging.getLogger()
    for handler in _ours(name):
        root.removeHandler(handler)
        handler.close()


def setup_logging(db_path: Path, echo_stderr: bool = False, level: int = logging.INFO) -> Path | None:
    """Log to the database's log file (replacing an earlier setup); returns the file, None if it cannot be written.

    A log folder that cannot be created (read-only medium, no permission, a data folder that does not
    exist yet) must not stop the app: warnings then go to stderr only. The data folder itself is not
    created here: a mistyped --db must not leave folders behind.
    """
    _drop(_FILE_HANDLER)
    _drop(_STDERR_HANDLER)
    root = logging.getLogger()
    root.setLevel(level)
    target = log_path(db_path)
    try:
        target.parent.mkdir(exist_ok=True)
        handler: logging.Handler = _QuietFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError as exc:
        handler, target = logging.StreamHandler(sys.stderr), None
        handler.set_name(_FILE_HANDLER)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
        logger.info("无法写入日志文件 %s：%s", log_path(db_path), exc)
    else:
        handler.set_name(_FILE_HANDLER)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    if echo_stderr and target is not None:
        # The command line printed its warnings before there was a log; it still does.
        echo = logging.StreamHandler(sys.stderr)
        echo.set_name(_STDERR_HANDLER)
        echo.setLevel(logging.WARNING)
        echo.setFormatter(_MessageOnly())
        root.addHandler(echo)
    logging.captureWarnings(True)
    logger.info("%s；数据库 %s", versions(), db_path)
    return target


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log file on a full or vanished disk: the line is lost, but logging's own "--- Logging error ---"
    traceback must not land on the clerk's terminal under the message that says what happened."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the last lines could not be flushed: the same loss, told no louder
            super().close()


class _MessageOnly(logging.Formatter):
    """The terminal gets the words only: a traceback logged with them stays in the log file (core.cli)."""

    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage()


def stop_logging() -> None:
    """Close the log file and stop echoing (end of a command; tests that ran the app or the CLI)."""
    _drop(_FILE_HANDLER)
    _drop(_STDERR_HANDLER)
    logging.captureWarnings(False)


def current_log_path() -> Path | None:
    """The file `setup_logging` is writing to now (None before it ran or when it fell back to stderr)."""
    for handler in _ours(_FILE_HANDLER):
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
