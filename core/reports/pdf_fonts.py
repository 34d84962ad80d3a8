"""The installed font files behind a PDF's fonts: which code points and substitutions give each glyph.

A PDF writer that embeds a subset of a font names it by PostScript name (`ABCDEF+NotoSerifCJKsc-Regular`).
`find_font` finds that font on this machine (fontconfig's `fc-list`, else a scan of the usual font
folders) and `SourceFont` answers what `core.reports.pdf_text` needs to repair a text layer: the glyph of a
code point, every code point sharing a glyph (Noto CJK draws 一 U+4E00 and ⼀ U+2F00 with one glyph), the
character sequences that the default OpenType substitutions turn into a glyph (`——` → a two-em dash,
`—` → the centred Chinese dash under `locl`), advances and outline bounds.

Speed matters: the PDF export runs this for every font on every export, and fontTools' own cmap and
glyph-order decoding of a 65,535-glyph CJK font costs ~70 ms, so the cmap and hmtx tables are read straight
from their bytes and GSUB (through fontTools, with a synthetic glyph order) and outlines only when asked.
"""
from __future__ import annotations

import functools
import itertools
import locale
import logging
import os
import shutil
import struct
import subprocess
import sys
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

log = logging.getLogger(__name__)

# Features HarfBuzz applies by default to horizontal text (Qt shapes with HarfBuzz). Others (aalt, fwid,
# vert, …) are never applied to the report's text, so glyphs they lead to cannot be on the page.
DEFAULT_FEATURES = frozenset({"rvrn", "ccmp", "locl", "rlig", "rclt", "calt", "clig", "liga"})
MAX_STEPS = 3  # substitution steps followed from characters to a glyph (ccmp ligature, then locl, …)
MAX_SEQUENCES = 64  # glyph sequences and spellings looked at per glyph: ligatures of ligatures explode
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

Bounds = tuple[float, float, float, float]


class SourceFont:
    """One face of an installed font file (a TTC holds several), read lazily."""

    def __init__(self, path: Path, index: int = 0) -> None:
        self.path = Path(path)
        self.index = index
        self._font = TTFont(str(self.path), fontNumber=index, lazy=True)
        self._cmap: dict[int, int] | None = None
        self._shared: dict[int, list[int]] | None = None
        self._lowest: dict[int, int] = {}
        self._gsub: _Substitutions | None = None
        self._outlines: TTFont | None = None
        self._bounds: dict[int, Bounds | None] = {}

    def __repr__(self) -> str:
        return f"SourceFont({str(self.path)!r}, {self.index})"

    @functools.cached_property
    def units_per_em(self) -> int:
        return struct.unpack(">H", self._table("head")[18:20])[0]

    @functools.cached_property
    def glyph_count(self) -> int:
        return struct.unpack(">H", self._table("maxp")[4:6])[0]

    @property
    def cmap(self) -> dict[int, int]:
        """Code point → glyph id."""
        if self._cmap is None:
            self._cmap = read_cmap(self._table("cmap"))
        return self._cmap

    def code_points(self, gid: int) -> list[int]:
        """The code points whose cmap entry is `gid`, ascending."""
        shared = (self._shared if self._shared is not None else self._index_glyphs()).get(gid)
        if shared is not None:
            return shared
        return [self._lowest[gid]] if gid in self._lowest else []

    def _index_glyphs(self) -> dict[int, list[int]]:
        """Glyph → lowest code point, and the full lists for glyphs with several: most glyphs have one,
        and 44,000 one-item lists cost ~25 ms to build."""
        codes, glyphs = list(self.cmap), list(self.cmap.values())
        self._lowest = dict(zip(reversed(glyphs), reversed(codes)))
        highest = dict(zip(glyphs, codes))
        shared: dict[int, list[int]] = {gid: [] for gid, cp in self._lowest.items() if highest[gid] != cp}
        for cp, gid in zip(codes, glyphs):  # ascending code points (read_cmap's order)
            if gid in shared:
                shared[gid].append(cp)
        self._shared = shared
        return shared

    def spellings(self, gid: int) -> list[str]:
        """The single characters whose cmap entry is `gid`."""
        return [chr(cp) for cp in self.code_points(gid)]

    def advance(self, gid: int) -> float:
        """Advance width in thousandths of an em (the unit of a PDF font's /W array)."""
        at = 4 * min(gid, self._long_metrics - 1)  # glyphs past the last long metric share its advance
        return struct.unpack(">H", self._hmtx[at:at + 2])[0] * 1000 / self.units_per_em

    @functools.cached_property
    def _long_metrics(self) -> int:
        return struct.unpack(">H", self._table("hhea")[34:36])[0]

    @functools.cached_property
    def _hmtx(self) -> bytes:
        return self._table("hmtx")

    def derived_texts(self, gid: int) -> list[str]:
        """Character sequences that the default substitutions turn into `gid` (not its own cmap code points)."""
        producers = self._substitutions().producers
        found: set[tuple[int, ...]] = set()
        frontier: list[tuple[int, ...]] = [(gid,)]
        for _ in range(MAX_STEPS):
            frontier = list(itertools.islice(_earlier(frontier, producers, found), MAX_SEQUENCES))
            if not frontier:
                break
        texts: list[str] = []
        for seq in sorted(found, key=lambda s: (len(s), s)):
            texts += self._spell(seq)
        return list(dict.fromkeys(texts))[:MAX_SEQUENCES]

    def reachable(self, text: str) -> set[int]:
        """Every glyph that shaping `text` can put on a page: cmap glyphs plus default substitutions."""
        glyphs = {self.cmap[cp] for cp in map(ord, set(text)) if cp in self.cmap}
        subs = self._substitutions()
        frontier = set(glyphs)
        for _ in range(MAX_STEPS):
            new = {out for g in frontier for out in subs.singles.get(g, ())}
            for first in glyphs & subs.ligatures.keys():
                new |= {lig for rest, lig in subs.ligatures[first] if glyphs.issuperset(rest)}
            new -= glyphs
            if not new:
                break
            glyphs |= new
            frontier = new
        return glyphs

    def bounds(self, gid: int) -> Bounds | None:
        """The outline's bounding box in font units; None for an empty glyph (a space)."""
        if gid not in self._bounds:
            if self._outlines is None:
                self._outlines = TTFont(str(self.path), fontNumber=self.index, lazy=True)
            self._bounds[gid] = _outline_bounds(self._outlines, gid)
        return self._bounds[gid]

    def _spell(self, seq: tuple[int, ...]) -> list[str]:
        options = [self.spellings(g) for g in seq]
        if not all(options):
            return []
        return ["".join(chars) for chars in itertools.islice(itertools.product(*options), MAX_SEQUENCES)]

    def _substitutions(self) -> _Substitutions:
        if self._gsub is None:
            self._gsub = _Substitutions.of(self.path, self.index, self.glyph_count)
        return self._gsub

    def _table(self, tag: str) -> bytes:
        return self._font.reader[tag]


