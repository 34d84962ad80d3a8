"""Where LawDesk keeps its data: the per-user data folder, attachment folders, network-share detection."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "LawDesk"
DB_FILE_NAME = "lawdesk.db"


def default_data_dir() -> Path:
    """The platform's per-user application data folder (same place Qt's AppDataLocation names)."""
    override = os.environ.get("LAWDESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True))


def default_db_path() -> Path:
    return default_data_dir() / DB_FILE_NAME


def attachments_dir(db_path: Path) -> Path:
    """Content-addressed attachment store that belongs to one database file."""
    return db_path.with_name(db_path.stem + ".attachments")


def backups_dir(db_path: Path) -> Path:
    """Automatic backups of one database file."""
    return db_path.with_name(db_path.stem + ".backups")


def temp_dir(db_path: Path) -> Path:
    """Temporary work (backups being written, restores being checked, attachments arriving) of one database
    file: beside it so a rename into place never crosses disks; swept at every start (core.workdir)."""
    return db_path.with_name(db_path.stem + ".tmp")


def logs_dir(db_path: Path) -> Path:
    """The log files (errors, warnings, what happened) of the app working on one database file."""
    return db_path.with_name(db_path.stem + ".logs")


_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "afs", "9p", "davfs", "fuse.davfs2"}


def looks_like_network_share(path: Path) -> bool:
    """True when the path is on a network file system, where SQLite's locking is not reliable."""
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if sys.platform == "win32":
        try:
            import ctypes

            drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
            return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
        except Exception:
            return False
    return _mount_fs_type(path) in _NETWORK_FS


def _mount_fs_type(path: Path) -> str:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    target = str(path.resolve(strict=False))
    best, best_type = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(mount_point) > len(best):
            best, best_type = mount_point, parts[2]
    return best_type


NETWORK_SHARE_WARNING = (
    "数据库位于网络共享目录上。SQLite 在网络文件系统上的加锁并不可靠，可能导致数据损坏。"
    "请把数据库放在本机磁盘上，用“备份”功能把副本存到共享目录。"
)
