"""Refresh the screenshots of every page, editor and dialog on the demo bureau, and check each one.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take.py [OUT_DIR]
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 2049x1152x24" .venv/bin/python docs/screenshots/take.py /tmp/shots150

Writes small palette PNGs into docs/screenshots/ (pages and editors) and docs/screenshots/dialogs/ (or OUT_DIR),
removes the PNGs there it no longer makes, and copies the 首页 shot to resources/screenshot.png for README.md.
The shots themselves are listed in `scenes.py`: a fresh demo database in a temporary folder on a fixed day,
an empty one for the first start and the empty lists, files written by the app's own exporters to import.

Every shot is also checked (`checks.py`), and a line printed for each problem: the window needs more than 1366×728 (less,
if the screen's logical size is smaller), a button or label sticks out of its window or is cut by its parent,
a button's or label's text does not fit it, a toolbar hides actions behind its » button, a calendar popup
cuts off a week, or a visible text has an English word of three letters or more (`tests/ui/chinese_text.py`,
as the tests check Qt's dialogs). Exit status 1 when any check or shot failed, so the script doubles as a
check. `QT_SCALE_FACTOR=1.5` on a 2049×1152 screen (1366×768 logical) takes the same shots at 150 % (for
high-DPI; write those to another folder: only the 100 % set is committed).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from checks import calendar_problems, layout_problems, text_problems  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QSettings, QSize, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QDialog,
    QMainWindow,
    QProgressDialog,
    QWidget,
)
from shiboken6 import getCppPointer, isValid  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "screenshots"
WAIT_S = 20  # the longest a shot waits for its window (a worker reads a file first)


@dataclass
class Shot:
    """One picture: `run()` shows it and returns the widget, or returns None (or blocks in exec) after opening
    a window of type `want`, which is then taken and closed. `around`: grab the screen around the window and its
    popups (a calendar). `after`: called once it is taken (to let a held worker go)."""

    name: str
    run: Callable[[], QWidget | None]
    want: type[QWidget] = QWidget
    around: bool = False
    after: Callable[[], None] | None = None


def settle(seconds: float = 0.15) -> None:
    """Let layouts, queued calls and paint events run."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def wait_until(done: Callable[[], object], seconds: float = WAIT_S) -> bool:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            return False
        QApplication.processEvents()
        time.sleep(0.01)
    return True


def _key(widget: QWidget) -> int:
    return getCppPointer(widget)[0]


def _windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isValid(w) and w.isVisible()]


def _popup(widget: QWidget) -> bool:
    return widget.windowType() in (Qt.Popup, Qt.ToolTip)


def _wanted(widget: QWidget, before: set[int], want: type[QWidget]) -> bool:
    """A window the shot opened, of the kind it wants (a worker's progress dialog only when asked for)."""
    return (_key(widget) not in before and not _popup(widget) and isinstance(widget, want)
            and (want is QProgressDialog or not isinstance(widget, QProgressDialog)))


def _new_window(before: set[int], want: type[QWidget], running: bool) -> QWidget | None:
    """While `run()` is still running only a modal window of the kind asked for counts (it waits on its exec):
    a shot may open others on the way."""
    modal = QApplication.activeModalWidget()
    if modal is not None and _wanted(modal, before, want) and (want is not QWidget or not running):
        return modal
    found = [] if running else [w for w in _windows() if _wanted(w, before, want)]
    return found[-1] if found else None


def close_new(before: set[int]) -> None:
    """Close what the shot opened (a modal one returns from its exec); no 放弃修改 question is asked. A main
    window stays: the next shots show its pages."""
    for _ in range(6):
        opened = [w for w in _windows() if _key(w) not in before and not isinstance(w, QMainWindow)]
        if not opened:
            return
        for widget in reversed(opened):
            if isinstance(widget, QDialog):
                widget.dirty = False
                QDialog.done(widget, QDialog.Rejected)  # the base class's: no override asks anything
            else:
                widget.hide()
        settle(0.05)


