"""Importing report files: parse each, keep the ones that read, list the ones that did not, with the reason."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.db import Store
from core.errors import ImportFileError
from core.reports import parse, repository


@dataclass
class ImportResult:
    imported: list[dict] = field(default_factory=list)  # parse summary + "id" (None on a dry run)
    rejected: list[dict] = field(default_factory=list)  # {"file", "reason"}
    dry_run: bool = False

    def to_json(self) -> dict:
        return {"imported": self.imported, "rejected": self.rejected, "dry_run": self.dry_run}

    def text(self) -> str:
        lines = []
        for item in self.imported:
            head = "将导入" if self.dry_run else f"已导入（报告 #{item['id']}）"
            lines.append(f"{head}：{item['file']} —— {item['title'] or '（无标题）'}，{item['year']}年度，"
                         f"一级标题 {item['top_level']} 个，章节共 {item['sections']} 个")
            lines.append(f"  主送：{item['recipient'] or '无'}；落款：{item['signature'] or '无'}；"
                         f"成文日期：{item['issued_on'] or '无'}")
            if item["dropped_lines"]:
                lines.append(f"  已略去网页杂项 {len(item['dropped_lines'])} 行：")
                lines += [f"    第 {d['line']} 行（{d['reason']}）：{d['text']}" for d in item["dropped_lines"]]
            if item["numbering_findings"]:
                lines.append(f"  原文编号有 {item['numbering_findings']} 处跳号或重复，已按位置重新编号，请用“核稿”查看。")
            lines += [f"  提示：{w}" for w in item["warnings"]]
        lines += [f"未导入：{r['file']} —— {r['reason']}" for r in self.rejected]
        if self.dry_run:
            lines.append("（试运行：未写入数据库）")
        return "\n".join(lines)


def import_files(store: Store, files: list[Path], *, dry_run: bool = False,
                 convert_traditional: bool = True) -> ImportResult:
    """Parse every file; store the readable ones (one transaction), reject the rest with the reason."""
    result = ImportResult(dry_run=dry_run)
    parsed_ok: list[parse.ParsedReport] = []
    for path in files:
        try:
            parsed_ok.append(parse.parse_file(path, convert_traditional=convert_traditional,
                                             today=store.clock.today()))
        except ImportFileError as exc:
            result.rejected.append({"file": str(path), "reason": exc.message})
    with store.transaction():
        for parsed in parsed_ok:
            report_id = None if dry_run else repository.import_report(store, parsed)
            result.imported.append({**parsed.summary(), "id": report_id})
    return result