def _outline_bounds(font: TTFont, gid: int) -> Bounds | None:
    """Exact outline bounds; straight from the charstrings or glyf, since a glyph set would decode hmtx too."""
    if "CFF " in font:
        top = font["CFF "].cff.topDictIndex[0]
        pen = BoundsPen(None)
        top.CharStrings[top.charset[gid]].draw(pen)
        return pen.bounds
    if "glyf" in font:
        glyf = font["glyf"]
        glyph = glyf[font.getGlyphName(gid)]
        if glyph.numberOfContours == 0:
            return None
        glyph.recalcBounds(glyf)
        return glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax
    glyph_set = font.getGlyphSet()  # CFF2 and others: the slow general way
    pen = BoundsPen(glyph_set)
    glyph_set[font.getGlyphName(gid)].draw(pen)
    return pen.bounds


def _earlier(frontier: list[tuple[int, ...]], producers: dict[int, list[tuple[int, ...]]],
             found: set[tuple[int, ...]]) -> Iterator[tuple[int, ...]]:
    """Glyph sequences one substitution before those in `frontier` (new ones only, also added to `found`)."""
    for seq in frontier:
        for i, gid in enumerate(seq):
            for before in producers.get(gid, ()):
                earlier = seq[:i] + before + seq[i + 1:]
                if earlier not in found:
                    found.add(earlier)
                    yield earlier


class _Substitutions:
    """GSUB's default-feature single substitutions and ligatures, as glyph ids, both ways."""

    def __init__(self) -> None:
        self.singles: dict[int, set[int]] = {}
        self.ligatures: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        self.producers: dict[int, list[tuple[int, ...]]] = {}

    @classmethod
    def of(cls, path: Path, index: int, glyph_count: int) -> _Substitutions:
        subs = cls()
        font = TTFont(str(path), fontNumber=index, lazy=True)
        if "GSUB" not in font:
            return subs
        # names that are just the glyph id: fontTools would otherwise decode the whole CFF charset for them
        font.setGlyphOrder([f"g{i}" for i in range(glyph_count)])
        table = font["GSUB"].table
        if table.LookupList is None or table.FeatureList is None:
            return subs
        lookups = table.LookupList.Lookup
        for index_ in _default_lookups(table, shaping_languages()):
            for subtable, kind in _subtables(lookups[index_]):
                subs._add(subtable, kind)
        return subs

    def _add(self, subtable, kind: int) -> None:
        if kind in (1, 3):  # single; alternate only through a default feature (rare), take every choice
            pairs = subtable.mapping.items() if kind == 1 else (
                (src, out) for src, outs in subtable.alternates.items() for out in outs)
            for src, out in pairs:
                self._edge((_gid(src),), _gid(out))
        elif kind == 4:
            for first, ligatures in subtable.ligatures.items():
                for lig in ligatures:
                    self._edge((_gid(first), *map(_gid, lig.Component)), _gid(lig.LigGlyph))

    def _edge(self, inputs: tuple[int, ...], out: int) -> None:
        if len(inputs) == 1:
            self.singles.setdefault(inputs[0], set()).add(out)
        else:
            self.ligatures.setdefault(inputs[0], []).append((inputs[1:], out))
        self.producers.setdefault(out, []).append(inputs)


