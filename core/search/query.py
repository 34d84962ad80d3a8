"""Answering a query: matching documents per kind (newest first), capped counts, snippets with marked words.

Every kind is one rowid range of the index, so each group is a single FTS5 phrase query that stops after
`cap` rows; only the hits shown (`limit` per kind) are read back from their tables to make snippets.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field

from core.db import Store
from core.search import sources
from core.search.fold import fold_many, match_expression, query_terms, term_pattern
from core.search.sources import CODE_SHIFT, SECTION, Doc, Kind

Span = tuple[int, int]
SNIPPET_WIDTH = 80
MAX_FRAGMENTS = 3  # a multi-word query shows where each word is, up to this many places


@dataclass
class Hit:
    kind: str  # the results group: "report", "study", "rectification", "staff", …
    page: str  # main window page that opens it
    record_id: int  # the report for a report or section hit
    section_id: int | None  # the section to open at (report hits only)
    title: str
    title_spans: list[Span]
    snippet: str
    spans: list[Span]  # [start, end) of each matched word in `snippet`


@dataclass
class Group:
    kind: str
    label: str
    page: str
    total: int  # matches, counted up to the cap
    capped: bool  # there are more than `total`
    hits: list[Hit] = field(default_factory=list)

    def count_text(self) -> str:
        return f"{self.total}+" if self.capped else str(self.total)


@dataclass
class SearchResult:
    query: str
    terms: list[str]
    groups: list[Group]
    elapsed_ms: float = 0.0

    @property
    def hit_count(self) -> int:
        return sum(len(g.hits) for g in self.groups)

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "terms": self.terms,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "groups": [
                {**{k: v for k, v in asdict(g).items() if k != "hits"}, "hits": [asdict(h) for h in g.hits]}
                for g in self.groups
            ],
        }


# -- snippets ----------------------------------------------------------------------------------------------
def find_spans(folded: str, patterns: list[re.Pattern[str]]) -> list[Span]:
    """Where the words occur in folded text, overlaps merged, in order."""
    spans = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(folded) if m.end() > m.start())
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _windows(anchors: list[int], length: int, width: int) -> list[tuple[int, int]]:
    """Text windows showing each anchor: the first gets `width`, later ones not yet shown half of it."""
    windows: list[tuple[int, int]] = []
    for anchor in anchors[:MAX_FRAGMENTS]:
        if any(a <= anchor < b for a, b in windows):
            continue
        size = width if not windows else width // 2
        start = max(0, min(anchor - size // 4, length - size))
        windows.append((start, min(length, start + size)))
    windows.sort()
    merged: list[tuple[int, int]] = []
    for a, b in windows:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def snippet(
    text: str, folded: str, patterns: list[re.Pattern[str]], width: int = SNIPPET_WIDTH
) -> tuple[str, list[Span]]:
    """Windows of `text` around the first match of each word (joined by …), with the matches' offsets.

    Offsets are found in the folded text; they hold for the original when folding kept the length (it
    nearly always does), else the folded text is shown.
    """
    shown = text if len(text) == len(folded) else folded
    spans = find_spans(folded, patterns)
    if not spans:
        return (shown[:width] + ("…" if len(shown) > width else "")), []
    firsts = sorted({m.start() for p in patterns if (m := p.search(folded))}) or [spans[0][0]]
    windows = _windows(firsts, len(shown), width)
    out, inside = "", []
    for start, end in windows:
        if start > 0 or out:
            out += "…"
        shift = len(out) - start
        inside += [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start]
        out += shown[start:end]
    if windows[-1][1] < len(shown):
        out += "…"
    return out, inside


def mark(text: str, spans: list[Span], before: str = "【", after: str = "】") -> str:
    """The text with each span wrapped (the command line's way of highlighting)."""
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], before, text[start:end], after]
        last = end
    out.append(text[last:])
    return "".join(out)


# -- the query ---------------------------------------------------------------------------------------------
def _matches(store: Store, match: str, kind: Kind, cap: int) -> list[tuple[int, int, int]]:
    """(code, record id, owner id) of live documents of one kind, newest first (rowids count down), at most
    cap + 1."""
    low = min(kind.codes) << CODE_SHIFT
    high = (max(kind.codes) + 1) << CODE_SHIFT
    # CROSS JOIN keeps the FTS table outermost: the planner must not scan search_doc.
    return store.conn.execute(
        "select d.code, d.record_id, d.owner_id "
        "from search_fts f cross join search_doc d on d.rowid = f.rowid "
        "where search_fts match ? and f.rowid >= ? and f.rowid < ? order by f.rowid limit ?",
        [match, low, high, cap + 1],
    ).fetchall()


def _hits(
    store: Store, kind: Kind, rows: list[tuple[int, int, int]], patterns: list[re.Pattern[str]]
) -> list[Hit]:
    by_code: dict[int, list[int]] = {}
    for code, record_id, _ in rows:
        by_code.setdefault(code, []).append(record_id)
    docs = {code: sources.load_ids(store, code, ids) for code, ids in by_code.items()}
    found: list[tuple[tuple[int, int, int], Doc]] = [
        (row, docs[row[0]][row[1]]) for row in rows if row[1] in docs[row[0]]
    ]
    folded = fold_many([d.text for _, d in found] + [d.title for _, d in found])
    texts, titles = folded[: len(found)], folded[len(found) :]
    hits = []
    for ((code, record_id, owner_id), doc), text_f, title_f in zip(found, texts, titles):
        shown, spans = snippet(doc.text, text_f, patterns)
        title_spans = find_spans(title_f, patterns) if len(title_f) == len(doc.title) else []
        section_id = record_id if code == SECTION else None
        hits.append(Hit(kind=kind.key, page=kind.page, record_id=owner_id, section_id=section_id,
                        title=doc.title, title_spans=title_spans, snippet=shown, spans=spans))
    return hits


def search(
    store: Store, query: str, limit: int = 20, cap: int = 500, kinds: tuple[str, ...] | None = None
) -> SearchResult:
    """Records whose text contains every word of `query` (any length, Simplified or Traditional), by kind."""
    started = time.perf_counter()
    terms = query_terms(query)
    result = SearchResult(query, terms, [])
    has_index = store.scalar("select 1 from sqlite_master where name = 'search_fts'")
    if not terms or not has_index:
        return result
    match = match_expression(terms)
    patterns = [term_pattern(t) for t in terms]
    present = set(sources.available(store))
    for kind in sources.kinds():
        if (kinds and kind.key not in kinds) or not present.intersection(kind.codes):
            continue
        rows = _matches(store, match, kind, cap)
        if not rows:
            continue
        group = Group(kind.key, kind.label, kind.page, min(len(rows), cap), len(rows) > cap)
        group.hits = _hits(store, kind, rows[:limit], patterns)
        result.groups.append(group)
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result
