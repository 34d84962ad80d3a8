"""The headless command line (`python main.py --db PATH COMMAND …`); see DESIGN.md's contract.

Each feature adds its commands from the `cli` module its manifest names (core.features), as the demo and
backups do from theirs (COMMAND_MODULES): it receives the `Cli` and adds parsers under the shared verbs
(`import`, `export`, `show`, `check`) or new commands,
setting `run=` to a function `(args) -> int`.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import features, logs, paths, version
from core.db import Store, open_store
from core.errors import LawDeskError

if TYPE_CHECKING:
    from core.tabular import ImportPreview

VERBS = {
    "import": "导入文件（--dry-run 只预览不写入）",
    "export": "导出为 Word / Excel / PDF",
    "show": "以 JSON 显示一条记录",
    "check": "检查（核稿）",
}

COMMAND_MODULES = ("core.demo", "core.backup")


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
    store = open_store(args.db)
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
    except LawDeskError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"error": exc.message}, ensure_ascii=False))
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    finally:
        logs.stop_logging()  # closes the file; a caller in the same process gets its logging back