# -- taking ------------------------------------------------------------------------------------------------
class Camera:
    def __init__(self, out: Path, limit: QSize) -> None:
        self.out, self.limit = out, limit
        self.written: list[Path] = []
        self.failed = 0

    def take(self, shot: Shot) -> None:
        before = {_key(w) for w in _windows()}
        state: dict[str, object] = {}
        deadline = time.monotonic() + WAIT_S

        def look() -> None:
            if "done" in state:
                return
            returned = state.get("returned")
            target = returned if isinstance(returned, QWidget) else _new_window(before, shot.want, "returned" not in state)
            if not isinstance(target, QWidget) or not target.isVisible():
                if time.monotonic() < deadline:
                    QTimer.singleShot(50, look)
                else:
                    state["done"] = "没有出现要截的窗口"
                    close_new(before)
                return
            settle(0.35)  # animations end (a search box's clear button fades in)
            try:
                state["done"] = self._record(shot, target, before)
            except Exception as exc:  # noqa: BLE001 - reported as this shot's failure
                state["done"] = f"{type(exc).__name__}: {exc}"
            close_new(before)

        QTimer.singleShot(0, look)
        try:
            state["returned"] = shot.run()
            wait_until(lambda: "done" in state, WAIT_S + 5)
        except Exception as exc:  # noqa: BLE001 - one failed shot is reported, the others are still taken
            state.setdefault("done", f"{type(exc).__name__}: {exc}")
        finally:
            close_new(before)
            if shot.after:
                shot.after()
        if state.get("done") is not True:
            self.failed += 1
            print(f"{shot.name}.png  ✗ 截图失败：{state.get('done') or '超时'}")

    def _record(self, shot: Shot, target: QWidget, before: set[int]) -> bool:
        popups = [w for w in _windows() if _key(w) not in before and _popup(w)]
        path = self.out / f"{shot.name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        if shot.around:
            area = target.frameGeometry()
            for popup in popups:
                area = area.united(popup.frameGeometry())
            screen = target.screen() or QGuiApplication.primaryScreen()
            pixmap = screen.grabWindow(0, area.x(), area.y(), area.width(), area.height())
        else:
            pixmap = target.grab()
        pixmap.save(str(path))
        Image.open(path).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        self.written.append(path)
        problems = layout_problems(target, self.limit) + calendar_problems(popups) + text_problems([target, *popups])
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}  {target.width()}×{target.height()}" + ("" if problems else "  ✓"))
        for problem in problems:
            print(f"    ✗ {problem}")
        self.failed += bool(problems)
        return True


def screen_limit() -> QSize:
    """1366×728, or less when the screen's logical size is smaller (a 40-px taskbar kept free)."""
    from ui.widgets.forms import SMALL_SCREEN

    room = QGuiApplication.primaryScreen().availableGeometry().size()
    return SMALL_SCREEN.boundedTo(QSize(room.width(), room.height() - 40))


def remove_stale(out: Path, made: list[Path]) -> None:
    """PNGs in the folders that no shot makes any more (a shot that failed this time keeps its old file)."""
    for folder in (out, out / "dialogs"):
        for old in folder.glob("*.png"):
            if old not in made:
                old.unlink()
                print(f"已删除不再生成的 {old.name}")


def main(out: Path) -> int:
    from ui.app import make_application

    sys.modules.setdefault("take", sys.modules[__name__])  # scenes imports Shot from here, not a second copy
    import scenes

    os.environ["LC_ALL"] = "zh_CN.UTF-8"  # the clerk's system locale: Qt's file dialog dates follow it, not ours
    app = make_application(["take.py"])
    app.setCursorFlashTime(0)  # a text cursor that does not blink: the same picture every run
    # one fixed folder for the committed set: its paths (status bar, 关于与诊断) are the same every time
    work = Path(tempfile.gettempdir()) / ("lawdesk-screenshots" if out == DEFAULT_OUT else f"lawdesk-shots-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(work / "settings"))  # not the machine's own
    limit = screen_limit()
    print(f"屏幕 {QGuiApplication.primaryScreen().size().width()}×{QGuiApplication.primaryScreen().size().height()}"
          f"（缩放 {QGuiApplication.primaryScreen().devicePixelRatio():g}），窗口上限 {limit.width()}×{limit.height()}")
    camera = Camera(out, limit)
    planned = scenes.shots(work, limit)
    for shot in planned:
        camera.take(shot)
    scenes.close()
    shutil.rmtree(work, ignore_errors=True)
    remove_stale(out, [out / f"{shot.name}.png" for shot in planned])
    home = out / "page-home.png"
    if out == DEFAULT_OUT and home in camera.written:
        Image.open(home).save(ROOT / "resources" / "screenshot.png", optimize=True)
    size = sum(p.stat().st_size for p in camera.written)
    print(f"共 {len(camera.written)} 张，{size / 1024 / 1024:.2f} MB；"
          + (f"{camera.failed} 张有问题" if camera.failed else "全部通过检查"))
    app.quit()
    return 1 if camera.failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT_OUT))
