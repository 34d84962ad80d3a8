"""`python main.py --db PATH import staff FILE.xlsx [--dry-run] [--json]`."""
from __future__ import annotations

import argparse
from pathlib import Path

from core.staff import importer


def register_cli(cli) -> None:
    parser = cli.verb("import", "staff", "从 Excel 花名册导入人员（姓名、科室、职务、是否领导干部）")
    parser.add_argument("file", type=Path, help="花名册 .xlsx 文件")
    parser.add_argument("--dry-run", action="store_true", help="只检查并列出结果，不写入")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=_run_import)


def _run_import(args: argparse.Namespace) -> int:
    from core.cli import emit, store_for

    with store_for(args) as store:
        preview = importer.preview_staff(store, args.file)
        ids = None
        if not args.dry_run and preview.accepted:
            ids = importer.commit_staff(store, preview)
        data = preview.to_json(importer.describe, ids, dry_run=args.dry_run)
        emit(args, data, preview.summary(dry_run=args.dry_run, noun="人"))
    return 1 if preview.rejected and not preview.accepted else 0
