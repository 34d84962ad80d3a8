"""Repair the text layer (the /ToUnicode maps) of a PDF so that searching and copying give the document's text.

Qt's PDF writer maps each glyph back to the lowest BMP code point that the font's cmap gives it. Noto CJK
draws several code points with one glyph — 一 U+4E00 and the Kangxi radical ⼀ U+2F00, 民 and ⺠ U+2EA0,
户 and 戶 — so about one ideograph in ten comes out as a look-alike; glyphs that only OpenType substitution
reaches get a wrong code point or none (under a Chinese locale `—` becomes `―` U+2015 and `——` a tab).

`repair_text_layer` rewrites each Type 0 font's /ToUnicode map. For every code whose text looks wrong it
finds the glyph in the installed font the PDF font was made from (`core.reports.pdf_fonts`), lists the
texts that can produce that glyph (its cmap code points, then sequences that the default substitutions
turn into it) and keeps the one that occurs most in the document text that was painted; without that text,
or when none occurs, a CJK Unified Ideograph or an ordinary GBK character beats a radical. Code points
nobody can tell apart on the page (a document using both 一 and ⼀) get the more frequent one.
Nothing here needs Qt; the PDF objects are read and written with pikepdf.
"""
from __future__ import annotations

import io
import logging
import re
import struct
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

from core.reports.pdf_fonts import SourceFont, find_font

log = logging.getLogger(__name__)

WIDTH_TOLERANCE = 1.5  # /W holds advances truncated to thousandths of an em
BOUNDS_TOLERANCE = 0.02  # of an em: the embedded copy of a glyph is redrawn with quadratic curves
MAX_OUTLINE_CHECKS = 64  # outlines compared per unmapped code, to bound the time an odd font can take


def repair_text_layer(path: Path | str, text: str | None = None) -> int:
    """Rewrite the /ToUnicode maps of the PDF at `path` in place; returns how many glyph codes changed.

    `text` is everything that was painted (body, headings, page numbers): the choice between code points
    sharing a glyph follows it. The file is rewritten only when something changed.
    """
    counts = TextCounts(text) if text is not None else None
    changed = 0
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for font in _type0_fonts(pdf):
            try:
                changed += _repair_font(font, counts)
            except Exception:  # an odd font must not cost the clerk the whole PDF: keep the writer's map
                log.warning("could not repair the text map of PDF font %s", font.get("/BaseFont"), exc_info=True)
        if changed:
            pdf.save(path)
    return changed


class TextCounts:
    """How often a string occurs in the painted text (single characters counted once, up front)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._chars = Counter(text)
        self._strings: dict[str, int] = {}

    def __call__(self, s: str) -> int:
        if len(s) == 1:
            return self._chars[s]
        if s not in self._strings:
            self._strings[s] = self.text.count(s) if s else 0
        return self._strings[s]


# ---- choosing the text of a glyph -----------------------------------------------------------------------

def _is_unified_ideograph(cp: int) -> bool:
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3FFFF


def _is_look_alike(cp: int) -> bool:
    """Radicals, compatibility ideographs, controls and private use: never the likely text of a glyph."""
    return (0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F or cp < 0x20
            or 0x7F <= cp < 0xA0 or 0xE000 <= cp <= 0xF8FF)


def char_rank(ch: str) -> int:
    """3 a unified ideograph, 2 an ordinary (GBK) character, 1 other Unicode, 0 a look-alike."""
    cp = ord(ch)
    if _is_unified_ideograph(cp):
        return 3
    if _is_look_alike(cp):
        return 0
    try:
        ch.encode("gbk")
    except UnicodeEncodeError:
        return 1
    return 2


def text_rank(s: str) -> int:
    return min((char_rank(ch) for ch in s), default=0)


def looks_wrong(s: str, counts: TextCounts | None) -> bool:
    """A map entry worth a second look: empty, a look-alike, or (with the text known) not in the text."""
    return not s or text_rank(s) == 0 or (counts is not None and counts(s) == 0)


def choose_text(candidates: Iterable[str], current: str, counts: TextCounts | None) -> str:
    """The likely text of a glyph: the candidate the document uses most, else the most ordinary one.

    Ties keep the writer's choice, so a map that was right is never reshuffled.
    """
    def key(s: str) -> tuple:
        used = counts(s) if counts is not None else 0
        return used > 0, used, text_rank(s), s == current, -len(s)

    options = list(dict.fromkeys([*candidates, current]))
    best = max(options, key=key)
    if text_rank(best) == 0 and (counts is None or counts(best) == 0):
        folded = unicodedata.normalize("NFKC", best)
        if folded != best and text_rank(folded) > 0:
            return folded
    return best


def glyph_texts(source: SourceFont, gid: int, counts: TextCounts | None) -> list[str]:
    """What `gid` may stand for: its cmap characters, and — when the document uses none of those —
    the character sequences the font's default substitutions turn into it."""
    direct = source.spellings(gid)
    if counts is not None and any(counts(s) for s in direct):
        return direct
    return direct + source.derived_texts(gid)


