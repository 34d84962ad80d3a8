"""core.files.atomic_save: the file lands whole, or the old one stays and no temporary file is left."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.files import atomic_save


def test_atomic_save_writes_into_new_folder(tmp_path: Path) -> None:
    target = tmp_path / "新建文件夹" / "台账.xlsx"
    seen: list[str] = []

    def write(tmp: str) -> None:
        seen.append(tmp)
        Path(tmp).write_text("新内容", encoding="utf-8")

    atomic_save(target, ".xlsx", write)
    assert target.read_text(encoding="utf-8") == "新内容"
    assert Path(seen[0]).parent == target.parent and seen[0].endswith(".xlsx")
    assert sorted(p.name for p in target.parent.iterdir()) == ["台账.xlsx"]


def test_atomic_save_failure_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    target.write_text("旧内容", encoding="utf-8")

    def write(tmp: str) -> None:
        Path(tmp).write_text("写了一半", encoding="utf-8")
        raise OSError("磁盘已满")

    with pytest.raises(OSError, match="磁盘已满"):
        atomic_save(target, ".docx", write)
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_saved_file_gets_ordinary_permissions(tmp_path):
    import os
    import stat
    import sys

    target = tmp_path / "台账.xlsx"
    atomic_save(target, ".xlsx", lambda tmp: Path(tmp).write_bytes(b"x"))
    if sys.platform != "win32":
        mask = os.umask(0)
        os.umask(mask)
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