# Locale → OpenType language system, as HarfBuzz picks it from the process locale when Qt shapes text.
_LANGUAGE_TAGS = {"zh_cn": "ZHS", "zh_sg": "ZHS", "zh_tw": "ZHT", "zh_hk": "ZHH", "zh_mo": "ZHH", "zh": "ZHS",
                  "ja": "JAN", "ko": "KOR"}


def shaping_languages() -> frozenset[str]:
    """The OpenType languages whose substitutions may be on the page: the report's own (Simplified
    Chinese) and the process locale's. Japanese, Korean and Traditional systems of a Simplified font each
    remap ~8,000 glyphs (0.1 s to read), so they are read only when the locale asks for them."""
    current = (locale.setlocale(locale.LC_CTYPE) or "").split(".")[0].lower()
    tags = {"ZHS"}
    for key in (current, current.split("_")[0]):
        if key in _LANGUAGE_TAGS:
            tags.add(_LANGUAGE_TAGS[key])
            break
    return frozenset(tags)


def _gid(name: str) -> int:
    return int(name[1:])


def _default_lookups(table, languages: frozenset[str]) -> list[int]:
    """Lookups of the default features in each script's default and in `languages`' language systems,
    with those that contextual lookups call."""
    features = table.FeatureList.FeatureRecord
    wanted: set[int] = set()
    for script in table.ScriptList.ScriptRecord if table.ScriptList else []:
        systems = [script.Script.DefaultLangSys] + [rec.LangSys for rec in script.Script.LangSysRecord
                                                    if rec.LangSysTag.strip() in languages]
        for system in filter(None, systems):
            wanted.update(system.FeatureIndex)
            if system.ReqFeatureIndex != 0xFFFF:
                wanted.add(system.ReqFeatureIndex)
    todo = [i for f in sorted(wanted) if f < len(features) and features[f].FeatureTag in DEFAULT_FEATURES
            for i in features[f].Feature.LookupListIndex]
    lookups = table.LookupList.Lookup
    seen: set[int] = set()
    while todo:
        index = todo.pop()
        if index in seen or index >= len(lookups):
            continue
        seen.add(index)
        for subtable, kind in _subtables(lookups[index]):
            if kind in (5, 6):
                todo += _called_lookups(subtable)
    return sorted(seen)


def _subtables(lookup) -> Iterator[tuple[object, int]]:
    for subtable in lookup.SubTable:
        if lookup.LookupType == 7:  # extension: the real subtable is inside
            yield subtable.ExtSubTable, subtable.ExtensionLookupType
        else:
            yield subtable, lookup.LookupType


def _called_lookups(subtable) -> list[int]:
    """Lookup indices a (chained) contextual subtable applies, whatever its format."""
    records = list(getattr(subtable, "SubstLookupRecord", None) or [])
    for set_name, rule_name in (("SubRuleSet", "SubRule"), ("SubClassSet", "SubClassRule"),
                                ("ChainSubRuleSet", "ChainSubRule"), ("ChainSubClassSet", "ChainSubClassRule")):
        for rule_set in getattr(subtable, set_name, None) or []:
            for rule in getattr(rule_set, rule_name, None) or []:
                records += rule.SubstLookupRecord
    return [record.LookupListIndex for record in records]


# ---- cmap, read from the table's bytes -----------------------------------------------------------------

_UINT32 = next(code for code in "IL" if array(code).itemsize == 4)
_CMAP_PREFERENCE = [(3, 10, 12), (0, 6, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4), (0, 4, 4), (0, 3, 12)]


