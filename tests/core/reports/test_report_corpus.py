"""The import corpus (tests/data/reports): real-shaped pages and Word files, each with its expected fields.

Each case is a .txt or .docx beside a .json sidecar: title, 主送, 落款, date, year, outline counts and the
exact lines dropped as page furniture (its "patterns" list says what the case is about). A second test
holds for every case and the shared samples: no CJK character of the body is lost — the characters in,
minus the dropped lines, are the characters stored (numerals and 年月日 aside: heading numbers are
recomputed and the date is stored as a date).
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from core.reports import model, parse, sources

CORPUS = Path(__file__).resolve().parents[2] / "data" / "reports"
CASES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx") and p.with_suffix(".json").exists())
SAMPLES = ("report-2023-district-data-bureau.txt", "report-2020-wujiang-traditional.txt", "report-2024-qingyuan.txt")
# Recomputed or re-rendered on import: heading numbers (一、 （二）) and the 成文日期 (stored as a date).
_RENDERED = set("一二三四五六七八九十〇○零元年月日")


def test_corpus_is_wide_enough():
    assert len([c for c in CASES if c.suffix == ".txt"]) >= 20
    assert len([c for c in CASES if c.suffix == ".docx"]) >= 4


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_corpus_case_parses_to_its_expected_fields(path, clock):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    parsed = parse.parse_file(path, today=clock.today())
    report = parsed.report
    issued = report.issued_on.isoformat() if report.issued_on else None
    got = {
        "title": report.title, "recipient": report.recipient, "signature": report.signature, "issued_on": issued,
        "year": report.year, "top_level": len(report.sections), "sections": len(list(model.walk(report))),
        "children": [len(s.children) for s in report.sections], "kinds": [s.kind for s in report.sections],
        "dropped": report.dropped, "contact": report.contact,
        "numbering_findings": len(report.import_findings),
    }
    assert {key: got[key] for key in got if key in expected} == {key: expected[key] for key in got if key in expected}
    assert [d.text for d in parsed.dropped_lines] == report.dropped
    assert parsed.missing == [name for name, value in (("标题", expected["title"]), ("落款", expected["signature"]),
                                                       ("成文日期", expected["issued_on"])) if not value]


def _cjk(text: str) -> Counter:
    return Counter(ch for ch in text if ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
                   and ch not in _RENDERED)


def _stored(report: model.Report) -> str:
    parts = [report.title, report.recipient, *report.opening, report.signature, report.contact]
    for section in model.walk(report):
        parts += [section.heading, *section.body]
    return "\n".join(parts)


def _assert_nothing_lost(path: Path, today: date) -> None:
    parsed = parse.parse_file(path, today=today)
    raw_lines, _encoding = sources.read(path)
    source = "\n".join(raw[0] for raw in raw_lines)
    if parsed.converted:
        source = parse.to_simplified(source)
    expected = _cjk(source)
    expected.subtract(_cjk("".join(d.text for d in parsed.dropped_lines)))
    assert all(count >= 0 for count in expected.values()), "a dropped line is not in the source"
    assert _cjk(_stored(parsed.report)) == +expected


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_no_body_character_lost_in_corpus(path, clock):
    _assert_nothing_lost(path, clock.today())


@pytest.mark.parametrize("name", SAMPLES)
def test_no_body_character_lost_in_samples(samples_dir, name, clock):
    _assert_nothing_lost(samples_dir / name, clock.today())
