"""What an exported file says about itself: author, title and when it was made (core properties).

Word, WPS and Excel show these in 属性/文档信息, and a published file carries them to the website; they
come from the unit and the document, never from the library that wrote the file. Times come from the
store's clock (tests pin it) and are written in UTC, as the Office formats define their W3CDTF stamps.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from core import unit
from core.db import Store

if TYPE_CHECKING:
    from core.reports.model import Report


@dataclass(frozen=True)
class DocInfo:
    author: str  # the unit's full name
    title: str
    created: datetime  # local time, from the store's clock

    @property
    def created_utc(self) -> datetime:
        """`created` in UTC without a tzinfo, as python-docx and openpyxl write it (with a trailing Z)."""
        moment = self.created
        if moment.tzinfo is None:
            moment = moment.astimezone()  # a naive clock reading is the machine's local time
        return moment.astimezone(UTC).replace(tzinfo=None)


def for_store(store: Store, title: str, author: str = "") -> DocInfo:
    """Author = the unit's full name (or `author` when the unit has none yet), created = the store's now."""
    return DocInfo(unit.load(store).full_name or author, title, store.clock.now())


def for_report(store: Store, report: Report) -> DocInfo:
    """An annual report's: the unit (else the report's 落款) and the report's title."""
    return for_store(store, report.title, author=report.signature or report.unit)
