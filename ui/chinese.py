"""Make Qt's own dialogs speak Chinese: Qt's zh_CN translations and a Chinese default locale.

Without this a message box says `OK`, a file dialog `Look in` / `File name`, the calendar shows
`January` and `Mon`, and print preview's tool tips are English. The app and the tests call
`install_chinese` on the same QApplication so tests see what the clerk sees.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CHINESE = QLocale(QLocale.Chinese, QLocale.China)
# qtbase holds every string of QtWidgets and QtPrintSupport (buttons, file and print dialogs);
# qt_zh_CN is the meta catalogue that loads qtbase and friends, used only if qtbase is missing.
CATALOGUES = ("qtbase", "qt")


# Strings Qt 6 gained accelerators for while qtbase_zh_CN.qm still has the old source text, so they stay
# English ("&Look in:" vs "Look in:"). Found by tests/ui/test_chinese_ui.py; add here when it finds more.
GAPS = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class GapTranslator(QTranslator):
    """Answers only the GAPS; every other string falls through to Qt's own catalogue."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None is a null QString: Qt then asks the next translator ("" would be taken as the answer).
        return GAPS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.TranslationsPath)


def install_chinese(app: QCoreApplication) -> list[str]:
    """Install Qt's zh_CN translators once and make Chinese the default locale; returns the catalogues loaded."""
    QLocale.setDefault(CHINESE)
    installed: list[QTranslator] | None = getattr(app, "_lawdesk_translators", None)
    if installed is not None:
        return [t.filePath() for t in installed]
    installed = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(CHINESE, name, "_", translations_dir()) and app.installTranslator(translator):
            installed.append(translator)
            break  # qtbase found: the meta catalogue would only load it a second time
    gaps = GapTranslator(app)
    app.installTranslator(gaps)  # installed last, asked first
    installed.append(gaps)
    # Kept on the app: a translator that Python collects stops translating.
    app._lawdesk_translators = installed
    return [t.filePath() for t in installed]
