"""Command line of 汇总:

  export package --year Y --out FILE [--no-attachments]          this unit's signed package for Y
  import package FILE... [--dry-run] [--json] [--accept-new-key] other units' packages (exit 1: none taken)
  show district --year Y [--json]                                units × figures, totals
  export district --year Y --format xlsx|docx --out FILE         the 汇总表 / the report paragraph's draft
  show key                                                       this installation's key fingerprint
"""
from __future__ import annotations

import argparse
from pathlib import Path


def register_cli(cli) -> None:
    exp = cli.verb("export", "package", "导出本单位某年度的汇总报送包（签名，报上级单位）")
    exp.add_argument("--year", type=int, required=True, help="年度，例如 2026")
    exp.add_argument("--out", type=Path, required=True, help="输出文件（.lawdesk-pkg）")
    exp.add_argument("--no-attachments", action="store_true", help="不附带佐证材料等附件文件（只含文件名和校验值）")
    exp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    exp.set_defaults(run=_run_export_package)

    imp = cli.verb("import", "package", "导入下级单位的汇总报送包（逐个校验；--dry-run 只预览不写入）")
    imp.add_argument("file", type=Path, nargs="+", help="报送包文件（.lawdesk-pkg），可以多个")
    imp.add_argument("--dry-run", action="store_true", help="只校验并列出结果，不写入")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    imp.add_argument("--accept-new-key", action="store_true",
                     help="接受单位更换后的签名密钥（请先电话核对对方的新指纹）")
    imp.set_defaults(run=_run_import)

    show = cli.verb("show", "district", "显示某年度各单位的汇总情况")
    show.add_argument("--year", type=int, required=True, help="年度，例如 2026")
    show.add_argument("--json", action="store_true", help="以 JSON 输出")
    show.set_defaults(run=_run_show)

    key = cli.verb("show", "key", "显示本机用于签名报送包的密钥指纹（供上级单位电话核对）")
    key.add_argument("--json", action="store_true", help="以 JSON 输出")
    key.set_defaults(run=_run_key)

    out = cli.verb("export", "district", "导出汇总表（Excel）或汇总情况段落草稿（Word）")
    out.add_argument("--year", type=int, required=True, help="年度，例如 2026")
    out.add_argument("--format", choices=("xlsx", "docx"), required=True, help="xlsx：汇总表；docx：汇总情况草稿")
    out.add_argument("--out", type=Path, required=True, help="输出文件")
    out.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    out.set_defaults(run=_run_export_district)


def _run_export_package(args: argparse.Namespace) -> int:
    from core.cli import check_year, emit, store_for
    from core.district import send

    check_year(args.year)
    with store_for(args) as store:
        written = send.export_package(store, args.year, args.out, attachments=not args.no_attachments)
    counts = written.counts
    text = (f"已导出{args.year}年度报送包：{args.out}\n学法记录 {counts['sessions']} 次，整改事项 {counts['items']} 项，"
            f"人员 {counts['staff']} 人，{'含' if counts['report'] else '不含'}年度报告，附件 {counts['attachments']} 个。\n"
            f"本机密钥指纹：{written.fingerprint}（请上级单位首次导入时电话核对）")
    if written.missing_attachments:
        text += f"\n注意：{len(written.missing_attachments)} 个附件文件丢失或已损坏，未能附带。"
    emit(args, {"out": str(args.out), "counts": counts, "fingerprint": written.fingerprint,
                "missing_attachments": written.missing_attachments}, text)
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from core.cli import emit, store_for
    from core.district import receive

    with store_for(args) as store:
        result = receive.import_packages(store, args.file, dry_run=args.dry_run, accept_new_key=args.accept_new_key)
    emit(args, result.to_json(), result.summary())
    return 0 if result.imported else 1


def _run_show(args: argparse.Namespace) -> int:
    from core.cli import check_year, emit, store_for
    from core.district import view

    check_year(args.year)
    with store_for(args) as store:
        shown = view.district(store, args.year)
    emit(args, shown.to_json(), _table_text(shown))
    return 0


def _table_text(shown) -> str:
    if not shown.units:
        return f"{shown.year}年度还没有导入任何单位的报送包。用 import package FILE… 导入。"
    lines = [f"{shown.year}年度汇总（{len(shown.received)} 个单位）",
             "单位\t年度报告\t学法次数\t参学人次\t学时\t在职人数\t未达标\t整改事项\t已销号\t逾期"]
    for u in shown.units:
        if not u.received:
            lines.append(f"{u.unit}\t未收到报送包")
            continue
        report = u.report_status + (f" {u.submitted_on}" if u.submitted_on else "") + ("（逾期）" if u.late else "")
        lines.append(f"{u.unit}\t{report}\t{u.sessions}\t{u.person_times}\t{u.hours:g}\t{u.staff}\t"
                     f"{u.below_minimum}\t{u.items}\t{u.closed}\t{u.overdue}")
    t = shown.totals()
    lines.append(f"合计\t\t{t['sessions']}\t{t['person_times']}\t{t['hours']:g}\t{t['staff']}\t{t['below_minimum']}\t"
                 f"{t['items']}\t{t['closed']}\t{t['overdue']}")
    return "\n".join(lines)


def _run_key(args: argparse.Namespace) -> int:
    from core.cli import emit, store_for
    from core.district import keys

    with store_for(args) as store:
        fingerprint = keys.own_fingerprint(store.path)
        path = keys.key_path(store.path)
    emit(args, {"fingerprint": fingerprint, "key_file": str(path)},
         f"本机签名密钥指纹：{fingerprint}\n密钥文件：{path}（请勿发给他人；备份数据库时不包含它）")
    return 0


def _run_export_district(args: argparse.Namespace) -> int:
    from core.cli import check_year, emit, store_for

    check_year(args.year)
    with store_for(args) as store:
        if args.format == "xlsx":
            from core.district import export_xlsx

            count = export_xlsx.write_summary(store, args.year, args.out)
            what = f"{args.year}年度汇总表（{count} 个单位）"
        else:
            from core.district import export_docx

            count = export_docx.write_draft(store, args.year, args.out)
            what = f"{args.year}年度汇总情况草稿（{count} 个单位）"
    emit(args, {"out": str(args.out), "count": count}, f"已导出{what}：{args.out}")
    return 0