# ---- one font -------------------------------------------------------------------------------------------

def _type0_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    fonts = []
    for obj in pdf.objects:
        if (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
                and obj.get("/Subtype") == "/Type0" and "/ToUnicode" in obj and "/DescendantFonts" in obj):
            fonts.append(obj)
    return fonts


def _repair_font(font: pikepdf.Dictionary, counts: TextCounts | None) -> int:
    entries = parse_to_unicode(font.ToUnicode.read_bytes())
    cid_font = font.DescendantFonts[0]
    embedded = _EmbeddedFont(cid_font)
    # a code without an entry is worth a look only when the text can say what it should be
    suspects = [cid for cid in range(1, embedded.glyph_count)
                if (looks_wrong(entries[cid], counts) if cid in entries else counts is not None)]
    if not suspects:
        return 0
    source = find_font(str(font.BaseFont))
    if source is None:
        log.info("font %s is not installed here: its PDF text map stays as written", font.BaseFont)
        return 0
    glyphs = _known_glyphs({cid: entries[cid] for cid in suspects if cid in entries}, embedded, source)
    new = dict(entries)
    unplaced = []
    for cid in suspects:
        if cid in glyphs:
            new[cid] = choose_text(glyph_texts(source, glyphs[cid], counts), entries.get(cid, ""), counts)
        else:
            unplaced.append(cid)
    if unplaced and counts is not None:
        taken = set(_known_glyphs(entries, embedded, source).values())  # glyphs already accounted for
        for cid, gid in _place(unplaced, embedded, source, counts, taken).items():
            new[cid] = choose_text(glyph_texts(source, gid, counts), entries.get(cid, ""), counts)
    new = {cid: s for cid, s in new.items() if s}
    changed = sum(1 for cid in new.keys() | entries.keys() if new.get(cid) != entries.get(cid))
    if changed:
        font.ToUnicode.write(build_to_unicode(new))
    return changed


def _known_glyphs(entries: Mapping[int, str], embedded: _EmbeddedFont, source: SourceFont) -> dict[int, int]:
    """CID → source glyph, where the writer's code point leads to a glyph of the right advance."""
    glyphs = {}
    for cid, s in entries.items():
        gid = source.cmap.get(ord(s)) if len(s) == 1 else None
        if gid is not None and abs(source.advance(gid) - embedded.width(cid)) <= WIDTH_TOLERANCE:
            glyphs[cid] = gid
    return glyphs


def _place(cids: list[int], embedded: _EmbeddedFont, source: SourceFont, counts: TextCounts,
           taken: set[int]) -> dict[int, int]:
    """Find the source glyph of codes the writer mapped to nothing usable, by advance and outline bounds.

    Qt maps every glyph that a BMP code point reaches (to the lowest one), so what it leaves unmapped are
    glyphs only substitutions or supplementary-plane characters reach, and whitespace, which it maps to a
    control character (a tab for the space glyph). Those are the candidates, among what the text can produce.
    An empty glyph can only be whitespace; a glyph with ink must also have the same outline bounds.
    """
    blanks = {source.cmap[ord(ch)] for ch in {" ", "\u3000", "\u00a0"} if counts(ch) and ord(ch) in source.cmap}
    inked = {g for g in source.reachable(counts.text) - taken - blanks
             if min(source.code_points(g), default=0x10000) >= 0x10000}
    placed: dict[int, int] = {}
    for cid in cids:
        box = embedded.bounds(cid)
        pool = blanks if box is None else inked
        matches = [g for g in pool if abs(source.advance(g) - embedded.width(cid)) <= WIDTH_TOLERANCE]
        if box is not None:
            if len(matches) > MAX_OUTLINE_CHECKS:
                continue  # too many look-alikes to tell apart cheaply: leave the writer's entry
            matches = [g for g in matches if _same_bounds(box, source.bounds(g), source)]
        # one outline, several glyphs: take the one whose text the document uses most
        matches.sort(key=lambda g: -max((counts(s) for s in glyph_texts(source, g, counts)), default=0))
        if matches:
            placed[cid] = matches[0]
            pool.discard(matches[0])
    return placed


