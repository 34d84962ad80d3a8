"""Command line for 整改事项: `export rectification …` and `import rectification FILE.xlsx …`."""
from __future__ import annotations

import argparse
from pathlib import Path

from core.cli import check_year, import_command, run_import
from core.errors import LawDeskError


def register_cli(cli) -> None:
    export = cli.verb("export", "rectification", "导出整改台账（Excel）或整改情况报告（Word）")
    export.add_argument("--year", type=int, default=None, help="只导出该年度的事项（默认：全部）")
    export.add_argument("--format", choices=("xlsx", "docx"), required=True, help="xlsx：整改台账；docx：整改情况报告")
    export.add_argument("--out", type=Path, required=True, help="输出文件")
    export.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    export.set_defaults(run=run_export)
    imp = import_command(cli, "rectification", "导入已有的 Excel 整改台账", "整改台账 .xlsx 文件")
    imp.add_argument("--year", type=int, default=None, help="没有 ZG-年份-序号 编号的事项记入的年度（默认：今年）")
    imp.set_defaults(run=_run_import)


def run_export(args: argparse.Namespace) -> int:
    from core.cli import emit, store_for
    from core.rectification.export_docx import export_docx
    from core.rectification.export_xlsx import export_xlsx

    check_year(args.year)
    suffix = "." + args.format
    out = args.out if args.out.suffix else args.out.with_suffix(suffix)
    if out.suffix.lower() != suffix:
        raise LawDeskError(f"输出文件“{out.name}”的扩展名与 --format {args.format} 不符，请改为 *{suffix}。")
    with store_for(args) as store:
        count = (export_xlsx if args.format == "xlsx" else export_docx)(store, out, year=args.year)
    kind = "整改台账" if args.format == "xlsx" else "整改情况报告"
    emit(args, {"out": str(out), "format": args.format, "items": count, "year": args.year},
         f"已导出{kind}（{count} 项事项）：{out}")
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from core.rectification import importer

    return run_import(args, lambda store, path: importer.preview_import(store, path, year=args.year),
                      importer.commit_import, importer.describe, "项事项")
