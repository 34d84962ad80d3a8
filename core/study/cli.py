"""Command line of 学法记录: `import study FILE.xlsx [--dry-run] [--json]` and
`export study --year YYYY --format xlsx|docx --out FILE` (or `--sign-in SESSION_ID` for a 签到表)."""
from __future__ import annotations

import argparse
from pathlib import Path

from core.cli import import_command, run_import
from core.errors import RuleViolation
from core.study import importer


def register_cli(cli) -> None:
    imp = import_command(cli, "study", "导入 Excel 学法台账（--dry-run 只预览不写入）", "学法台账 .xlsx 文件")
    imp.set_defaults(run=_run_import)
    exp = cli.verb("export", "study", "导出学法台账（Excel）或学法记录表 / 签到表（Word）")
    exp.add_argument("--year", type=int, help="年度，例如 2026")
    exp.add_argument("--format", choices=("xlsx", "docx"), default=None, help="xlsx：学法台账；docx：学法记录表")
    exp.add_argument("--sign-in", type=int, metavar="SESSION_ID", help="导出这次学法活动的签到表（Word）")
    exp.add_argument("--out", type=Path, required=True, help="输出文件")
    exp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    exp.set_defaults(run=run_export)


def _run_import(args: argparse.Namespace) -> int:
    return run_import(args, importer.preview, importer.commit, importer.describe, "次学法记录")


def run_export(args: argparse.Namespace) -> int:
    from core.cli import check_year, emit, store_for
    from core.study import export_docx, export_xlsx  # openpyxl and python-docx: only for an export

    check_year(args.year)
    with store_for(args) as store:
        if args.sign_in is not None:
            count = export_docx.write_sign_in(store, args.sign_in, args.out)
            what = f"签到表（{count} 人）"
        else:
            if args.year is None or args.format is None:
                raise RuleViolation("请用 --year 指定年度、--format 指定 xlsx 或 docx，例如：export study --year 2026 "
                                    "--format xlsx --out 学法台账.xlsx")
            if args.format == "xlsx":
                count = export_xlsx.write_ledger(store, args.year, args.out)
                what = f"{args.year}年度学法台账（{count} 次学法）"
            else:
                count = export_docx.write_records(store, args.year, args.out)
                what = f"{args.year}年度学法记录表（{count} 份）"
    emit(args, {"out": str(args.out), "count": count}, f"已导出{what}：{args.out}")
    return 0
