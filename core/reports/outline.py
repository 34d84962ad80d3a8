"""Pure edits of a report's outline (add, delete, move, indent, outdent, drag and drop).

Each edit returns the uid of the affected section and raises RuleViolation when it is not possible.
Level rule: a child's level must be greater than its parent's (levels may be skipped, 二、 then 1.);
at the top level a moved section becomes level 1. Moving keeps a section's form when it is still valid,
else it takes parent.level + 1, and its descendants are pushed down as needed (never beyond level 4).
"""
from __future__ import annotations

from core.errors import RuleViolation
from core.reports.model import MAX_LEVEL, Report, Section, find, guess_kind, parent_of


def _siblings(report: Report, uid: str) -> tuple[list[Section], int, Section | None]:
    """The list holding `uid`, its index there and its parent (None at the top level)."""
    parent = parent_of(report, uid)
    siblings = parent.children if parent else report.sections
    for index, section in enumerate(siblings):
        if section.uid == uid:
            return siblings, index, parent
    raise RuleViolation("找不到这个章节，它可能已被删除。")


def _fits(level: int, parent: Section | None) -> bool:
    return level == 1 if parent is None else level > parent.level


def _relevel(section: Section, level: int) -> dict[str, int]:
    """New levels for the section and its descendants so that each child stays below its parent."""
    if level > MAX_LEVEL:
        raise RuleViolation("标题最多四级（一、 （一） 1. （1）），不能再往下降级。")
    levels = {section.uid: level}
    for child in section.children:
        levels.update(_relevel(child, child.level if child.level > level else level + 1))
    return levels


def _apply_levels(section: Section, levels: dict[str, int]) -> None:
    section.level = levels[section.uid]
    for child in section.children:
        _apply_levels(child, levels)


def _place(report: Report, section: Section, parent: Section | None, index: int) -> None:
    """Insert `section` under `parent` at `index`, fixing levels (checked before anything changes)."""
    level = section.level if _fits(section.level, parent) else (parent.level + 1 if parent else 1)
    levels = _relevel(section, level)
    target = parent.children if parent else report.sections
    target.insert(max(0, min(index, len(target))), section)
    _apply_levels(section, levels)
    if parent is None and section.kind is None:
        section.kind = guess_kind(section.heading)


def add_section(report: Report, after_uid: str | None, heading: str = "新章节", as_child: bool = False) -> str:
    """A new section after `after_uid` (same level), or as its last child; at the end when after_uid is None."""
    if after_uid is None:
        section = Section(heading=heading, level=1, body=[], kind=guess_kind(heading))
        report.sections.append(section)
        return section.uid
    anchor = find(report, after_uid)
    if anchor is None:
        raise RuleViolation("找不到要在其后添加的章节。")
    if as_child:
        level = anchor.children[-1].level if anchor.children else anchor.level + 1
        if level > MAX_LEVEL:
            raise RuleViolation("四级标题下不能再添加下级章节。")
        section = Section(heading=heading, level=level, body=[])
        anchor.children.append(section)
        return section.uid
    siblings, index, parent = _siblings(report, after_uid)
    section = Section(heading=heading, level=anchor.level, body=[],
                      kind=guess_kind(heading) if parent is None else None)
    siblings.insert(index + 1, section)
    return section.uid


def delete_section(report: Report, uid: str) -> str:
    siblings, index, _parent = _siblings(report, uid)
    del siblings[index]
    return uid


def move_up(report: Report, uid: str) -> str:
    siblings, index, _parent = _siblings(report, uid)
    if index == 0:
        raise RuleViolation("已是同级第一个章节，不能再上移。")
    siblings[index - 1], siblings[index] = siblings[index], siblings[index - 1]
    return uid


def move_down(report: Report, uid: str) -> str:
    siblings, index, _parent = _siblings(report, uid)
    if index == len(siblings) - 1:
        raise RuleViolation("已是同级最后一个章节，不能再下移。")
    siblings[index + 1], siblings[index] = siblings[index], siblings[index + 1]
    return uid


def indent(report: Report, uid: str) -> str:
    """Become the last child of the previous sibling, level at least that sibling's level + 1."""
    siblings, index, _parent = _siblings(report, uid)
    if index == 0:
        raise RuleViolation("前面没有同级章节，不能降级。")
    new_parent = siblings[index - 1]
    section = siblings[index]
    levels = _relevel(section, max(section.level, new_parent.level + 1))
    del siblings[index]
    new_parent.children.append(section)
    _apply_levels(section, levels)
    return uid


def outdent(report: Report, uid: str) -> str:
    """Become the sibling right after its parent, taking the parent's form."""
    siblings, index, parent = _siblings(report, uid)
    if parent is None:
        raise RuleViolation("已是一级标题，不能再升级。")
    grand_siblings, parent_index, grandparent = _siblings(report, parent.uid)
    section = siblings.pop(index)
    section.level = parent.level
    grand_siblings.insert(parent_index + 1, section)
    if grandparent is None and section.kind is None:
        section.kind = guess_kind(section.heading)
    return uid


def move_to(report: Report, uid: str, new_parent_uid: str | None, index: int) -> str:
    """Drag and drop: move under `new_parent_uid` (None = top level) to `index`.

    `index` counts in the target list as it is before the move (Qt's drop row), so moving down
    within the same parent lands where the user dropped.
    """
    section = find(report, uid)
    if section is None:
        raise RuleViolation("找不到要移动的章节。")
    new_parent = find(report, new_parent_uid) if new_parent_uid else None
    if new_parent_uid and new_parent is None:
        raise RuleViolation("找不到目标章节。")
    if new_parent is not None and (new_parent is section or find(Report(sections=[section]), new_parent.uid)):
        raise RuleViolation("不能把章节移到它自己或它的下级章节里。")
    level = section.level if _fits(section.level, new_parent) else (new_parent.level + 1 if new_parent else 1)
    _relevel(section, level)  # raises before anything changes
    siblings, old_index, old_parent = _siblings(report, uid)
    del siblings[old_index]
    if old_parent is new_parent and old_index < index:
        index -= 1
    _place(report, section, new_parent, index)
    return uid
