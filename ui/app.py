"""Start the app: one window per database (lock file), first-start welcome, errors shown plainly."""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from core import logs, paths, settings, unit
from core.db import Store, open_store
from core.errors import LawDeskError, describe_os_error
from core.lock import InstanceLock
from ui import gc_main_thread
from ui.chinese import install_chinese
from ui.crash import install_error_handlers, report_unexpected

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
logger = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    # No organisation name: AppDataLocation is then …/LawDesk, the same folder core's platformdirs names.
    app.setOrganizationName("")
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationDisplayName("LawDesk 法治台账")
    icon = RESOURCES / "lawdesk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_chinese(app)
    apply_look(app)
    gc_main_thread.install(app)
    return app


def apply_look(app: QApplication) -> None:
    """The app's one look: Fusion (the same on every desktop), the blue palette, resources/lawdesk.qss."""
    app.setStyle("Fusion")
    palette = app.palette()
    for role, colour in ((QPalette.Window, "#f4f6f9"), (QPalette.Base, "#ffffff"), (QPalette.AlternateBase, "#f7f9fc"),
                         (QPalette.Text, "#2b3a4d"), (QPalette.WindowText, "#2b3a4d"), (QPalette.Button, "#ffffff"),
                         (QPalette.ButtonText, "#2b3a4d"), (QPalette.Highlight, "#1f5fa8"),
                         (QPalette.HighlightedText, "#ffffff"), (QPalette.Link, "#1f5fa8")):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    sheet = RESOURCES / "lawdesk.qss"
    if sheet.exists():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))


def default_db_path() -> Path:
    """The per-user database, from Qt's AppDataLocation (LAWDESK_DATA_DIR overrides, as in core)."""
    if "LAWDESK_DATA_DIR" in os.environ:
        return paths.default_db_path()
    folder = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    return Path(folder) / paths.DB_FILE_NAME


def first_start(store: Store, parent=None) -> None:
    """Welcome dialog on a database that has never been set up."""
    if settings.get(store, "app.first_start_done") or unit.load(store).full_name:
        return
    from core import demo
    from ui.welcome import WelcomeDialog

    dialog = WelcomeDialog(parent)
    if not dialog.exec():
        settings.put(store, "app.first_start_done", True)
        return
    if dialog.choice == "demo":
        demo.fill(store, dialog.unit_name or None)
    else:
        profile = unit.load(store)
        profile.full_name = dialog.unit_name
        unit.save(store, profile)
        settings.put(store, "app.first_start_done", True)


def open_window(db: str | Path | None = None):
    """Lock, open and migrate the database, greet on first start; returns (window, lock)."""
    from ui.main_window import MainWindow

    path = Path(db).expanduser() if db else default_db_path()
    lock = InstanceLock(path)
    lock.acquire()
    # After the lock (one window writes this log) and before opening, so a failed open is in it.
    logs.setup_logging(path)
    try:
        store = open_store(path)
    except BaseException:
        lock.release()
        raise
    first_start(store)
    window = MainWindow(store)
    window.lock = lock
    if paths.looks_like_network_share(path):
        QMessageBox.warning(window, "数据库位置", paths.NETWORK_SHARE_WARNING)
    return window


def run(db: str | None = None, open_file: str | None = None) -> int:
    """The window on `db`; `open_file` is a file the desktop handed over (see open_document)."""
    app = make_application()
    install_error_handlers(app)
    if os.environ.get("LAWDESK_SMOKE_TEST") == "1":
        QTimer.singleShot(1500, _dismiss_modal)
    try:
        window = open_window(db)
    except LawDeskError as exc:
        logger.warning("无法打开数据库：%s", exc.message)
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return 1
    except OSError as exc:  # the data folder on a full, read-only or vanished disk
        logger.warning("无法打开数据库", exc_info=True)
        QMessageBox.critical(None, "无法打开数据库", describe_os_error(exc, "打开数据库"))
        return 1
    except Exception as exc:  # noqa: BLE001 - no event loop yet: the crash dialog must wait to be seen
        report_unexpected(exc, context="打开数据库时出现意外错误", wait=True)
        return 1
    window.show()
    _after_show(app)
    if open_file:
        QTimer.singleShot(0, lambda: open_document(window, Path(open_file)))
    code = app.exec()
    from core.backup import auto_backup_if_due

    auto_backup_if_due(window.store)
    window.store.close(truncate=True)  # the window holds the instance lock: emptying the -wal blocks no one
    window.lock.release()
    return code


def open_document(window, path: Path) -> None:  # noqa: ANN001 - the main window
    """A file double-clicked on the desktop: a backup is checked, then offered for restore (never silently)."""
    from core.backup import SUFFIX as BACKUP_SUFFIX
    from core.district.fmt import SUFFIX as PACKAGE_SUFFIX

    if path.suffix.lower() == BACKUP_SUFFIX:
        page = window.show_page("settings")
        panel = getattr(page, "panels", {}).get("BackupPanel")
        if panel is not None:
            page.tabs.setCurrentWidget(panel)
            panel.check_then_restore(path)  # verifies the whole file, then asks before replacing anything
            return
    if path.suffix.lower() == PACKAGE_SUFFIX and "district" in window.pages:
        window.pages["district"].import_files([path])  # checks the package, previews it, imports on confirmation
        return
    QMessageBox.information(
        window, "无法打开文件",
        f"LawDesk 不能打开“{path.name}”：只能打开备份文件（{BACKUP_SUFFIX}）和汇总报送包（{PACKAGE_SUFFIX}）。")


def _dismiss_modal() -> None:
    """Smoke test: a first-start dialog must not keep a headless start from finishing."""
    dialog = QApplication.activeModalWidget()
    if dialog is not None and hasattr(dialog, "reject"):
        dialog.reject()


def _after_show(app: QApplication) -> None:
    """LAWDESK_REPORT_STARTUP=1 prints when the window is up; LAWDESK_SMOKE_TEST=1 quits 1.5 s later."""
    if os.environ.get("LAWDESK_REPORT_STARTUP") == "1":
        def report() -> None:
            t0 = os.environ.get("LAWDESK_LAUNCH_T0")
            elapsed = f" {time.time() - float(t0):.3f}" if t0 else ""
            print(f"LAWDESK_WINDOW_SHOWN{elapsed}", flush=True)

        QTimer.singleShot(0, report)
    if os.environ.get("LAWDESK_SMOKE_TEST") == "1":
        QTimer.singleShot(1500, app.quit)
