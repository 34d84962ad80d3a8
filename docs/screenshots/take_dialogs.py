"""Screenshots of the standard Qt dialogs the app opens, under the app's own make_application (Chinese check).

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_dialogs.py [OUT_DIR]
"""
import sys, shutil, errno, tempfile
from pathlib import Path
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from PySide6.QtCore import QTimer, Qt, QPoint
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from ui.app import make_application

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "dialogs"
OUT.mkdir(parents=True, exist_ok=True)
app = make_application()
from core import logs
from core.db import open_store
work = Path(tempfile.mkdtemp(prefix="lawdesk-shots-"))
store = open_store(work / "lawdesk.db")
from core import demo
demo.fill(store)
logs.setup_logging(store.path)

def screen(name):
    QGuiApplication.primaryScreen().grabWindow(0).save(str(OUT / f"{name}.png"))

def settle(ms=300):
    QTest.qWait(ms)

def modal_shot(name, call, press=None):
    def look():
        w = QApplication.activeModalWidget()
        if w is None:
            QTimer.singleShot(50, look); return
        settle(400)
        w.grab().save(str(OUT / f"{name}.png"))
        w.close() if hasattr(w, "close") else None
    QTimer.singleShot(0, look)
    return call()

from ui import ops
modal_shot("01_show_error_disk_full", lambda: ops.show_error(None, OSError(errno.ENOSPC, "No space left on device", "/media/U盘/学法台账2026.xlsx"), "无法导出"))
modal_shot("02_confirm", lambda: ops.confirm(None, "删除整改事项", "把 ZG-2026-003 移到回收站？", "删除"))
modal_shot("03_question_yes_no", lambda: QMessageBox.question(None, "放弃修改", "有未保存的修改，确定放弃吗？"))
modal_shot("04_file_save", lambda: QFileDialog.getSaveFileName(None, "导出", str(Path.home() / "学法台账.xlsx"), "Excel 工作簿 (*.xlsx);;所有文件 (*)"))
modal_shot("05_file_open", lambda: QFileDialog.getOpenFileNames(None, "添加附件", "/work/shared/samples", "图片和文档 (*.png *.jpg *.pdf *.docx);;所有文件 (*)"))

# calendar popup of the 整改时限 field (未定)
from ui.rectification.editor import ItemEditor
ed = ItemEditor(store, None)
ed.show(); QTest.qWaitForWindowExposed(ed); settle()
edit = ed.deadline_edit
QTest.mouseClick(edit, Qt.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
settle(500)
screen("06_calendar_deadline_unset")
cal = edit.calendarWidget(); popup = cal.window(); popup.grab().save(str(OUT / "07_calendar_popup.png"))
popup.hide(); ed.close()

# print preview of a report
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from core.reports import parse
from ui.reports.pdf import paint, document_for, _a4_full_page
report = parse.parse_file(Path("/work/shared/samples/report-2024-qingyuan.txt")).report
printer = QPrinter(QPrinter.HighResolution); printer.setFullPage(True); printer.setPageLayout(_a4_full_page())
pd = QPrintPreviewDialog(printer)
pd.setWindowTitle("打印预览 — " + (report.title or "年度报告"))
pd.paintRequested.connect(lambda p: paint(document_for(report, False), p))
pd.resize(1200, 700); pd.show(); QTest.qWaitForWindowExposed(pd); settle(1500)
pd.grab().save(str(OUT / "08_print_preview.png"))
# hover a tool button to show a tooltip
from PySide6.QtWidgets import QToolButton, QToolTip
buttons = [b for b in pd.findChildren(QToolButton) if b.isVisible()]
if buttons:
    b = buttons[3]
    QToolTip.showText(b.mapToGlobal(QPoint(5, b.height())), b.toolTip(), b); settle(500)
    screen("09_print_preview_tooltip")
pd.close()

# progress dialog of run_op
import threading
release = threading.Event()
def work(_store, progress):
    while not release.wait(0.05):
        progress(3, 10, "正在导出第 3 页…")
thread = ops.run_op(None, "正在导出…", work)
settle(1200)
from PySide6.QtWidgets import QProgressDialog
dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog))
dialog.show(); settle(200)
dialog.grab().save(str(OUT / "10_progress.png"))
release.set(); thread.wait(3000); settle(200)

# crash dialog
from ui import crash
crash.install_error_handlers(app)
try:
    {}["缺少的键"]
except KeyError as exc:
    d = crash.report_unexpected(exc)
settle(300); d.grab().save(str(OUT / "11_crash.png"))
d.toggle_details(); settle(300); d.grab().save(str(OUT / "12_crash_details.png"))
d.close(); settle(100)

# settings → 关于与诊断
from ui.main_window import MainWindow
win = MainWindow(store); win.resize(1366, 728); win.show(); QTest.qWaitForWindowExposed(win)
page = win.show_page("settings"); page.tabs.setCurrentIndex(page.tabs.count() - 1); settle(500)
win.grab().save(str(OUT / "13_settings_about.png"))
win.close()
print("done")