def read_cmap(data: bytes) -> dict[int, int]:
    """Code point → glyph id from the best Unicode subtable (format 12 for full Unicode, else format 4)."""
    count = struct.unpack(">H", data[2:4])[0]
    subtables: dict[tuple[int, int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", data[4 + 8 * i:12 + 8 * i])
        fmt = struct.unpack(">H", data[offset:offset + 2])[0]
        subtables.setdefault((platform, encoding, fmt), offset)
    for key in _CMAP_PREFERENCE:
        if key in subtables:
            reader = _read_format12 if key[2] == 12 else _read_format4
            return reader(data, subtables[key])
    return {}


def _read_format12(data: bytes, offset: int) -> dict[int, int]:
    groups = struct.unpack(">I", data[offset + 12:offset + 16])[0]
    numbers = array(_UINT32, data[offset + 16:offset + 16 + 12 * groups])
    if sys.byteorder == "little":
        numbers.byteswap()
    codes: list[int] = []
    glyphs: list[int] = []
    for start, end, glyph in zip(numbers[0::3], numbers[1::3], numbers[2::3]):
        codes.extend(range(start, end + 1))
        glyphs.extend(range(glyph, glyph + end - start + 1))
    return dict(zip(codes, glyphs))


def _read_format4(data: bytes, offset: int) -> dict[int, int]:
    segments = struct.unpack(">H", data[offset + 6:offset + 8])[0] // 2
    at = offset + 14

    def array(start: int) -> tuple[int, ...]:
        return struct.unpack(f">{segments}H", data[start:start + 2 * segments])

    ends = array(at)
    starts = array(at + 2 * segments + 2)
    deltas = array(at + 4 * segments + 2)
    range_at = at + 6 * segments + 2
    range_offsets = array(range_at)
    cmap: dict[int, int] = {}
    for i, (start, end, delta, range_offset) in enumerate(zip(starts, ends, deltas, range_offsets)):
        for cp in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                gid = (cp + delta) & 0xFFFF
            else:
                where = range_at + 2 * i + range_offset + 2 * (cp - start)
                gid = struct.unpack(">H", data[where:where + 2])[0]
                gid = (gid + delta) & 0xFFFF if gid else 0
            if gid:
                cmap[cp] = gid
    return cmap


# ---- finding the installed font by PostScript name -------------------------------------------------------

def postscript_name(base_font: str) -> str:
    """`ABCDEF+NotoSerifCJKsc-Regular` → `NotoSerifCJKsc-Regular` (PDF writers tag subsets with 6 capitals)."""
    tag, plus, rest = base_font.lstrip("/").partition("+")
    return rest if plus and len(tag) == 6 and tag.isupper() else base_font.lstrip("/")


@functools.lru_cache(maxsize=8)
def find_font(base_font: str) -> SourceFont | None:
    """The installed face a PDF font was made from, or None when this machine does not have it."""
    name = postscript_name(base_font)
    index = _font_index()
    place = index.get(name) or index.get(_squeezed(name))
    if place is None:
        return None
    try:
        return SourceFont(*place)
    except Exception:  # a damaged or unreadable font file: the text layer stays as the writer made it
        log.warning("cannot read font %s (%s)", name, place[0], exc_info=True)
        return None


def _squeezed(name: str) -> str:
    return "".join(name.split()).casefold()


@functools.lru_cache(maxsize=1)
def _font_index() -> dict[str, tuple[Path, int]]:
    """PostScript name (and its space-less, case-folded form) → (file, face index) of installed fonts."""
    faces = _fontconfig_faces() if shutil.which("fc-list") else None
    if faces is None:
        faces = list(_scanned_faces(_font_dirs()))
    index: dict[str, tuple[Path, int]] = {}
    for name, path, face in faces:
        index.setdefault(name, (path, face))
        index.setdefault(_squeezed(name), (path, face))
    return index


def _fontconfig_faces() -> list[tuple[str, Path, int]] | None:
    try:
        listing = subprocess.run(["fc-list", "--format", "%{postscriptname}\t%{index}\t%{file}\n"],
                                 capture_output=True, text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    faces = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[0] and parts[1].isdigit():
            faces.append((parts[0], Path(parts[2]), int(parts[1])))
    return faces


def _font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
            home / ".fonts"]


def _scanned_faces(dirs: Iterable[Path]) -> Iterator[tuple[str, Path, int]]:
    """Every face in the font folders with its PostScript name (for machines without fontconfig)."""
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in FONT_SUFFIXES:
                continue
            for face in range(_face_count(path)):
                try:
                    name = TTFont(str(path), fontNumber=face, lazy=True)["name"].getDebugName(6)
                except Exception:  # not a font after all, or damaged: skip it
                    log.debug("skipping font file %s", path, exc_info=True)
                    break
                if name:
                    yield name, path, face


def _face_count(path: Path) -> int:
    try:
        with path.open("rb") as f:
            head = f.read(12)
    except OSError:
        return 0
    return struct.unpack(">I", head[8:12])[0] if head[:4] == b"ttcf" and len(head) == 12 else 1
