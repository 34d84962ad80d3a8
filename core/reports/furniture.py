"""Page furniture: what a website (or a PDF's page layout) puts around a report, told by its shape.

Two strengths. `anywhere` is furniture wherever it stands, even between two paragraphs: copyright and
registration lines, 【打印】【关闭】, font-size switches, page numbers. `shape` is what looks like furniture
at the head or the tail of a page — metadata labels, breadcrumbs, bare dates and times, index numbers,
navigation words, runs of short similar lines (link lists) — and is only trusted there, where the
parser also knows the position (before the title, after the 落款). Each returns the reason the preview
shows, or None.
"""
from __future__ import annotations

import re

from core.reports import dates
from core.reports.lines import (
    SENTENCE_MARKS,
    Line,
    cjk_count,
    is_breadcrumb,
    is_label,
    is_organ_name,
    is_sentence,
)

_SITE = re.compile(
    r"公网安备|ICP\s*[备证]|网站标识码|政府网站标识|版权所有|copyright|©|技术支持|[主承协]办单位|分享到|"
    r"打印本页|打印此页|关闭窗口|字体\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中|【\s*(?:打印|关闭|收藏|返回|字体|字号)|"
    r"扫一扫|网站地图|返回顶部|当前位置|您的位置|所在位置|分辨率|浏览器|^上一篇|^下一篇|"
    r"(?:浏览|阅读|访问|点击)(?:次数|量|数)|访客|国务院部门网站|地方政府网站|^无障碍|适老化",
    re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^[—\-－–~～]\s*\d{1,3}\s*[—\-－–~～]$|^第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?$")
# Labels only a page's metadata carries (a report's own text may well say 「资金来源：」 or 「时间：」).
_META_LABEL = re.compile(
    r"^(?:[-•·●▪]\s*)?(?:索\s*引\s*号|发\s*布\s*(?:机\s*构|时\s*间|日\s*期|于)|(?:信息|文章|稿件)?来\s*源|"
    r"发文字号|文\s*号|主\s*题\s*(?:分\s*类|词)|组配分类|有\s*效\s*性|成文日期|责任编辑|浏览次数|点击数)\s*[:：]")
_BRACKETED = re.compile(r"^(?:【[^【】]{1,20}】\s*)+$|^[（(]完[)）]$")
_DATEISH = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2}:\d{2}(?::\d{2})?|"
    r"星期[一二三四五六日天]|周[一二三四五六日]|农历\S*|今天是|[（()）\[\]【】:：\s,，|｜]")
_INDEX_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-/.:：—–·]{5,}$")
_DOC_NUMBER = re.compile(r"^[\[【(（]?[\u4e00-\u9fff]{1,10}[〔\[(（]\d{4}[〕\])）]\s*\d{1,4}\s*号[\]】)）]?$")
_NAVIGATION = re.compile(
    r"首页|主页|网站|栏目|频道|导航|登录|注册|搜索|检索|english|繁体|简体|rss|微信|微博|客户端|二维码|打印|关闭|收藏|"
    r"分享|字号|信息公开|政务公开|规章库|政策文件|互动交流|专题专栏|今天是|农历|链接", re.IGNORECASE)
_FULL_STOP_END = re.compile(r"[。！？]$")
_RUN_MAX = 24  # a link in a list is short


def anywhere(line: Line) -> str | None:
    """Furniture wherever it stands (a sentence never is)."""
    key = line.key
    if line.kept or len(key) > 120 or key.endswith("。"):
        return None
    if _PAGE_NUMBER.match(key):
        return "页码"
    if _SITE.search(key) and not is_sentence(key):
        return "网站信息"
    if _META_LABEL.match(key) and not _FULL_STOP_END.search(key):
        return "发布信息"
    return None


def shape(line: Line) -> str | None:
    """What a line at the head or tail of a page looks like, when it looks like furniture."""
    if line.kept:
        return None
    key = line.key
    reason = anywhere(line)
    if reason:
        return reason
    if is_label(key):
        return "发布信息"
    if _BRACKETED.match(key):  # 「【责任编辑：张三】」「（完）」; a report may head a passage 「【典型案例】」, so not anywhere
        return "网站信息"
    if is_breadcrumb(key):
        return "网页导航"
    if _is_date_or_time(key):
        return "日期时间"
    if (_INDEX_NUMBER.match(key) and re.search(r"\d", key)) or _DOC_NUMBER.match(key):
        return "编号"
    if len(key) <= 30 and not SENTENCE_MARKS.search(key) and _NAVIGATION.search(key):
        return "网页导航"
    if _is_menu(key):
        return "网页导航"
    return None


def _is_menu(key: str) -> bool:
    """「首页 政务公开 政务服务 互动交流」「中国政府网 | 省政府网」: three or more short names side by side."""
    items = [item for item in re.split(r"\s+|[|｜]", key) if item]
    return (len(items) >= 3 and all(len(item) <= 8 for item in items) and not SENTENCE_MARKS.search(key)
            and not re.search(r"\d", key))


def _is_date_or_time(key: str) -> bool:
    if dates.line_date(key):
        return True
    return bool(re.search(r"\d", key)) and not _DATEISH.sub("", key)


def _listish(line: Line) -> bool:
    """Short, unpunctuated and without figures: a link is a name (a table row has figures)."""
    return (not line.kept and len(line.key) <= _RUN_MAX and not SENTENCE_MARKS.search(line.key)
            and not re.search(r"\d", line.key) and cjk_count(line.key) + len(re.findall(r"[A-Za-z]+", line.key)) >= 1)


def _alike(a: str, b: str) -> bool:
    """Two links of one list: they share their last or first two characters (「…部门网站」「…政府网站」),
    or both are short organ names (a list of department sites)."""
    if len(a) < 2 or len(b) < 2:
        return False
    organs = is_organ_name(a) and is_organ_name(b) and max(len(a), len(b)) <= 16
    return a[-2:] == b[-2:] or a[:2] == b[:2] or organs


def in_link_list(lines: list[Line], i: int) -> bool:
    """Line i and a neighbour are short and alike: links of one list (「国务院部门网站」「地方政府网站」)."""
    if not _listish(lines[i]):
        return False
    return any(0 <= j < len(lines) and _listish(lines[j]) and _alike(lines[i].key, lines[j].key)
               for j in (i - 1, i + 1))


def ends_breadcrumb(key: str) -> bool:
    """「首页 > 政务公开 >」: a breadcrumb the page wrapped, so the next line is its continuation."""
    return is_breadcrumb(key) and bool(re.search(r"[>＞»›→/]\s*$", key))
