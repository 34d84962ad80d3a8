"""Folding text for search: Traditional to Simplified (OpenCC t2s), full-width to half-width, lower case.

Both the indexed text and the query are folded the same way, so 建設 finds 建设 and back. The index stores
one token per character (the text is spaced out before FTS5's unicode61 tokenizer sees it), which lets a
phrase query match any substring of one character or more — FTS5's trigram tokenizer cannot match queries
under three characters, and 整改, 学法 are two.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

# Full-width letters and digits (Ｐｄｆ２０２６) to half-width; keeps the length, so offsets stay valid.
# Full-width punctuation is left alone: the tokenizer treats it as a separator either way.
_WIDE = "".join(
    chr(c) for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1)
)
_WIDTH = str.maketrans(_WIDE, "".join(chr(ord(ch) - 0xFEE0) for ch in _WIDE))
_HAS_WIDE = re.compile(f"[{_WIDE}]")  # str.translate is slow on long text: only when needed


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Simplified, half-width, lower-case text for matching."""
    if not text:
        return ""
    if _HAS_WIDE.search(text):
        text = text.translate(_WIDTH)
    return _converter().convert(text).lower()


def fold_many(texts: list[str]) -> list[str]:
    """Fold a batch in one OpenCC call (one call per text costs more than the conversion itself)."""
    if not texts:
        return []
    flat = [t.replace("\n", " ") for t in texts]
    folded = fold("\n".join(flat)).split("\n")
    if len(folded) != len(flat):  # a conversion never adds line breaks, but do not trust it blindly
        return [fold(t) for t in flat]
    return folded


def spaced(folded: str) -> str:
    """The form the index stores: every character a token of its own."""
    return " ".join(folded)


def query_terms(query: str) -> list[str]:
    """The folded words of a query (split at spaces), letters and digits only; empty words dropped."""
    terms = []
    for part in fold(query).split():
        word = "".join(ch for ch in part if ch.isalnum())
        if word:
            terms.append(word)
    return terms


def match_expression(terms: list[str]) -> str:
    """FTS5 MATCH text: each word a phrase of its characters, all words required."""
    return " ".join('"' + " ".join(word) + '"' for word in terms)


def term_pattern(word: str) -> re.Pattern[str]:
    """Finds a folded word in folded text, allowing punctuation between characters as the index does."""
    return re.compile(r"[\W_]*".join(re.escape(ch) for ch in word))
