"""Writing files safely: an export either lands whole at its path or leaves the old file untouched."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_save(path: Path | str, suffix: str, write: Callable[[str], None]) -> None:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it over `path`.

    The temporary file sits in the same folder (same file system, so the rename is atomic) and keeps
    `suffix`, since python-docx and openpyxl look at the extension; a failed write leaves no half file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=suffix)
    os.close(fd)
    try:
        write(tmp)
        make_ordinary(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make_ordinary(path: Path | str) -> None:
    """Give a file the permissions an ordinary new document gets (0666 less the umask).

    `mkstemp` creates 0600 files; an exported report or ledger is shared with colleagues and filed, so it
    should open for whoever may read the folder, as a file saved by Word would.
    """
    os.chmod(path, 0o666 & ~_umask())


def _umask() -> int:
    # Linux reports the umask without changing it; os.umask must set one to read it, which for a moment
    # leaves 0 in force for the other threads (exports run beside the UI thread).
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
