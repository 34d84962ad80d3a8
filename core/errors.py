"""Exceptions core raises; each carries a message in Chinese that tells the clerk what to do."""
from __future__ import annotations


class LawDeskError(Exception):
    """Base of every error core reports to the user (message is shown as is)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotLawDeskDatabase(LawDeskError):
    """The file exists but is not a LawDesk database (or not SQLite at all)."""


class NewerVersionError(LawDeskError):
    """The database was written by a newer LawDesk; an older one must not touch it."""


class DatabaseLocked(LawDeskError):
    """Another LawDesk window already has this database open."""


class RecordNotFound(LawDeskError):
    """A record asked for by id does not exist (or is in the recycle bin)."""


class RuleViolation(LawDeskError):
    """A change the domain rules forbid (missing field, forbidden transition, duplicate…)."""


class ImportFileError(LawDeskError):
    """A file to import cannot be read at all (empty, corrupt, wrong type or encoding)."""


class BackupError(LawDeskError):
    """A backup file is truncated, tampered with or not a LawDesk backup."""


class Cancelled(LawDeskError):
    """Long work stopped because the user asked it to."""

    def __init__(self, message: str = "操作已取消。") -> None:
        super().__init__(message)
