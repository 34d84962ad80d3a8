"""Generate the app icon once: resources/lawdesk.svg, lawdesk.png (256 px) and lawdesk.ico.

A seal-red rounded square with 法 in white. The character is stored as an outline path (taken from a
bold CJK font when this script runs), so the SVG renders the same on machines without CJK fonts.
Run: .venv/bin/python packaging/make_icon.py   (needs Noto Serif/Sans CJK; the outputs are committed)
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QGuiApplication, QImage, QPainter, QPainterPath
from PySide6.QtSvg import QSvgRenderer

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SIZE = 256
SEAL_RED = "#C8102E"
FONTS = ("Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "SimHei")
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def glyph_path(char: str = "法") -> QPainterPath:
    font = QFont()
    font.setFamilies(list(FONTS))
    font.setWeight(QFont.Black)
    font.setPixelSize(170)
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, char)
    box = path.boundingRect()
    # centre the glyph's own outline (not the font's em box) in the square
    path.translate(SIZE / 2 - box.center().x(), SIZE / 2 - box.center().y() + 2)
    return path


def svg_path_data(path: QPainterPath) -> str:
    parts: list[str] = []
    i = 0
    while i < path.elementCount():
        e = path.elementAt(i)
        if e.type == QPainterPath.MoveToElement:
            parts.append(f"M{e.x:.1f} {e.y:.1f}")
        elif e.type == QPainterPath.LineToElement:
            parts.append(f"L{e.x:.1f} {e.y:.1f}")
        elif e.type == QPainterPath.CurveToElement:
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            parts.append(f"C{e.x:.1f} {e.y:.1f} {c2.x:.1f} {c2.y:.1f} {end.x:.1f} {end.y:.1f}")
            i += 2
        i += 1
    return "".join(parts) + "Z"


def svg_text(path: QPainterPath) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">\n'
        f'  <title>LawDesk 法治台账</title>\n'
        f'  <rect x="8" y="8" width="240" height="240" rx="44" fill="{SEAL_RED}"/>\n'
        f'  <rect x="22" y="22" width="212" height="212" rx="32" fill="none" stroke="#FFFFFF" '
        f'stroke-opacity="0.85" stroke-width="6"/>\n'
        f'  <path fill="#FFFFFF" fill-rule="nonzero" d="{svg_path_data(path)}"/>\n'
        f'</svg>\n'
    )


def render(svg: bytes, size: int) -> QImage:
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    QSvgRenderer(QByteArray(svg)).render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def ico_bytes(pngs: list[tuple[int, bytes]]) -> bytes:
    """An ICO holding PNG-compressed images (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs:
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = svg_text(glyph_path()).encode("utf-8")
    RESOURCES.mkdir(exist_ok=True)
    (RESOURCES / "lawdesk.svg").write_bytes(svg)
    (RESOURCES / "lawdesk.png").write_bytes(png_bytes(render(svg, SIZE)))
    (RESOURCES / "lawdesk.ico").write_bytes(ico_bytes([(s, png_bytes(render(svg, s))) for s in ICO_SIZES]))
    del app
    for name in ("lawdesk.svg", "lawdesk.png", "lawdesk.ico"):
        print(name, (RESOURCES / name).stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
