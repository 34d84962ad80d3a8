"""`python main.py --db PATH search QUERY [--json]`: search everywhere from the command line."""

from __future__ import annotations

import argparse

from core.search import index
from core.search.query import mark, search


def register_cli(cli) -> None:
    parser = cli.command("search", "全文搜索年度报告、学法记录、整改事项和人员（简繁通搜）")
    parser.add_argument("query", nargs="+", help="搜索词（一个字或更多；多个词用空格分开，须全部出现）")
    parser.add_argument("--limit", type=int, default=20, help="每类最多显示几条（默认 20）")
    parser.add_argument("--rebuild", action="store_true", help="先从数据库重建搜索索引")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=_run)


def _text(result) -> str:
    if not result.groups:
        return f"没有找到“{result.query}”。"
    lines = [f"“{result.query}”的搜索结果（{result.elapsed_ms:.0f} 毫秒）："]
    for group in result.groups:
        lines.append(f"\n{group.label}（{group.count_text()} 条）")
        for hit in group.hits:
            where = (
                f"报告 #{hit.record_id}" + (f" 章节 #{hit.section_id}" if hit.section_id else "")
                if hit.kind == "report"
                else f"#{hit.record_id}"
            )
            lines.append(f"  {mark(hit.title, hit.title_spans)}  [{where}]")
            lines.append(f"      {mark(hit.snippet, hit.spans)}")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    from core.cli import emit, store_for

    with store_for(args) as store:
        if args.rebuild:
            index.rebuild(store)
        # Headless, nothing to show first: take in what opening left pending (other programs' writes).
        index.catch_up(store)
        result = search(store, " ".join(args.query), limit=max(1, args.limit))
        emit(args, result.to_json(), _text(result))
    return 0
