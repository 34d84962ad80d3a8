"""Which LawDesk this is, when it was built, what it runs on, and where its files are: what IT asks first.

The version has one source, `pyproject.toml`. Run from the source tree, it is read from there (so a
bumped version shows without reinstalling); installed as a package, from its metadata; in the
PyInstaller bundle, which has neither, from `lawdesk-build.json`, which the spec writes at build time
together with the build date. The Qt versions come from the UI (core never imports Qt) and are passed in.
"""
from __future__ import annotations

import json
import platform
import sqlite3
import struct
import sys
from collections.abc import Callable
from pathlib import Path

from core import paths

BUILD_INFO_FILE = "lawdesk-build.json"
NOT_BUILT = "从源码运行（未打包）"
_ROOT = Path(__file__).resolve().parents[1]

# Rows naming the Qt in use: main.py plugs in ui.versions.qt_versions for `--version`, since core has no Qt.
qt_versions: Callable[[], list[tuple[str, str]]] | None = None


def _bundle_dir() -> Path | None:
    """The folder of the frozen app's data files (PyInstaller's `_internal`), None when run from source."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return None


def build_info() -> dict:
    """What the build wrote (version, build_date, build_system); empty when not frozen or unreadable."""
    folder = _bundle_dir()
    if folder is None:
        return {}
    try:
        data = json.loads((folder / BUILD_INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _pyproject_version(pyproject: Path) -> str | None:
    try:
        import tomllib

        with open(pyproject, "rb") as fh:
            version = tomllib.load(fh)["project"]["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return version if isinstance(version, str) and version else None


def _metadata_version() -> str | None:
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("lawdesk")
    except (ImportError, PackageNotFoundError):
        return None


def app_version(default: str = "未知") -> str:
    """The program's version ("0.1.0"); `default` when nothing says (a damaged bundle)."""
    if _bundle_dir() is not None:
        found = build_info().get("version")
        return found if isinstance(found, str) and found else default
    return _pyproject_version(_ROOT / "pyproject.toml") or _metadata_version() or default


def build_date() -> str:
    """When the bundle was built ("2026-03-01 08:30 UTC"), or a note that this is the source tree."""
    if _bundle_dir() is None:
        return NOT_BUILT
    found = build_info().get("build_date")
    return found if isinstance(found, str) and found else "未知"


def runtime_versions() -> list[tuple[str, str]]:
    """Python, SQLite and the operating system, as (label, value) rows."""
    rows = [
        ("Python", f"{platform.python_version()} ({platform.python_implementation()}, {struct.calcsize('P') * 8} 位)"),
        ("SQLite", sqlite3.sqlite_version),
        ("操作系统", _system()),
    ]
    libc, libc_version = platform.libc_ver()
    if libc:
        rows.append(("C 运行库", f"{libc} {libc_version}"))
    built_on = build_info().get("build_system")
    if isinstance(built_on, str) and built_on:
        rows.append(("构建系统", built_on))
    return rows


def _system() -> str:
    if sys.platform.startswith("linux"):
        try:
            release = platform.freedesktop_os_release()
            name = release.get("PRETTY_NAME") or release.get("NAME", "Linux")
        except OSError:
            name = "Linux"
        return f"{name}，内核 {platform.release()} ({platform.machine()})"
    return f"{platform.system()} {platform.release()} {platform.version()} ({platform.machine()})"


def file_locations(db_path: Path, log_file: Path | None = None) -> list[tuple[str, str]]:
    """Where the data of the database `db_path` lives, as (label, path) rows."""
    from core.logs import log_path  # here, not at the top: core.logs asks this module for the version

    db_path = Path(db_path)
    return [
        ("数据文件夹", str(db_path.parent)),
        ("数据库文件", str(db_path)),
        ("附件文件夹", str(paths.attachments_dir(db_path))),
        ("自动备份文件夹", str(paths.backups_dir(db_path))),
        ("日志文件", str(log_file or log_path(db_path))),
        ("程序位置", str(Path(sys.executable).parent if _bundle_dir() is not None else _ROOT)),
    ]


def diagnostics(db_path: Path | None = None, log_file: Path | None = None,
                qt: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """Every row IT asks for: version, build date, file locations, Qt (from the UI), Python, SQLite, system."""
    rows = [("LawDesk 法治台账", app_version()), ("构建日期", build_date())]
    if db_path is not None:
        rows += file_locations(db_path, log_file)
    if qt is None and qt_versions is not None:
        qt = qt_versions()
    rows += qt or []
    rows += runtime_versions()
    return rows


def as_text(rows: list[tuple[str, str]]) -> str:
    """The rows as "label：value" lines, for --version and 「复制诊断信息」.

    The first row (the program and its version) is written "LawDesk 法治台账 0.1.0", the way
    `--version` lines usually read, so `lawdesk --version | head -1` gives the version alone.
    """
    lines = [f"{label}：{value}" for label, value in rows]
    if rows and rows[0][0] == "LawDesk 法治台账":
        lines[0] = f"LawDesk 法治台账 {rows[0][1]}"
    return "\n".join(lines)