def _same_bounds(embedded: tuple[float, float, float, float], source_bounds, source: SourceFont) -> bool:
    if source_bounds is None:
        return False
    scale = source.units_per_em
    return all(abs(a * scale - b) <= BOUNDS_TOLERANCE * scale for a, b in zip(embedded, source_bounds))


class _EmbeddedFont:
    """The glyph widths (/W, /DW) and the embedded subset's outline bounds of a CIDFont.

    The subset's tables are read from their bytes: fontTools would decode the `head` that Qt writes with a
    zero timestamp and log a warning on every export.
    """

    def __init__(self, cid_font: pikepdf.Dictionary) -> None:
        self._widths = _widths(cid_font)
        self._default_width = float(cid_font.get("/DW", 1000))
        descriptor = cid_font.get("/FontDescriptor")
        file = descriptor.get("/FontFile2") if descriptor is not None else None
        self._tables = TTFont(io.BytesIO(file.read_bytes()), lazy=True).reader if file is not None else None
        if self._tables is not None and "maxp" in self._tables:
            self.glyph_count = struct.unpack(">H", self._tables["maxp"][4:6])[0]
        else:
            self.glyph_count = max(self._widths, default=0) + 1

    def width(self, cid: int) -> float:
        return self._widths.get(cid, self._default_width)

    def bounds(self, cid: int) -> tuple[float, float, float, float] | None:
        """Outline bounds in ems (the subset's em differs from the source's), None for an empty glyph."""
        tables = self._tables
        if tables is None or not all(tag in tables for tag in ("head", "loca", "glyf")):
            return None
        head, loca = tables["head"], tables["loca"]
        em, long_offsets = struct.unpack(">H", head[18:20])[0], struct.unpack(">h", head[50:52])[0]
        if long_offsets:
            start, end = struct.unpack(">II", loca[4 * cid:4 * cid + 8])
        else:
            start, end = (2 * x for x in struct.unpack(">HH", loca[2 * cid:2 * cid + 4]))
        if end - start < 10:
            return None
        _contours, *box = struct.unpack(">hhhhh", tables["glyf"][start:start + 10])
        return tuple(v / em for v in box)


def _widths(cid_font: pikepdf.Dictionary) -> dict[int, float]:
    """CID → advance from a /W array: `c [w1 w2 …]` and `c_first c_last w` runs."""
    widths: dict[int, float] = {}
    items = list(cid_font.get("/W", []))
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            widths.update((first + k, float(w)) for k, w in enumerate(items[i + 1]))
            i += 2
        else:
            widths.update((cid, float(items[i + 2])) for cid in range(first, int(items[i + 1]) + 1))
            i += 3
    return widths


# ---- ToUnicode CMaps ------------------------------------------------------------------------------------

_SECTION = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)
_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]")


def _utf16(hexdigits: bytes) -> str:
    raw = bytes.fromhex("".join(hexdigits.decode("ascii").split()))
    return raw.decode("utf-16-be", errors="replace")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """Code → text from a ToUnicode CMap's bfchar and bfrange sections (ranges as arrays or as a start)."""
    entries: dict[int, str] = {}
    for kind, body in _SECTION.findall(data):
        tokens = [m.group(0) if m.group(1) is None else m.group(1) for m in _TOKEN.finditer(body)]
        i = 0
        while i < len(tokens):
            if kind == b"bfchar":
                entries[int(tokens[i], 16)] = _utf16(tokens[i + 1])
                i += 2
                continue
            low, high = int(tokens[i], 16), int(tokens[i + 1], 16)
            if tokens[i + 2] == b"[":
                end = tokens.index(b"]", i + 3)
                entries.update((low + k, _utf16(t)) for k, t in enumerate(tokens[i + 3:end]))
                i = end + 1
            else:
                start = _utf16(tokens[i + 2])
                for k in range(high - low + 1):  # the last UTF-16 unit counts up
                    entries[low + k] = start[:-1] + chr(ord(start[-1]) + k) if start else ""
                i += 3
    return entries


_CMAP_HEAD = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
              b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
              b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
              b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
_CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


def build_to_unicode(entries: Mapping[int, str]) -> bytes:
    """A ToUnicode CMap with one bfchar line per code (a line may hold several characters: `——`)."""
    lines = [b"<%04X> <%s>" % (cid, text.encode("utf-16-be").hex().upper().encode("ascii"))
             for cid, text in sorted(entries.items()) if text]
    blocks = []
    for start in range(0, len(lines), 100):  # a CMap section holds at most 100 entries
        chunk = lines[start:start + 100]
        blocks.append(b"%d beginbfchar\n%s\nendbfchar\n" % (len(chunk), b"\n".join(chunk)))
    return _CMAP_HEAD + b"".join(blocks) + _CMAP_TAIL
