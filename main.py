"""LawDesk (法治台账) entry point: no command opens the window, a command runs headless (see core.cli)."""
from __future__ import annotations

import sys


def _wants_window(argv: list[str]) -> bool:
    rest = list(argv)
    if rest[:1] == ["--db"]:
        rest = rest[2:]
    elif rest and rest[0].startswith("--db="):
        rest = rest[1:]
    return not rest


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if _wants_window(argv):
        from ui.app import run

        db = None
        if argv[:1] == ["--db"] and len(argv) > 1:
            db = argv[1]
        elif argv and argv[0].startswith("--db="):
            db = argv[0].split("=", 1)[1]
        return run(db)
    from core.cli import main as cli_main

    _plug_in_pdf_writer()
    return cli_main(argv)


def _plug_in_pdf_writer() -> None:
    """`export report --format pdf` draws with Qt, which core must not import: hand core a lazy writer."""
    import core.reports.output as report_output

    def write_pdf(report, path, public=False):
        from ui.reports.pdf import write_pdf as qt_write_pdf

        return qt_write_pdf(report, path, public)

    report_output.pdf_writer = write_pdf


if __name__ == "__main__":
    sys.exit(main())
