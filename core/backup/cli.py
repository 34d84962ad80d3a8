"""`main.py backup --out FILE` and `main.py restore FILE [--dry-run]`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from core import paths

from .auto import default_name
from .format import human_size
from .restoring import restore_with_manifest
from .verifying import verify


def register_cli(cli) -> None:
    parser = cli.command("backup", "把数据库和全部附件备份到一个文件（.lawdesk-backup）")
    parser.add_argument("--out", type=Path, required=True, help="备份文件（或文件夹：自动取名）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=_run_backup)
    parser = cli.command("restore", "从备份文件恢复：先校验整个文件，再保留当前数据的安全副本，然后恢复")
    parser.add_argument("file", type=Path, help="备份文件（或“恢复前-….db”安全副本）")
    parser.add_argument("--dry-run", action="store_true", help="只校验备份文件，不做任何改动")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=_run_restore)


def _run_backup(args) -> int:
    from core.cli import emit, store_for

    from .writing import backup

    out = Path(args.out).expanduser()
    if out.is_dir():
        out = out / default_name()
    with store_for(args) as store:
        manifest = backup(store, out)
    size = out.stat().st_size
    emit(args, {"file": str(out), "size": size, **summary(manifest)},
         f"已备份到：{out}（{human_size(size)}，{len(manifest['files']) - 1} 个附件文件）" + missing_note(manifest))
    return 0


def _run_restore(args) -> int:
    from core.cli import emit

    db_path = Path(args.db).expanduser() if args.db else paths.default_db_path()
    if args.dry_run:
        manifest = verify(args.file, db_path=db_path)
        emit(args, {"file": str(args.file), "valid": True, **summary(manifest)},
             f"备份文件完好：{args.file}（{manifest['created_at']}，{manifest.get('unit') or '未填单位'}）。未做任何改动。")
        return 0
    safety, manifest = restore_with_manifest(db_path, args.file)
    text = f"已从“{args.file}”恢复到：{db_path}。"
    text += f"\n恢复前的数据已保存为：{safety}" if safety else "\n（原来没有数据，未生成安全副本。）"
    text += missing_note(manifest)
    emit(args, {"db": str(db_path), "restored_from": str(args.file),
                "safety_copy": str(safety) if safety else None, **summary(manifest)}, text)
    return 0


def summary(manifest: dict) -> dict[str, Any]:
    return {"created_at": manifest.get("created_at"), "unit": manifest.get("unit"),
            "counts": manifest.get("counts"), "attachments": len(manifest.get("files", {})) - 1,
            "missing_attachments": manifest.get("missing_attachments") or []}


def missing_note(manifest: dict) -> str:
    missing = manifest.get("missing_attachments") or []
    if not missing:
        return ""
    return (f"\n注意：有 {len(missing)} 个附件文件在备份时已丢失或损坏，备份中不含它们；"
            "这些附件需要从更早的备份中找回。")
