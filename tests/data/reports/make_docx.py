"""Writes the corpus's .docx cases (13–16) the way clerks' Word files are set, with python-docx.

    .venv/bin/python tests/data/reports/make_docx.py

The files are committed; run this again only to change them (and their .json sidecars).
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = Path(__file__).resolve().parent


def _para(doc, text: str, *, style: str | None = None, centre: bool = False, bold: bool = False,
          right: bool = False):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold or None
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph


def title_style_and_heading_styles() -> None:
    """Title style, unnumbered Heading 1/2 styles, a metadata table above the title, 落款 set right."""
    doc = Document()
    table = doc.add_table(rows=2, cols=4)
    for row, cells in zip(table.rows, (("索引号", "000014349/2024-00056", "发布机构", "金水区人力资源和社会保障局"),
                                       ("发布日期", "2024-02-18", "文号", "金人社〔2024〕5号"))):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    _para(doc, "金水区人力资源和社会保障局2023年度法治政府建设情况报告", style="Title")
    _para(doc, "区委、区政府：")
    _para(doc, "2023年，我局坚持以习近平法治思想为指导，围绕就业、社保、人才、劳动关系等重点工作，"
               "全面推进人社领域依法行政。现将有关情况报告如下：")
    _para(doc, "推进法治政府建设的主要举措和成效", style="Heading 1")
    _para(doc, "规范劳动保障监察执法", style="Heading 2")
    _para(doc, "全年办结劳动保障监察案件312件，为1860名劳动者追发工资待遇2360万元。")
    _para(doc, "推进人社服务快办行动", style="Heading 2")
    _para(doc, "推出“打包一件事”服务12项，社保业务网上可办率达98%。")
    _para(doc, "存在的不足和原因", style="Heading 1")
    _para(doc, "劳动保障监察执法力量不足，欠薪治理长效机制还需健全。")
    _para(doc, "下一年度推进法治政府建设的主要安排", style="Heading 1")
    _para(doc, "深入开展根治欠薪专项行动，推进人社领域信用监管。")
    _para(doc, "金水区人力资源和社会保障局", right=True)
    _para(doc, "2024年1月29日", right=True)
    doc.save(HERE / "13-docx-title-style-heading-styles-table-above.docx")


def centred_title_fullwidth_numbers() -> None:
    """A centred bold title that names no 报告, full-width digits in the numbering, organ and date at the end."""
    doc = Document()
    _para(doc, "沙河县水利局2023年度法治建设工作情况", centre=True, bold=True)
    _para(doc, "县委依法治县办：")
    _para(doc, "2023年，我局认真贯彻落实习近平法治思想，依法履行水行政管理职责，现将有关情况报告如下：")
    _para(doc, "一、主要举措和成效")
    _para(doc, "１．加强水行政执法。全年巡查河道1260公里，立案查处水事违法案件12件。")
    _para(doc, "２．推进河湖长制落实。县乡村三级河湖长巡河4800余人次。")
    _para(doc, "（１）清理河道“四乱”问题36处。")
    _para(doc, "（２）整治非法采砂点3处。")
    _para(doc, "二、存在的不足")
    _para(doc, "水行政执法人员持证比例偏低，执法装备不足。")
    _para(doc, "三、2024年工作安排")
    _para(doc, "加强水行政执法与刑事司法衔接，推进智慧水利建设。")
    _para(doc, "沙河县水利局")
    _para(doc, "2024年2月1日")
    doc.save(HERE / "14-docx-centred-bold-title-fullwidth-digits.docx")


def heading_styled_title_soft_breaks() -> None:
    """The title set in Heading 1, numbered parts in Heading 2, a soft line break inside a paragraph."""
    doc = Document()
    _para(doc, "安平县市场监督管理局2023年法治政府建设年度报告", style="Heading 1")
    paragraph = _para(doc, "县委、县政府：")
    paragraph.add_run().add_break()
    paragraph.add_run("2023年，我局深入贯彻习近平法治思想，全面推进市场监管法治建设，现将有关情况报告如下：")
    _para(doc, "一、主要举措和成效", style="Heading 2")
    _para(doc, "（一）落实行政执法三项制度。全年办理行政处罚案件236件，罚没款186万元。")
    _para(doc, "（二）推行轻微违法免罚。对68户首违轻微的市场主体依法不予处罚。")
    _para(doc, "二、存在的不足和原因", style="Heading 2")
    _para(doc, "基层市场监管所执法人员不足，专业执法能力有待提升。")
    _para(doc, "三、主要负责人履行推进法治建设第一责任人职责情况", style="Heading 2")
    _para(doc, "主要负责人主持召开党组会议研究法治工作4次，带头参加旁听庭审。")
    _para(doc, "四、2024年工作安排", style="Heading 2")
    _para(doc, "深化信用监管，推进“双随机、一公开”监管全覆盖。")
    _para(doc, "五、其他需要报告的情况", style="Heading 2")
    _para(doc, "无。")
    _para(doc, "安平县市场监督管理局", right=True)
    _para(doc, "2024年1月16日", right=True)
    doc.save(HERE / "15-docx-heading-styled-title-soft-breaks.docx")


def two_centred_lines_and_dateline() -> None:
    """A title over two centred lines, the organ's date in parentheses under it, no 落款 at the end."""
    doc = Document()
    _para(doc, "高新区管委会", centre=True, bold=True)
    _para(doc, "关于2023年度法治政府建设情况的报告", centre=True, bold=True)
    _para(doc, "（2024年1月20日）", centre=True)
    _para(doc, "市委、市政府：")
    _para(doc, "2023年，高新区管委会坚持以习近平法治思想为指导，全面推进依法行政，现将有关情况报告如下：")
    _para(doc, "一、推进法治政府建设的主要举措和成效")
    _para(doc, "（一）深化“放管服”改革。实行“园区事园区办”，下放审批事项120项。")
    _para(doc, "（二）优化法治化营商环境。设立企业法律服务中心，为企业提供法律咨询560次。")
    _para(doc, "二、存在的不足和原因")
    _para(doc, "园区法治工作力量薄弱，规范性文件合法性审核机制有待完善。")
    _para(doc, "三、党政主要负责人履行推进法治建设第一责任人职责情况")
    _para(doc, "管委会主要负责人主持召开主任办公会研究法治工作5次。")
    _para(doc, "四、2024年推进法治政府建设的主要安排")
    _para(doc, "健全园区依法决策机制，推进综合行政执法改革。")
    doc.save(HERE / "16-docx-two-centred-lines-dateline-under-title.docx")


if __name__ == "__main__":
    title_style_and_heading_styles()
    centred_title_fullwidth_numbers()
    heading_styled_title_soft_breaks()
    two_centred_lines_and_dateline()
