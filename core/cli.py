"""The headless command line (`python main.py --db PATH COMMAND …`); see DESIGN.md's contract.

Each feature adds its commands from the `cli` module its manifest names (core.features), as the demo and
backups do from theirs (COMMAND_MODULES): it receives the `Cli` and adds parsers under the shared verbs
(`import`, `export`, `show`, `check`) or new commands,
setting `run=` to a function `(args) -> int`.
"""
from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import features, logs, paths, version
from core.db import Store, open_store
from core.errors import LawDeskError, message_of
from core.lock import COMMAND, InstanceLock

if TYPE_CHECKING:
    from core.tabular import ImportPreview

VERBS = {
    "import": "导入文件（--dry-run 只预览不写入）",
    "export": "导出为 Word / Excel / PDF",
    "show": "以 JSON 显示一条记录",
    "check": "检查（核稿）",
}

COMMAND_MODULES = ("core.demo", "core.backup")

# Commands that only read: they open a read-only file or folder read-only, and may run beside an open window.
# `backup` is one: it copies a consistent snapshot through SQLite's backup API and writes nothing to the
# database, so the window's writes go on (tests/faults/test_processes_and_environment.py shows both).
READING_COMMANDS = frozenset({"search", "show", "check", "export", "backup"})
# How long a writing command waits for another writing command (never for a window) before giving up.
LOCK_WAIT_SECONDS = 30.0

# The action's words that start a disk or database message: 无法导入：磁盘空间已满…
ACTIONS = {"import": "导入", "export": "导出", "search": "搜索", "show": "显示记录", "check": "核稿",
           "backup": "备份", "restore": "恢复", "demo": "写入示例数据"}

logger = logging.getLogger(__name__)


class Cli:
    def __init__(self) -> None:
        self.parser = argparse.ArgumentParser(
            prog="main.py", description="LawDesk 法治台账。不带命令时打开程序窗口。")
        self.parser.add_argument("--db", type=Path, default=None,
                                 help=f"数据库文件（默认：{paths.default_db_path()}）")
        self.parser.add_argument("--version", action="store_true",
                                 help="显示版本、构建日期、文件位置和运行环境（Qt、SQLite、Python）后退出")
        self.commands = self.parser.add_subparsers(dest="command", metavar="COMMAND")
        self._verbs: dict[str, argparse._SubParsersAction] = {}

    def command(self, name: str, help: str) -> argparse.ArgumentParser:
        return self.commands.add_parser(name, help=help, description=help)

    def verb(self, verb: str, kind: str, help: str) -> argparse.ArgumentParser:
        """A parser for `VERB KIND …`, e.g. `import study FILE`."""
        if verb not in self._verbs:
            parser = self.commands.add_parser(verb, help=VERBS[verb], description=VERBS[verb])
            self._verbs[verb] = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
        return self._verbs[verb].add_parser(kind, help=help, description=help)


def build() -> Cli:
    cli = Cli()
    for module in [*map(features.load, COMMAND_MODULES), *features.modules("cli")]:
        module.register_cli(cli)
    return cli


def store_for(args: argparse.Namespace) -> Store:
    """The store a command works on. A writing command first takes the instance lock (an open window refuses
    it, another command is waited for) and holds it until the store closes."""
    reading = args.command in READING_COMMANDS or getattr(args, "dry_run", False)
    lock = None
    if not reading:
        lock = InstanceLock(args.db or paths.default_db_path(), holder=COMMAND)
        lock.acquire(wait=LOCK_WAIT_SECONDS)
    try:
        store = open_store(args.db, read_only=reading)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if lock is not None:
        store.on_close.append(lambda _store: lock.release())
    if paths.looks_like_network_share(store.path):
        print("警告：" + paths.NETWORK_SHARE_WARNING, file=sys.stderr)
    return store


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print `data` as JSON with --json, else the human text."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)


def import_command(cli: Cli, kind: str, help: str, file_help: str) -> argparse.ArgumentParser:
    """The parser of `import KIND FILE [--dry-run] [--json]` for an Excel ledger; add options, then `run=`."""
    parser = cli.verb("import", kind, help)
    parser.add_argument("file", type=Path, help=file_help)
    parser.add_argument("--dry-run", action="store_true", help="只检查并列出结果，不写入")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    return parser


def run_import(args: argparse.Namespace, preview: Callable[[Store, Path], ImportPreview],
               commit: Callable[[Store, ImportPreview], Sequence[int]], describe: Callable[[Any], dict],
               noun: str) -> int:
    """Preview `args.file`, write the accepted rows unless --dry-run, print the contract's result.

    Exit code 1 when nothing was (or, with --dry-run, would be) imported: the clerk has to fix the file.
    """
    with store_for(args) as store:
        result = preview(store, args.file)
        ids = commit(store, result) if result.accepted and not args.dry_run else None
        emit(args, result.to_json(describe, ids, dry_run=args.dry_run), result.summary(dry_run=args.dry_run, noun=noun))
    return 0 if result.accepted else 1


def check_year(year: int | None) -> None:
    """Refuse a year that cannot be meant (a typo such as 226 or 20226) before anything is written."""
    if year is not None and not 1990 <= year <= 2100:
        raise LawDeskError(f"年份 {year} 不合理，请写四位年份，例如 --year 2026。")


def _fail(args: argparse.Namespace, message: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps({"error": message}, ensure_ascii=False))
    print(f"错误：{message}", file=sys.stderr)


def _unexpected(args: argparse.Namespace, exc: BaseException) -> int:
    where = logs.current_log_path()
    if where is None:  # no log file (read-only folder): the stderr fallback would print the traceback
        _fail(args, f"出现了意外错误，操作没有完成（{type(exc).__name__}：{exc}）。已经保存的数据不受影响。"
                    "日志文件无法写入；请把这段文字发给技术支持。")
        return 1
    logger.error("命令 %s 出现意外错误", args.command, exc_info=exc)  # the terminal shows the words only
    _fail(args, f"出现了意外错误，操作没有完成（{type(exc).__name__}）。已经保存的数据不受影响。"
                f"详细信息已记录在日志文件：{where}。请把这个文件发给技术支持。")
    return 1


def main(argv: list[str]) -> int:
    cli = build()
    args = cli.parser.parse_args(argv)
    if args.version:
        # Before logging is set up: asking for the version must not create the data folder.
        print(version.as_text(version.diagnostics(args.db or paths.default_db_path())))
        return 0
    if not args.command or not hasattr(args, "run"):
        cli.parser.print_help()
        return 2
    logs.setup_logging(args.db or paths.default_db_path(), echo_stderr=True)
    try:
        return int(args.run(args) or 0)
    except (LawDeskError, OSError, sqlite3.Error) as exc:
        # The one place a command's expected failures (core's, the disk's, SQLite's) become the clerk's words.
        message = message_of(exc, ACTIONS.get(args.command, ""))
        if message is None:  # an SQLite error that is a bug (a constraint, bad SQL): not the clerk's to fix
            return _unexpected(args, exc)
        if not isinstance(exc, LawDeskError):
            logger.info("命令 %s 未完成", args.command, exc_info=exc)  # for support; the clerk reads `message`
        _fail(args, message)
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug: the traceback goes to the log, not to the clerk
        return _unexpected(args, exc)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    finally:
        logs.stop_logging()  # closes the file; a caller in the same process gets its logging back
