"""The Qt and PySide6 versions in use, for 设置 → 关于 and `--version` (core cannot ask: it has no Qt)."""
from __future__ import annotations


def qt_versions() -> list[tuple[str, str]]:
    """(label, value) rows; only QtCore is imported, so this works without a display."""
    try:
        import PySide6
        from PySide6 import QtCore
    except ImportError as exc:  # a bundle missing its Qt libraries: say so rather than fail
        return [("Qt", f"无法加载（{exc}）")]
    compiled = QtCore.__version__  # the Qt PySide6 was built against
    running = QtCore.qVersion()
    qt = running if running == compiled else f"{running}（编译时 {compiled}）"
    return [("Qt", qt), ("PySide6", PySide6.__version__)]
