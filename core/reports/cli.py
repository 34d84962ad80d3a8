"""Report commands: `import report FILE...`, `show report ID --json`, `check report ID`, `export report ID`."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from core import docmeta, unit
from core.docmeta import DocInfo
from core.errors import ImportFileError, RuleViolation
from core.reports import model, output, repository


def register_cli(cli) -> None:
    p = cli.verb("import", "report", "导入年度报告（.txt：UTF-8/GB18030/UTF-16；.docx）")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="报告文件")
    p.add_argument("--dry-run", action="store_true", help="只解析并列出结果，不写入")
    p.add_argument("--keep-traditional", action="store_true", help="原文为繁体时保留繁体（默认转换为简体）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=_run_import)

    p = cli.verb("show", "report", "以 JSON 显示一份年度报告的结构和正文")
    p.add_argument("id", type=int, help="报告编号")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（默认也是 JSON）")
    p.set_defaults(run=_run_show)

    p = cli.verb("check", "report", "核稿：缺少的部分、编号、标点、空格、年份、模板提示、个人信息、报送期限")
    p.add_argument("id", type=int, help="报告编号")
    p.add_argument("--today", type=date.fromisoformat, default=None, help="按哪一天计算剩余天数（YYYY-MM-DD，默认今天）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=_run_check)

    p = cli.verb("export", "report", "按公文格式导出年度报告为 Word 或 PDF")
    p.add_argument("id", type=int, help="报告编号")
    p.add_argument("--format", choices=("docx", "pdf"), required=True, help="docx 或 pdf")
    p.add_argument("--out", type=Path, required=True, help="输出文件")
    p.add_argument("--public", action="store_true", help="公开版：不含联系人和电话")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=_run_export)


def _run_import(args: argparse.Namespace) -> int:
    from core.cli import emit, store_for
    from core.reports.importer import import_files

    with store_for(args) as store:
        result = import_files(store, args.files, dry_run=args.dry_run,
                              convert_traditional=not args.keep_traditional)
    emit(args, result.to_json(), result.text())
    return 1 if result.rejected else 0


def _run_show(args: argparse.Namespace) -> int:
    import json

    from core.cli import store_for

    with store_for(args) as store:
        report = repository.load(store, args.id)
    print(json.dumps(model.to_json(report), ensure_ascii=False, indent=2))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from core.cli import emit, store_for
    from core.reports import checks

    with store_for(args) as store:
        report = repository.load(store, args.id)
        recipient = unit.load(store).recipient
    findings = checks.check(report, args.today or store.clock.today(), expected_recipient=recipient)
    data = {"findings": [{"code": f.code, "message": f.message, "section": f.section, "text": f.text}
                         for f in findings]}
    lines = [f"[{f.code}] {f.section}：{f.message}" + (f"\n    “{f.text}”" if f.text else "") for f in findings]
    emit(args, data, "\n".join(lines) if lines else "未发现问题。")
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from core.cli import emit, store_for

    with store_for(args) as store:
        report = repository.load(store, args.id)
        info = docmeta.for_report(store, report)
        _warn_before_export(report, store.clock.today(), unit.load(store).recipient)
    write(report, args.format, args.out, public=args.public, info=info)
    emit(args, {"id": report.id, "format": args.format, "out": str(args.out), "public": args.public},
         f"已导出：{args.out}")
    return 0


def _warn_before_export(report: model.Report, today: date, recipient: str) -> None:
    """The command line cannot ask as the editor does: it says on stderr what 核稿 would still report."""
    import sys

    from core.reports import checks

    remaining = checks.before_export(checks.check(report, today, expected_recipient=recipient))
    if remaining:
        codes = "、".join(dict.fromkeys(f.code for f in remaining))
        print(f"注意：报告还有 {len(remaining)} 处核稿问题（{codes}），仍照常导出。"
              f"可用 check report {report.id} 查看。", file=sys.stderr)


def write(report: model.Report, fmt: str, out: Path, *, info: DocInfo, public: bool = False) -> None:
    """Write the report as docx or pdf (pdf through the Qt writer main.py plugs into core.reports.output)."""
    if out.exists() and out.is_dir():
        raise ImportFileError(f"“{out}”是一个文件夹，请给出输出文件名，例如 报告.{fmt}。")
    try:
        if fmt == "docx":
            from core.reports.export_docx import export_docx

            export_docx(report, out, public=public, info=info)
        elif fmt == "pdf":
            if output.pdf_writer is None:
                raise RuleViolation("此环境无法生成 PDF（缺少图形组件）。请导出 Word 后另存为 PDF。")
            output.pdf_writer(report, out, public)
        else:
            raise RuleViolation(f"不支持的导出格式“{fmt}”，请用 docx 或 pdf。")
    except OSError as exc:
        raise RuleViolation(f"无法写入“{out}”：{exc.strerror or exc}。请检查文件是否正被 Word/WPS 打开，"
                            "或换一个有写入权限的位置。") from exc
