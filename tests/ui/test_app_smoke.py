"""The app as a user starts it: `python main.py` opens the window, quits cleanly, backs up at close."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("LAWDESK_NO_AUTO_BACKUP", None)
    env.update(QT_QPA_PLATFORM="offscreen", LAWDESK_SMOKE_TEST="1", LAWDESK_REPORT_STARTUP="1",
               LAWDESK_DATA_DIR=str(tmp_path), **extra)
    return env


def test_window_opens_quits_cleanly_and_backs_up_at_close(tmp_path):
    env = _env(tmp_path)
    subprocess.run([sys.executable, "main.py", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)

    done = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)

    assert done.returncode == 0, done.stderr
    assert "LAWDESK_WINDOW_SHOWN" in done.stdout
    backups = list((tmp_path / "lawdesk.backups").glob("自动备份-*.lawdesk-backup"))
    assert len(backups) == 1
    from core import backup

    assert backup.verify(backups[0])["counts"]["staff"] == 26


def test_first_start_dialog_does_not_block_a_smoke_start(tmp_path):
    done = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=_env(tmp_path, LAWDESK_NO_AUTO_BACKUP="1"),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "LAWDESK_WINDOW_SHOWN" in done.stdout
    assert not (tmp_path / "lawdesk.backups").exists()
