"""Checks shared by the exporters' tests: a WPS-safe .docx read from its XML, and LibreOffice rendering.

`assert_wps_safe` opens the package with zipfile and asserts on the XML WPS and Word read: no theme fonts,
zh-CN, complex PAGE fields with a cached number, w:gridCol on every table, the 28 × 22 grid and the core
properties of the unit. `render_pdf` converts a .docx or .xlsx with LibreOffice when it is installed, with
the official fonts mapped to installed CJK fonts of the same metrics (half-width digits and Latin, as in
宋体 and 仿宋_GB2312), as on a machine that has them.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from core import officedoc
from core.docmeta import DocInfo

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml(data: bytes):
    return etree.fromstring(data)


def assert_wps_safe(path: Path, info: DocInfo) -> None:
    """Everything WPS needs (see the module docstring); fails with the first thing missing."""
    files = parts(path)
    assert not [n for n, data in files.items() if b"python-docx" in data], "python-docx named in the package"
    assert not [n for n in files if "stylesWithEffects" in n or "thumbnail" in n]
    styles = files["word/styles.xml"].decode()
    assert not re.search(r"w:(ascii|hAnsi|eastAsia)Theme=|w:cstheme=", styles), "theme fonts in styles.xml"
    root = xml(files["word/styles.xml"])
    defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:rFonts", NS).get(_w("eastAsia")) == officedoc.BODY_FONT
    langs = root.findall(".//w:lang", NS)
    assert langs and all(lang.get(_w("val")) == "zh-CN" and lang.get(_w("eastAsia")) == "zh-CN" for lang in langs)
    theme = xml(files["word/theme/theme1.xml"])
    assert not theme.findall(".//a:fontScheme//a:font", NS), "per-script theme fonts (ＭＳ 明朝…)"
    assert all(ea.get("typeface") for ea in theme.findall(".//a:fontScheme//a:ea", NS))
    settings = xml(files["word/settings.xml"])
    assert settings.find("w:themeFontLang", NS).get(_w("eastAsia")) == "zh-CN"
    fonts = {f.get(_w("name")) for f in xml(files["word/fontTable.xml"]).findall("w:font", NS)}
    assert officedoc.BODY_FONT in fonts and "ＭＳ 明朝" not in fonts and "Cambria" not in fonts
    document = xml(files["word/document.xml"])
    _assert_grid(document)
    _assert_tables_have_grid_columns(document)
    footers = [xml(data) for name, data in files.items() if re.fullmatch(r"word/footer\d*\.xml", name)]
    assert footers and all(_has_complex_page_field(f) for f in footers)
    assert not any(x.findall(".//w:fldSimple", NS) for x in [document, *footers])
    _assert_core_properties(xml(files["docProps/core.xml"]), info)


def _assert_grid(document) -> None:
    grid = document.find(".//w:sectPr/w:docGrid", NS)
    assert grid.get(_w("type")) == "linesAndChars"
    assert int(grid.get(_w("linePitch"))) == round(officedoc.LINE_PITCH_PT * 20)
    pitch_pt = officedoc.SIZE_3 + int(grid.get(_w("charSpace"))) / 4096  # Word: Normal's size + charSpace
    text_width_pt = officedoc.TEXT_WIDTH_TWIPS / 20
    assert 28 * pitch_pt <= text_width_pt < 29 * pitch_pt, "28 characters a line"


def _assert_tables_have_grid_columns(document) -> None:
    for table in document.iter(_w("tbl")):
        columns = table.findall("w:tblGrid/w:gridCol", NS)
        widest_row = max(sum(int(c.find("w:tcPr/w:gridSpan", NS).get(_w("val")))
                             if c.find("w:tcPr/w:gridSpan", NS) is not None else 1 for c in row.findall("w:tc", NS))
                         for row in table.findall("w:tr", NS))
        assert len(columns) == widest_row and all(int(c.get(_w("w"))) > 0 for c in columns)


def _has_complex_page_field(footer) -> bool:
    """begin · instrText PAGE · separate · a cached number · end, in that order."""
    sequence = []
    for el in footer.iter(_w("fldChar"), _w("instrText"), _w("t")):
        if el.tag == _w("fldChar"):
            sequence.append(el.get(_w("fldCharType")))
        elif el.tag == _w("instrText"):
            sequence.append("instr:" + el.text.strip())
        elif sequence and sequence[-1] == "separate" and el.text and el.text.isdigit():
            sequence.append("cached")
    return sequence == ["begin", "instr:PAGE", "separate", "cached", "end"]


def _assert_core_properties(core, info: DocInfo) -> None:
    def text(tag: str) -> str:
        el = core.find(tag, NS)
        return (el.text or "") if el is not None else ""

    assert text("dc:creator") == info.author and text("cp:lastModifiedBy") == info.author
    assert text("dc:title") == info.title
    stamp = info.created_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert text("dcterms:created") == stamp and text("dcterms:modified") == stamp
    assert text("dc:description") == ""


# -- LibreOffice -------------------------------------------------------------------------------------

# The official fonts are not on Linux; without an alias fontconfig picks DejaVu Sans (wide Latin digits).
FONT_ALIASES = {"宋体": "Noto Sans Mono CJK SC", "仿宋_GB2312": "Noto Sans Mono CJK SC",
                "楷体_GB2312": "Noto Sans Mono CJK SC", "黑体": "Noto Sans Mono CJK SC",
                "方正小标宋简体": "Noto Serif CJK SC"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(source: Path, workdir: Path) -> Path:
    """`source` converted to PDF by LibreOffice (headless, a private profile, the font aliases above)."""
    conf = workdir / "fonts.conf"
    aliases = "".join(f"<alias binding=\"strong\"><family>{name}</family><prefer><family>{target}</family>"
                      "</prefer></alias>" for name, target in FONT_ALIASES.items())
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>',
                    encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(workdir), str(source)], env=env, check=True, capture_output=True, timeout=240)
    return workdir / (source.stem + ".pdf")


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_lines(pdf: Path) -> list[list[dict]]:
    """Each page's text lines (pdftotext -bbox-layout), top to bottom: x0, x1, y0, y1, text and words."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        lines = []
        for line in re.findall(r"<line [^>]*>(.*?)</line>", page, re.S):
            words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(line)]
            if words:
                lines.append({"x0": words[0][0], "x1": words[-1][2], "y0": min(w[1] for w in words),
                              "y1": max(w[3] for w in words), "text": "".join(w[4] for w in words),
                              "words": [w[4] for w in words]})
        pages.append(_merge_same_baseline(sorted(lines, key=lambda ln: (ln["y1"], ln["x0"]))))
    return pages


def _merge_same_baseline(lines: list[dict]) -> list[dict]:
    """pdftotext may cut one printed line into several (a wide justification gap): put them together."""
    merged: list[dict] = []
    for line in lines:
        last = merged[-1] if merged else None
        if last and abs(last["y1"] - line["y1"]) < 2:
            last.update(x0=min(last["x0"], line["x0"]), x1=max(last["x1"], line["x1"]),
                        text=last["text"] + line["text"], words=last["words"] + line["words"])
        else:
            merged.append(dict(line))
    return merged
