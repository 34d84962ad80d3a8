"""What a person can read in a window, and which of it is English: shared by tests/ui/test_chinese_ui.py and
docs/screenshots/take.py (which checks every screenshot with it).

    english_words(visible_texts(dialog)) == []

A run of two or more Latin letters is a word, unless it is part of a file path, name, pattern or suffix
(`/tmp/…`, `台账.xlsx`, `*.xlsx`, `.lawdesk-pkg`), an allowed name (PDF, Word, Excel, LawDesk…) or a key cap
(Ctrl+N). Rich text is read without its tags.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLabel, QLineEdit, QWidget

NAMES = {"PDF", "Word", "Excel", "LawDesk", "WPS", "LibreOffice", "CSV", "A4", "xlsx", "docx", "pdf", "txt", "Qt",
         "SQLite", "Python", "PySide", "ZG"}  # ZG: 整改事项's number, ZG-2026-001
KEYS = {"Ctrl", "Shift", "Alt", "Enter", "Esc", "Delete", "Tab", "Space"}  # printed on the keys themselves
ALLOWED = NAMES | KEYS
WORD = re.compile(r"[A-Za-z]{2,}")
BRACKETS = "()（）[]【】“”\"'《》,，。；：:"


FILE_NAME = re.compile(r"\.[A-Za-z][A-Za-z0-9-]*$")
FINGERPRINT = re.compile(r"[0-9A-F]{4}(?:-[0-9A-F]{4}){3,}")  # a key's fingerprint, D01F-5FDD-7055-77EB


def _pathish(text: str) -> bool:
    """A folder, file name, pattern or suffix the app or the test put there (/tmp/…, 台账.xlsx, *.xlsx, .lawdesk-pkg)."""
    bare = text.strip(BRACKETS)
    return "/" in bare or "\\" in bare or bare.startswith(("*.", ".")) or bool(FILE_NAME.search(bare))


def _plain(label: QLabel) -> str:
    """A label's text as read: rich text without its tags (<b>, <br>)."""
    text = label.text()
    rich = label.textFormat() == Qt.RichText or label.textFormat() == Qt.AutoText and GuiQt.mightBeRichText(text)
    return QTextDocumentFragment.fromHtml(text).toPlainText() if rich else text


def english_words(texts: list[str], letters: int = 2) -> list[str]:
    """Each text with a Latin word (of at least `letters` letters) that is not allowed, e.g. ["&Look in:"]."""
    found = []
    for text in texts:
        words = [w for part in FINGERPRINT.sub(" ", text).split() if not _pathish(part) for w in WORD.findall(part)]
        if any(w not in ALLOWED and len(w) >= letters for w in words):
            found.append(text)
    return found


def visible_texts(root: QWidget, tooltips: bool = True, visible_only: bool = False) -> list[str]:
    """What a person can read in `root`: titles, labels, buttons, tool tips, combo items, actions, headers.
    `visible_only` skips widgets not shown now (a main window's other pages)."""
    texts = [root.windowTitle()]
    widgets = [root, *root.findChildren(QWidget)]
    if visible_only:
        widgets = [w for w in widgets if w is root or w.isVisibleTo(root)]
    for widget in widgets:
        if tooltips:
            texts.append(widget.toolTip())
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLabel):
            texts.append(_plain(widget))
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
            texts += [str(model.headerData(c, Qt.Horizontal) or "") for c in range(columns)]
        for action in widget.actions():
            texts += [action.text(), *((action.toolTip(), action.statusTip()) if tooltips else ())]
    if not visible_only:
        for action in root.findChildren(QAction):  # context-menu actions (重命名, 删除, 新建文件夹…) too
            texts += [action.text(), *((action.toolTip(),) if tooltips else ())]
    return [t for t in texts if t]
