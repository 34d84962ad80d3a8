"""File dialogs that remember the last folder per kind, and the message after an export.

`open_file(parent, "study_import", "导入学法台账", EXCEL_FILTER)` starts in the folder the clerk last used
for that kind (kept in QSettings on this machine), else in their Documents folder — never /root or the
program folder. `save_file(...)` does the same for a suggested file name. Kinds: exports share one per file
type (`export_kind`: every Word export starts where the last Word export went), backups "backup", files
attached to records "attachment", imports their own. `show_exported(parent, path)` tells that an export is
done and offers 「打开文件」 and 「打开所在文件夹」 (non-blocking: `open()`).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

KEY = "last_folder/{kind}"
ATTACHMENT_KIND = "attachment"  # files attached to records: 学法记录's 附件, 整改事项's 佐证材料


def file_settings() -> QSettings:
    """This machine's remembered folders (an ini file in the user's config folder; tests point it elsewhere)."""
    return QSettings(QSettings.IniFormat, QSettings.UserScope, "LawDesk", "files")


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
    return Path(found) if found else Path.home()


def last_folder(kind: str, fallback: Path | None = None) -> Path:
    """The folder last used for `kind`, if it still exists; else `fallback` (if it exists), else Documents."""
    saved = file_settings().value(KEY.format(kind=kind))
    if saved and Path(str(saved)).is_dir():
        return Path(str(saved))
    return fallback if fallback is not None and fallback.is_dir() else documents_folder()


def remember(kind: str, path: str | Path) -> None:
    file_settings().setValue(KEY.format(kind=kind), str(Path(path).parent))


def open_file(parent: QWidget | None, kind: str, title: str, filters: str,
              fallback: Path | None = None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(last_folder(kind, fallback)), filters)
    if not chosen:
        return None
    remember(kind, chosen)
    return Path(chosen)


def open_files(parent: QWidget | None, kind: str, title: str, filters: str) -> list[Path]:
    chosen, _ = QFileDialog.getOpenFileNames(parent, title, str(last_folder(kind)), filters)
    if chosen:
        remember(kind, chosen[0])
    return [Path(c) for c in chosen]


def save_file(parent: QWidget | None, kind: str, title: str, name: str, filters: str) -> Path | None:
    """Where to write `name`; a name typed without the suggested suffix gets it (「报告v1.2」 → 「报告v1.2.docx」)."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(last_folder(kind) / name), filters)
    if not chosen:
        return None
    remember(kind, chosen)
    path, suffix = Path(chosen), Path(name).suffix
    return path.with_name(path.name + suffix) if suffix and path.suffix.lower() != suffix.lower() else path


def export_kind(name: str | Path) -> str:
    """Exports of one file type share their folder: 「export_docx」 for every Word export."""
    return f"export_{Path(name).suffix.lstrip('.').lower()}"


def save_export(parent: QWidget | None, name: str, filters: str, title: str = "导出") -> Path | None:
    return save_file(parent, export_kind(name), title, name, filters)


def open_url(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_exported(parent: QWidget | None, path: Path, text: str = "", title: str = "导出完成") -> QMessageBox:
    """「已导出」 with 「打开文件」/「打开所在文件夹」, modeless: nothing waits on it and the clerk may go on
    working without closing it."""
    box = QMessageBox(QMessageBox.Information, title, text or f"已导出到：\n{path}", QMessageBox.NoButton, parent)
    open_file_button = box.addButton("打开文件", QMessageBox.AcceptRole)
    open_folder_button = box.addButton("打开所在文件夹", QMessageBox.ActionRole)
    box.addButton("关闭", QMessageBox.RejectRole)
    open_file_button.clicked.connect(lambda: open_url(path))
    open_folder_button.clicked.connect(lambda: open_url(path.parent))
    box.setWindowModality(Qt.NonModal)
    box.show()
    return box
