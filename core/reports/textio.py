"""Decoding a report's .txt whatever the clerk's machine saved it as: UTF-8 (with or without BOM), GB18030, UTF-16;
and cleaning a line of what layout and mirror sites added (edge spaces, pinyin readings).

Detection order: byte-order marks, then the NUL-byte pattern of UTF-16 without BOM, then strict UTF-8,
then whichever of GB18030 / UTF-16 gives text that looks like Chinese prose. Junk is refused.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from core.errors import ImportFileError

_MIN_GOOD_SHARE = 0.95


def _good_share(text: str) -> float:
    """Share of characters a Chinese report plausibly contains (CJK, punctuation, ASCII, line breaks)."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        code = ord(ch)
        if (0x20 <= code < 0x7F or ch in "\r\n\t" or 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F
                or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F or 0x3400 <= code <= 0x4DBF
                or ch in "\ufeff\u00a0·×÷°±²³—…●○■□◆△▲★☆→①②③④⑤⑥⑦⑧⑨⑩"):
            good += 1
        elif unicodedata.category(ch)[0] in "LNP" and code < 0x3000:
            good += 1  # Latin letters with accents, other punctuation
    return good / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without BOM has NUL bytes on one side when it holds ASCII (line breaks, digits)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    half = len(data) // 2
    if odd_nul > half * 0.05 and even_nul < odd_nul / 4:
        return "utf-16-le"
    if even_nul > half * 0.05 and odd_nul < even_nul / 4:
        return "utf-16-be"
    return None


def decode(data: bytes, name: str = "文件") -> tuple[str, str]:
    """(text, encoding name) or ImportFileError with what the clerk can do about it."""
    if not data or not data.strip(b" \r\n\t\x00"):
        raise ImportFileError(f"“{name}”是空文件，没有可导入的内容。请确认选择了正确的文件。")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data, encoding, name), encoding
    guess = _utf16_without_bom(data)
    if guess:
        return _checked(data, guess, name), guess
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _good_share(text) >= _MIN_GOOD_SHARE:
            return text, "utf-8"
        raise _junk(name)
    best: tuple[float, str, str] | None = None
    for encoding in ("gb18030", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _good_share(text)
        if best is None or share > best[0]:
            best = (share, text, encoding)
    if best is None or best[0] < _MIN_GOOD_SHARE:
        raise _junk(name)
    return best[1], best[2]


def _checked(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"“{name}”看起来是 {encoding} 编码，但第 {exc.start} 字节处无法解码，文件可能已损坏。"
            "请在记事本或 WPS 中打开后另存为“UTF-8”编码再导入。") from exc
    if _good_share(text) < _MIN_GOOD_SHARE:
        raise _junk(name)
    return text


def _junk(name: str) -> ImportFileError:
    return ImportFileError(
        f"无法识别“{name}”的文字编码，或它不是文本文件。支持 UTF-8、GB18030（GBK）、UTF-16 编码的 .txt 和 Word .docx。"
        "请在记事本或 WPS 中打开后另存为“UTF-8”编码的文本再导入。")


def clean_line(line: str) -> str:
    """One line with the spaces that layout, not the author, put there removed at both ends."""
    return line.replace("\u00a0", " ").replace("\ufeff", "").replace("\u200b", "").strip(" \t\u3000\r")


def lines_of(text: str) -> list[str]:
    """Non-empty cleaned lines."""
    return [c for c in (clean_line(line) for line in text.splitlines()) if c]


_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])\s?[(（]\s*([a-zü{_TONE_MARKS}]{{1,6}})\s*[)）]")


def strip_pinyin(line: str) -> str:
    """「建設(shè)」 → 「建設」: readings that mirror sites add after a character; «(APP)» and «(2021)» stay."""
    return _PINYIN.sub(lambda m: "" if any(ch in _TONE_MARKS for ch in m.group(1)) else m.group(0), line)
