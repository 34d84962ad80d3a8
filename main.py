"""LawDesk (法治台账) entry point: no command opens the window, a command runs headless (see core.cli).

A lone backup or exchange-package file (`lawdesk 某某.lawdesk-backup`, how the desktop opens a file
double-clicked in Explorer or the file manager) opens the window too, which then offers what to do with it.
"""
from __future__ import annotations

import sys

# Files the installers associate with the app (packaging/windows/lawdesk.iss, the .deb's MIME types).
OPENABLE_SUFFIXES = (".lawdesk-backup", ".lawdesk-pkg")


def _rest(argv: list[str]) -> list[str]:
    rest = list(argv)
    if rest[:1] == ["--db"]:
        rest = rest[2:]
    elif rest and rest[0].startswith("--db="):
        rest = rest[1:]
    return rest


def _file_to_open(argv: list[str]) -> str | None:
    rest = _rest(argv)
    if len(rest) == 1 and not rest[0].startswith("-") and rest[0].lower().endswith(OPENABLE_SUFFIXES):
        return rest[0]
    return None


def _wants_window(argv: list[str]) -> bool:
    return not _rest(argv) or _file_to_open(argv) is not None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if _wants_window(argv):
        from ui.app import run

        db = None
        if argv[:1] == ["--db"] and len(argv) > 1:
            db = argv[1]
        elif argv and argv[0].startswith("--db="):
            db = argv[0].split("=", 1)[1]
        return run(db, _file_to_open(argv))
    from core.cli import main as cli_main

    _plug_in_pdf_writer()
    _plug_in_qt_versions()
    return cli_main(argv)


def _plug_in_qt_versions() -> None:
    """`--version` names the Qt in use, which only the UI side may import."""
    import core.version
    from ui.versions import qt_versions

    core.version.qt_versions = qt_versions


def _plug_in_pdf_writer() -> None:
    """`export report --format pdf` draws with Qt, which core must not import: hand core a lazy writer."""
    import core.reports.output as report_output

    def write_pdf(report, path, public=False):
        from ui.reports.pdf import write_pdf as qt_write_pdf

        return qt_write_pdf(report, path, public)

    report_output.pdf_writer = write_pdf


if __name__ == "__main__":
    sys.exit(main())
