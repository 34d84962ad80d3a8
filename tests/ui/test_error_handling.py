"""Errors are never lost: an exception nobody caught shows 「程序出现意外错误」 and lands in the log with its
traceback; an OSError from file work shows what happened to the file in Chinese.

pytest-qt puts its own sys.excepthook around every test to fail tests on exceptions in Qt slots; the
tests that raise on purpose turn that off (`qt_no_exception_capture`) and install the app's handlers.
"""
from __future__ import annotations

import errno
import threading

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton

from core import attachments, logs
from ui import crash, ops


@pytest.fixture
def log_file(tmp_path):
    db = tmp_path / "lawdesk.db"
    path = logs.setup_logging(db)
    yield path
    logs.stop_logging()


@pytest.fixture
def handlers(qapp, log_file):
    """The app's error handlers, as run() installs them; put back afterwards, any dialog closed."""
    crash.install_error_handlers(qapp)
    yield
    dialog = crash.current_dialog()
    if dialog is not None:
        dialog.close()
    crash.uninstall_error_handlers()


@pytest.fixture
def warnings_shown(monkeypatch):
    """QMessageBox.warning records instead of blocking."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text)))
    return shown


def _boom() -> None:
    raise ZeroDivisionError("故意的除零")


@pytest.mark.qt_no_exception_capture
@pytest.mark.no_qt_log
def test_an_exception_in_a_slot_shows_the_crash_dialog_and_is_logged(qtbot, handlers, log_file):
    from PySide6.QtCore import Qt

    button = QPushButton("出错")
    qtbot.addWidget(button)
    button.clicked.connect(_boom)
    qtbot.mouseClick(button, Qt.LeftButton)

    dialog = crash.current_dialog()
    assert isinstance(dialog, crash.CrashDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "程序出现意外错误"
    body = dialog.body.text()
    assert "已经保存的数据是安全的" in body and str(log_file) in body
    text = log_file.read_text(encoding="utf-8")
    assert "ERROR ui.crash" in text and "Traceback" in text and "ZeroDivisionError: 故意的除零" in text

    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "ZeroDivisionError: 故意的除零" in copied and "LawDesk" in copied and "Python" in copied

    qtbot.mouseClick(button, Qt.LeftButton)  # a second error while the dialog is open: no second dialog
    assert crash.current_dialog() is dialog and dialog.more == 1
    assert text.count("ZeroDivisionError: 故意的除零") < log_file.read_text(encoding="utf-8").count(
        "ZeroDivisionError: 故意的除零")

    dialog.close_button.click()
    qtbot.waitUntil(lambda: crash.current_dialog() is None)


@pytest.mark.qt_no_exception_capture
@pytest.mark.no_qt_log
def test_an_exception_in_another_thread_is_shown_on_the_ui_thread(qtbot, handlers, log_file):
    worker = threading.Thread(target=_boom, name="导出线程")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: crash.current_dialog() is not None, timeout=3000)
    assert "导出线程" in log_file.read_text(encoding="utf-8")


@pytest.mark.no_qt_log
def test_qt_warnings_go_to_the_log(qtbot, handlers, log_file):
    from PySide6.QtCore import qCritical, qWarning

    qWarning("一条 Qt 警告")
    qCritical("一条 Qt 严重错误")
    text = log_file.read_text(encoding="utf-8")
    assert "WARNING qt [MainThread] 一条 Qt 警告" in text
    assert "ERROR qt [MainThread] 一条 Qt 严重错误" in text


def test_an_error_while_building_the_dialog_does_not_recurse(qtbot, handlers, monkeypatch, log_file, capsys):
    def broken(details, parent):
        raise RuntimeError("对话框坏了")

    monkeypatch.setattr(crash, "dialog_factory", broken)
    crash._excepthook(ValueError, ValueError("原来的错误"), None)
    err = capsys.readouterr().err
    assert "原来的错误" in err and "对话框坏了" in err  # both said on stderr, nothing swallowed
    assert crash.current_dialog() is None
    assert "原来的错误" in log_file.read_text(encoding="utf-8")


def test_show_error_tells_disk_full_in_chinese(warnings_shown, log_file):
    ops.show_error(None, OSError(errno.ENOSPC, "No space left on device", "/media/u盘/台账.xlsx"), "无法导出")
    title, text = warnings_shown[0]
    assert title == "无法导出"
    assert text.startswith("无法导出：磁盘空间已满。") and "/media/u盘/台账.xlsx" in text
    assert "No space left on device" in log_file.read_text(encoding="utf-8")  # logged for support


def test_show_error_with_a_bug_opens_the_crash_dialog(qtbot, handlers, warnings_shown, log_file):
    try:
        {}["缺少的键"]
    except KeyError as exc:
        ops.show_error(None, exc)
    assert warnings_shown == []
    dialog = crash.current_dialog()
    assert dialog is not None and "KeyError" in dialog.details
    assert "KeyError: '缺少的键'" in log_file.read_text(encoding="utf-8")


def test_a_worker_error_is_logged_once_and_shown(qtbot, handlers, log_file):
    thread = ops.run_op(None, "正在导出…", lambda _store, progress: _boom())
    with qtbot.waitSignal(thread.finished, timeout=5000):
        pass
    qtbot.waitUntil(lambda: crash.current_dialog() is not None)
    text = log_file.read_text(encoding="utf-8")
    assert "后台操作“正在导出…”失败" in text
    assert text.count("ZeroDivisionError: 故意的除零") == 1


def test_study_editor_says_why_an_attachment_could_not_be_added(qtbot, store, tmp_path, monkeypatch,
                                                                warnings_shown, log_file):
    from ui.study.editor import SessionEditor

    def full_disk(store, path, name=None):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(attachments, "add_file", full_disk)
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"jpeg")
    editor = SessionEditor(store)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.add_attachment_files([photo]).finished, timeout=10000):
        pass  # the copy runs in a worker
    title, text = warnings_shown[0]
    assert title == "无法添加附件"
    assert "磁盘空间已满" in text and "签到表.jpg" in text
    assert editor.attachment_list.count() == 0


def test_about_panel_shows_the_log_and_opens_its_folder(qtbot, store, monkeypatch, log_file):
    from ui.settings.about_panel import AboutPanel

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel = AboutPanel(store)
    qtbot.addWidget(panel)
    assert panel.log_label.text() == str(log_file)
    assert panel.data_label.text() == str(store.path.parent)
    panel.open_log_button.click()
    assert opened == [QUrl.fromLocalFile(str(log_file.parent))]


def test_settings_page_has_the_about_tab(qtbot, store):
    from PySide6.QtWidgets import QWidget

    from ui.settings.page import SettingsPage

    window = QWidget()
    qtbot.addWidget(window)
    page = SettingsPage(store, window)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles[-1] == "关于与诊断"
