"""The report as HTML in the official layout, for the live preview and the PDF (Qt's rich-text subset).

Sizes are given in px and mean points when the page is painted at 72 dpi (the PDF writer does this);
the preview shows the same proportions. Font lists name the official fonts first, then installed CJK fonts.
Each heading carries an anchor `s-<uid>` so a view can scroll to a section.

Body and heading lines hold 28 characters, as on the Word document's character grid: 3号 characters are
16 pt and the line 156 mm (442 pt), so they are set 0.3 pt closer, as in the Word document
(`officedoc.CHAR_SPACING_TWIPS`), with the same first-line indent of two grid characters.
"""
from __future__ import annotations

from html import escape

from core.officedoc import CHAR_SPACING_TWIPS, FIRST_LINE_INDENT, LINE_PITCH_PT, SIZE_2, SIZE_3
from core.reports.export_docx import runs_in, title_lines
from core.reports.model import Report, format_cn_date, numbered

_FALLBACK = "'Noto Serif CJK SC', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Source Han Serif SC', serif"
FONTS = {
    "title": f"'方正小标宋简体', '小标宋', {_FALLBACK}",
    "body": f"'仿宋_GB2312', '仿宋', 'FangSong', {_FALLBACK}",
    1: f"'黑体', 'SimHei', 'Noto Sans CJK SC', {_FALLBACK}",
    2: f"'楷体_GB2312', '楷体', 'KaiTi', {_FALLBACK}",
    3: f"'仿宋_GB2312', '仿宋', 'FangSong', {_FALLBACK}",
    4: f"'仿宋_GB2312', '仿宋', 'FangSong', {_FALLBACK}",
}
TITLE_LINE_PT = 35
LETTER_SPACING = CHAR_SPACING_TWIPS / 20  # -0.3 px
INDENT = FIRST_LINE_INDENT.pt


def _p(text: str, *, font: str, size: float = SIZE_3, indent: bool = True, align: str = "justify",
       line: float = LINE_PITCH_PT, bold: bool = False, right: float = 0, anchor: str = "") -> str:
    style = (f"margin:0; font-family:{font}; font-size:{size}px; line-height:{line}px; "
             f"text-indent:{INDENT if indent else 0}px; font-weight:{'bold' if bold else 'normal'};"
             + (f" letter-spacing:{LETTER_SPACING}px;" if size == SIZE_3 else "")
             + (f" margin-right:{right}px;" if right else ""))
    name = f'<a name="{anchor}"></a>' if anchor else ""
    return f'<p align="{align}" style="{style}">{name}{text}</p>'


def to_html(report: Report, public: bool = False) -> str:
    """The whole report: title, 主送, opening, numbered sections, 落款 and (not in the public version) contact."""
    parts: list[str] = []
    if report.title:
        lines = "<br/>".join(escape(line) for line in title_lines(report.title))
        parts.append(_p(lines, font=FONTS["title"], size=SIZE_2, indent=False, align="center", line=TITLE_LINE_PT))
        parts.append(_p("&nbsp;", font=FONTS["body"], indent=False))
    if report.recipient:
        parts.append(_p(escape(report.recipient.rstrip("：:") + "："), font=FONTS["body"], indent=False, align="left"))
    parts += [_p(escape(text), font=FONTS["body"]) for text in report.opening]
    for section, number, _depth in numbered(report):
        level = max(1, min(section.level, 4))
        body = list(section.body)
        heading = (f'<span style="font-family:{FONTS[level]}; font-weight:{"bold" if level == 3 else "normal"}">'
                   f"{escape(number + section.heading)}</span>")
        if runs_in(section):
            heading += f'<span style="font-family:{FONTS["body"]}; font-weight:normal">{escape(body.pop(0))}</span>'
        parts.append(_p(heading, font=FONTS[level], anchor=f"s-{section.uid}"))
        parts += [_p(escape(text), font=FONTS["body"]) for text in body]
    if report.signature or report.issued_on:
        parts.append(_p("&nbsp;", font=FONTS["body"], indent=False))
        if report.signature:
            parts.append(_p(escape(report.signature), font=FONTS["body"], indent=False, align="right", right=2 * SIZE_3))
        if report.issued_on:
            parts.append(_p(format_cn_date(report.issued_on), font=FONTS["body"], indent=False, align="right",
                            right=4 * SIZE_3))
    if report.contact and not public:
        parts.append(_p(escape(report.contact), font=FONTS["body"]))
    return "<html><body>" + "\n".join(parts) + "</body></html>"
