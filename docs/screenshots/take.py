"""Refresh the screenshots of every page, editor and dialog on the demo bureau, at 1366×768.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take.py [OUT_DIR]

Writes small palette PNGs (the folder stays well under 3 MB) into docs/screenshots/ (or OUT_DIR), and the
首页 shot to resources/screenshot.png for README.md. `QT_SCALE_FACTOR=1.5` in the environment takes the
same shots at 150 % (for checking high-DPI; write those to another folder).
"""
from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

DAY = date(2026, 11, 21)  # the shots show the same day every time


def save(widget: QWidget, out: Path, name: str) -> Path:
    """Show, let it lay out, grab, and write a 256-colour PNG."""
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    image = Image.open(path).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    return path


def shots(store, window) -> dict[str, Callable[[], QWidget]]:
    """Each shot's file name → what to show (built lazily, after the pages)."""
    from core.reports import repository
    from ui.rectification.editor import ItemEditor
    from ui.reports.dialogs import ShortcomingsDialog
    from ui.staff.editor import StaffEditor
    from ui.study.editor import SessionEditor
    from ui.welcome import WelcomeDialog

    session_id = store.scalar("select id from study_session where form = '学法考试' order by held_on limit 1")
    item_id = store.scalar("select id from rectification where status = '整改中' order by id limit 1")
    report = repository.list_reports(store)[-1]

    def page(key: str) -> Callable[[], QWidget]:
        return lambda: (window.show_page(key), window)[1]

    def report_editor() -> QWidget:
        window.go_to("reports", record_id=report["id"])
        return window

    return {
        **{f"page-{key}": page(key) for key in window.page_keys()},
        "report-editor": report_editor,
        "study-editor": lambda: SessionEditor(store, session_id, window),
        "study-editor-new": lambda: SessionEditor(store, None, window),
        "rectification-editor": lambda: ItemEditor(store, item_id, window),
        "shortcomings-dialog": lambda: ShortcomingsDialog(
            ["执法人员法治培训不够系统。", "政务数据共享的制度建设滞后。"], window, year=report["year"],
            departments=["办公室", "政务服务科"], today=DAY),
        "staff-editor": lambda: StaffEditor(store, None, window),
        "welcome": lambda: WelcomeDialog(window),
    }


def main(out: Path) -> None:
    from core import demo
    from core.clock import FixedClock
    from core.db import open_store
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application(["take.py"])
    out.mkdir(parents=True, exist_ok=True)
    store = open_store(Path(tempfile.mkdtemp()) / "demo.db", clock=FixedClock(DAY))
    demo.fill(store)
    window = MainWindow(store)
    window.resize(1366, 728)
    window.show()
    for name, build in shots(store, window).items():
        widget = build()
        path = save(widget, out, name)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {widget.width()}×{widget.height()}")
        if widget is not window:
            if hasattr(widget, "dirty"):
                widget.dirty = False
            widget.hide()
            widget.deleteLater()
    window.show_page("home")
    readme_shot = save(window, out, "page-home")
    if out == ROOT / "docs" / "screenshots":
        Image.open(readme_shot).save(ROOT / "resources" / "screenshot.png", optimize=True)
    store.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
