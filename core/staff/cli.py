"""`python main.py --db PATH import staff FILE.xlsx [--dry-run] [--json]`."""
from __future__ import annotations

import argparse

from core.cli import import_command, run_import
from core.staff import importer


def register_cli(cli) -> None:
    parser = import_command(cli, "staff", "从 Excel 花名册导入人员（姓名、科室、职务、是否领导干部）", "花名册 .xlsx 文件")
    parser.set_defaults(run=_run_import)


def _run_import(args: argparse.Namespace) -> int:
    return run_import(args, importer.preview_staff, importer.commit_staff, importer.describe, "人")
