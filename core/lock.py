"""One window per database: an exclusive OS lock on `<db>.lock`, released when the process ends.

The window holds it for as long as it is open, restore while it swaps files, and every command-line command
that writes (import, demo…) for as long as it runs: so a command never writes under an open window (whose
pages would show stale rows and whose edits would race the import), and two writing commands take turns.
The holder writes `<pid> <who>` into the file so a refused command can say whom it waits for.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from core.errors import DatabaseBusy, DatabaseLocked, LawDeskError, StorageError, describe_os_error

WINDOW = "window"
COMMAND = "command"
POLL_SECONDS = 0.2


class InstanceLock:
    """Held by the app window (and by restore and writing commands) for as long as it works on the database."""

    def __init__(self, db_path: Path | str, holder: str = WINDOW) -> None:
        self.path = Path(str(db_path) + ".lock")
        self.holder = holder
        self._fh = None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock; a command waits up to `wait` seconds for another command, never for a window."""
        deadline = time.monotonic() + wait
        while True:
            try:
                self._try_once()
                return
            except DatabaseLocked:
                held_by_command = self.current_holder() == COMMAND
                if not (held_by_command and time.monotonic() < deadline):
                    raise self._refusal(held_by_command) from None
                time.sleep(POLL_SECONDS)

    def _try_once(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(self.path, "a+")  # noqa: SIM115 - held open: the lock lives as long as the handle
        except OSError as exc:  # a read-only or foreign data folder: say so, not a traceback
            if not os.access(self.path.parent, os.W_OK):  # honours `chattr +i` and read-only mounts, even for root
                raise StorageError(
                    f"数据文件夹“{self.path.parent}”是只读的（或没有写入权限），不能修改其中的数据。"
                    "查询、导出和核稿仍可进行；要修改数据，请把整个数据文件夹复制到可以写入的位置（例如“文档”），"
                    "用 --db 指向那里的数据库文件，或请管理员取消只读设置。数据没有任何改动。") from exc
            raise StorageError(describe_os_error(exc, "锁定数据库（防止两处同时修改）") + "\n\n数据没有任何改动。") from exc
        try:
            lock_handle(fh)
        except OSError as exc:
            fh.close()
            raise DatabaseLocked("locked") from exc
        self._fh = fh
        try:  # only a note for whoever is refused: a full disk must not fail the lock over it
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()} {self.holder}")
            fh.flush()
        except OSError:
            pass

    def current_holder(self) -> str:
        """WINDOW or COMMAND, as the holder wrote it; a file that cannot be read (Windows locks its first
        byte) counts as a window, the holder that must not be waited for."""
        try:
            words = self.path.read_text(encoding="utf-8", errors="replace").split()
        except OSError:
            return WINDOW
        return COMMAND if words[1:2] == [COMMAND] else WINDOW

    def _refusal(self, held_by_command: bool) -> LawDeskError:
        name = self.path.with_suffix("").name
        if held_by_command:
            return DatabaseBusy(
                f"另一个 LawDesk 命令正在写入数据库“{name}”（例如正在导入或恢复）。请等它完成后再试一次。"
                "已经保存的数据不受影响。")
        if self.holder == COMMAND:
            return DatabaseLocked(
                f"数据库“{name}”正在 LawDesk 窗口中打开。为免两处同时修改，命令行现在不能写入它："
                "请在窗口中进行这项操作，或先关闭窗口再运行命令。数据没有任何改动。")
        return DatabaseLocked(
            f"数据库“{name}”已在另一个 LawDesk 窗口中打开。"
            "请切换到那个窗口；如果确认没有其他窗口在运行，请稍候再试。"
        )

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def lock_handle(fh) -> None:  # noqa: ANN001 - an open binary file
    """Take an exclusive OS lock on an open file without waiting (OSError when another process holds it).

    The OS drops it when the process ends, however it ends: a lock never outlives a killed process."""
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
