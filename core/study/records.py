"""The study feature's record API: `get / list / save / delete` with `Session` in and out.

`save` and `delete` go through `core.study.sessions`, so checks, audit rows, change announcements and the
recycle bin behave exactly as before; `list` gives the list page's typed lines, oldest first.
"""
from __future__ import annotations

from core.db import Store
from core.study import sessions
from core.study.sessions import Session, SessionLine, StudyFilter

Record = Session
Line = SessionLine
Filter = StudyFilter

__all__ = ["Filter", "Line", "Record", "delete", "get", "list", "save"]


def get(store: Store, id: int) -> Session:  # noqa: A002 - the same names in every feature
    """The session with its laws, attendees and attachments."""
    return sessions.get(store, id)


def list(store: Store, filter: StudyFilter | None = None) -> list[SessionLine]:  # noqa: A001, A002
    """Every matching session as a list line, oldest first."""
    return [SessionLine(**row) for row in sessions.list_sessions(store, filter)]


def save(store: Store, record: Session) -> int:
    """Insert (id None) or update; returns the session's id."""
    return sessions.save(store, record)


def delete(store: Store, id: int) -> None:  # noqa: A002
    """To the recycle bin, with attendance, laws and attachment links."""
    sessions.delete(store, id)
