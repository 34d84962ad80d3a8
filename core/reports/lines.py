"""One line of an imported report and the shapes the parser judges it by.

A report's lines are told apart by what they look like, not by a list of known texts: a sentence has
sentence punctuation, a title is short and has none, an organ name ends in an organ word (局, 委, 政府…),
a 主送 is organs followed by a colon, a web label is two to six characters and a colon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
SENTENCE_MARKS = re.compile(r"[。！？；，,;!?]")
_FULL_STOPS = re.compile(r"[。！？；]")
LAW_WORDS = re.compile(r"法治|依法行政|法制|依法治")
REPORT_WORDS = re.compile(r"报告|总结|汇报")
_ORGAN_END = re.compile(
    r"(?:委|政府|局|办|办公室|厅|部|院|会|组|室|中心|处|所|站|队|署|司|科|股|街道|镇|乡|公司|集团|政协|人大|党组|党委)$")
_PLACE = re.compile(r"[省市区县州盟旗镇乡]|街道")
_LABEL = re.compile(r"^(?:[-•·●▪]\s*)?[\u4e00-\u9fff](?:\s{0,3}[\u4e00-\u9fff]){1,5}\s*[:：]")
_BREADCRUMB = re.compile(r"[>＞»›→]|^(?:首页|主页)\s*[/|｜]")
_OPENING_WORDS = re.compile(r"如下\s*[:：]?$|^现将")
_RECIPIENT_PARTS = re.compile(r"[、，,和及与]")
_NOT_ORGAN_LABEL = re.compile(r"^[主承协]办$")


@dataclass
class Line:
    text: str  # as it will be stored (converted to Simplified when asked)
    key: str  # Simplified form used for recognising shapes
    number: int  # line / paragraph number in the source (1-based)
    style_level: int | None = None  # Word heading style level; 0 = the Title style
    emphasis: bool = False  # centred or bold in Word: how a title is set
    kept: bool = False  # the clerk took it back from the dropped lines: never page furniture


@dataclass
class DroppedLine:
    number: int  # line number in the source
    text: str
    reason: str  # why it was left out, in the clerk's words


def cjk_count(text: str) -> int:
    return len(CJK.findall(text))


def is_label(text: str) -> bool:
    """Starts like a web page's metadata: 「发布机构：」「索 引 号:」 (two to six characters and a colon)."""
    return bool(_LABEL.match(text)) and not is_recipient(text)


def is_sentence(text: str) -> bool:
    """Prose: a full stop, commas in Chinese text, or a lead-in colon; web labels and footers are not prose."""
    if is_label(text):
        return False
    if _FULL_STOPS.search(text):
        return True
    if text.endswith(("：", ":")) and not is_recipient(text):  # 「现将有关情况报告如下：」 leads into what follows
        return cjk_count(text) >= 8
    return bool(SENTENCE_MARKS.search(text)) and cjk_count(text) >= 6


def is_breadcrumb(text: str) -> bool:
    return bool(_BREADCRUMB.search(text)) and not _FULL_STOPS.search(text)


def is_title_like(text: str) -> bool:
    """Short, no sentence punctuation, no label, no navigation: the shape of a title line."""
    return (4 <= len(text) <= 80 and cjk_count(text) >= 4 and not SENTENCE_MARKS.search(text)
            and not is_label(text) and not is_breadcrumb(text) and not _OPENING_WORDS.search(text)
            and not text.endswith(("：", ":")))


def names_report(text: str) -> bool:
    """Names a rule-of-law report: 「…法治政府建设…报告」, 「依法行政工作总结」."""
    return bool(LAW_WORDS.search(text) and REPORT_WORDS.search(text))


def is_organ_name(text: str) -> bool:
    """「某区政务服务数据管理局」「中共某县委 某县人民政府」: short, no punctuation, ends in an organ word."""
    return (2 <= len(text) <= 40 and not SENTENCE_MARKS.search(text) and not is_label(text)
            and not text.endswith(("：", ":")) and bool(_ORGAN_END.search(text)))


def is_signature(text: str) -> bool:
    """A 落款 above its date: an organ name, or a short place name (「某某街道」「某县」)."""
    return is_organ_name(text) or (
        2 <= len(text) <= 30 and not SENTENCE_MARKS.search(text) and not is_label(text)
        and bool(_PLACE.search(text)) and cjk_count(text) >= 2)


def is_recipient(text: str) -> bool:
    """「区委、区政府：」: organs, separated by 、 or 和, and a colon at the end."""
    if not (3 <= len(text) <= 40 and text.endswith(("：", ":"))):
        return False
    parts = [p.strip() for p in _RECIPIENT_PARTS.split(text.rstrip("：: "))]
    return all(len(p) >= 2 and _ORGAN_END.search(p) and not _NOT_ORGAN_LABEL.match(p)
               and not SENTENCE_MARKS.search(p) for p in parts)


def has_subject(text: str) -> bool:
    """Whether a title names who reports (a place or organ before the rule-of-law words)."""
    law = LAW_WORDS.search(text)
    before = text[: law.start()] if law else text
    return bool(_PLACE.search(before) or re.search(r"(?:局|委|政府|办|厅|部|院|中心)", before))


def ends_like_subject(text: str) -> bool:
    """A first title line that the second completes: ends in an organ, a place or a year (「…2020年」)."""
    return bool(_ORGAN_END.search(text) or re.search(r"(?:年度?|关于|[省市区县])$", text))
