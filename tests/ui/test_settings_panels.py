"""设置 panels: the recycle bin (restore, delete for good) and backup / restore from the window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QWidget

from core import backup, paths, recycle, settings
from core.errors import DatabaseLocked
from core.lock import InstanceLock
from core.staff import roster
from ui.changes import Changes
from ui.settings.backup_panel import BackupPanel
from ui.settings.recycle_panel import RecyclePanel


class Window(QWidget):
    """What the panels use of the main window: its lock."""

    def __init__(self, store) -> None:
        super().__init__()
        self.store = store
        self.lock = InstanceLock(store.path)
        self.lock.acquire()


@pytest.fixture
def window(demo_store, qtbot):
    win = Window(demo_store)
    qtbot.addWidget(win)
    yield win
    win.lock.release()


def _deleted_staff(store, name: str) -> int:
    staff_id = roster.add(store, name, "办公室", "科员")
    recycle.delete(store, "staff", staff_id, name)
    return staff_id


def _select_row(panel: RecyclePanel, row: int) -> None:
    index = panel.model.index(row, 0)
    panel.view.selectionModel().select(index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)


def test_recycle_panel_lists_a_deleted_staff_member_and_restores_it(demo_store, window, qtbot):
    staff_id = _deleted_staff(demo_store, "临时借调人员")
    panel = RecyclePanel(demo_store, window)
    qtbot.addWidget(panel)

    assert panel.model.rowCount() == 1
    shown = [panel.model.index(0, c).data() for c in range(panel.model.columnCount())]
    assert shown[2:] == ["人员", "临时借调人员"]
    assert len(shown[0]) == 16 and "T" not in shown[0]
    assert not panel.restore_button.isEnabled()

    _select_row(panel, 0)
    assert panel.restore_button.isEnabled()
    with qtbot.waitSignal(panel.changes.changed, timeout=5000):  # restored in a worker
        qtbot.mouseClick(panel.restore_button, Qt.LeftButton)

    assert roster.get(demo_store, staff_id)["name"] == "临时借调人员"
    assert panel.model.rowCount() == 0
    assert "空" in panel.hint.text()
    assert not panel.empty_button.isEnabled()


def test_recycle_panel_refreshes_when_another_page_deletes(demo_store, window, qtbot):
    panel = RecyclePanel(demo_store, window)
    qtbot.addWidget(panel)
    assert panel.model.rowCount() == 0
    _deleted_staff(demo_store, "甲")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=1000)  # the commit was announced


def test_recycle_panel_deletes_for_good_and_empties(demo_store, window, qtbot):
    for name in ("甲", "乙", "丙"):
        _deleted_staff(demo_store, name)
    panel = RecyclePanel(demo_store, window)
    qtbot.addWidget(panel)
    assert [panel.model.index(r, 3).data() for r in range(3)] == ["丙", "乙", "甲"]  # newest first

    _select_row(panel, 0)
    with qtbot.waitSignal(panel.delete_selected(ask=False).finished, timeout=5000):  # in a worker
        pass
    assert [e["label"] for e in recycle.entries(demo_store)] == ["乙", "甲"]
    assert panel.model.rowCount() == 2
    with qtbot.waitSignal(panel.empty_bin(ask=False).finished, timeout=5000):
        pass
    assert recycle.entries(demo_store) == [] and panel.model.rowCount() == 0
    assert "丙" not in roster.by_name(demo_store)


def test_recycle_model_passes_qtmodeltester(demo_store, window, qtbot, qtmodeltester):
    for name in ("甲", "乙"):
        _deleted_staff(demo_store, name)
    panel = RecyclePanel(demo_store, window)
    qtbot.addWidget(panel)
    qtmodeltester.check(panel.model)


def test_backup_panel_backs_up_and_saves_how_many_to_keep(demo_store, window, qtbot, tmp_path):
    panel = BackupPanel(demo_store, window)
    qtbot.addWidget(panel)
    assert panel.keep_spin.value() == 10
    assert panel.folder_label.text() == str(paths.backups_dir(demo_store.path))

    target = tmp_path / "手动备份.lawdesk-backup"
    thread = panel.backup_to(target)
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=10000)
    thread.wait(2000)

    assert panel.last_result == target
    assert backup.verify(target)["counts"]["staff"] == demo_store.scalar("select count(*) from staff")
    panel.keep_spin.setValue(4)
    qtbot.waitUntil(lambda: settings.get(demo_store, "backup.keep") == 4, timeout=3000)


def test_backup_panel_restores_over_the_open_database_and_reopens_it(demo_store, window, qtbot, tmp_path):
    saved = tmp_path / "before.lawdesk-backup"
    backup.backup(demo_store, saved)
    roster.add(demo_store, "备份之后加的人", "办公室")
    panel = BackupPanel(demo_store, window)
    qtbot.addWidget(panel)

    with qtbot.waitSignal(Changes.for_store(demo_store).changed, timeout=15000):  # everything changed
        panel.check_then_restore(saved, ask=False)

    safety = panel.last_result
    assert safety is not None and safety.parent == paths.backups_dir(demo_store.path)
    # the safety copy is listed in the panel, ready to restore from
    assert [panel.list_model.index(r, 1).data() for r in range(panel.list_model.rowCount())] == ["恢复前副本"]
    assert panel.list_model.path(0) == safety
    # the same Store object works again and shows the restored data
    assert "备份之后加的人" not in roster.by_name(demo_store)
    assert demo_store.scalar("select count(*) from staff") == 26
    # and the window holds its lock again: a second window is still refused
    with pytest.raises(DatabaseLocked):
        InstanceLock(demo_store.path).acquire()
    assert "备份之后加的人" in [
        r[0] for r in _staff_names_in(safety, tmp_path)]


def test_backup_list_model_passes_qtmodeltester(demo_store, window, qtbot, qtmodeltester):
    folder = paths.backups_dir(demo_store.path)
    backup.backup(demo_store, folder / "自动备份-20261120-180000.lawdesk-backup")
    backup.backup(demo_store, folder / "给档案室.lawdesk-backup")
    panel = BackupPanel(demo_store, window)
    qtbot.addWidget(panel)
    assert sorted(panel.list_model.index(r, 1).data() for r in range(2)) == ["手动备份", "自动备份"]
    qtmodeltester.check(panel.list_model)


def _staff_names_in(backup_file, tmp_path):
    import sqlite3

    target = tmp_path / "check" / "lawdesk.db"
    backup.restore(target, backup_file)
    conn = sqlite3.connect(target)
    try:
        return conn.execute("select name from staff").fetchall()
    finally:
        conn.close()
