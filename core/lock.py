"""One window per database: an exclusive OS lock on `<db>.lock`, released when the process ends."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from core.errors import DatabaseLocked


class InstanceLock:
    """Held by the app window (and by restore) for as long as it works on the database."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(str(db_path) + ".lock")
        self._fh = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+")  # noqa: SIM115 - held open: the lock lives as long as the handle
        try:
            if sys.platform == "win32":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            raise DatabaseLocked(
                f"数据库“{self.path.with_suffix('').name}”已在另一个 LawDesk 窗口中打开。"
                "请切换到那个窗口；如果确认没有其他窗口在运行，请稍候再试。"
            ) from exc
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
