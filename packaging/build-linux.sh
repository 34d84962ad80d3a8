#!/usr/bin/env bash
# Build the one-folder LawDesk app on Linux, then smoke-test the built app: --version, demo data, the
# commands that need the bundled data (OpenCC, pypinyin, python-docx's template, pikepdf and fontTools for
# the PDF), the window opened offscreen; finally print the glibc the bundle needs.
#   packaging/build-linux.sh            -> packaging/dist/lawdesk/lawdesk
# Uses (or creates) .venv in the project root; PYTHON picks the interpreter for a new venv (default python3).
set -euo pipefail
started=$(date +%s)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
DIST="$ROOT/packaging/dist"
WORK="$ROOT/packaging/build"

if [ ! -x "$VENV/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet -e ".[build]"

"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/lawdesk.spec

APP="$DIST/lawdesk/lawdesk"
echo "built: $APP ($(du -sh "$DIST/lawdesk" | cut -f1), $(( $(date +%s) - started )) s)"

# Smoke test: a fresh data folder, demo data written by the built CLI, then the window opened offscreen;
# LAWDESK_SMOKE_TEST=1 makes the app quit 1.5 s after its window is shown.
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
export QT_QPA_PLATFORM=offscreen LAWDESK_DATA_DIR="$DATA"
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }

# The version comes from the build file the spec wrote, not from package metadata the bundle lacks.
want=$("$VENV/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
"$APP" --version >"$DATA/version.txt" || fail "--version exited with code $?"
cat "$DATA/version.txt"
[ "$(head -1 "$DATA/version.txt")" = "LawDesk 法治台账 $want" ] || fail "--version does not say $want"
grep -q '^构建日期：[0-9]' "$DATA/version.txt" || fail "--version has no build date"

"$APP" demo
"$APP" search 整改 >/dev/null || fail "search (OpenCC, pypinyin) failed"
"$APP" export study --year "$(date +%Y)" --format xlsx --out "$DATA/台账.xlsx" || fail "export study xlsx failed"
"$APP" export rectification --format docx --out "$DATA/整改.docx" || fail "export docx (python-docx template) failed"
"$APP" export report 1 --format pdf --out "$DATA/报告.pdf" || fail "export report pdf (Qt, pikepdf, fontTools) failed"
if command -v pdftotext >/dev/null 2>&1; then
    pdftotext "$DATA/报告.pdf" "$DATA/报告.txt"  # to a file: `| grep -q` would end it early (pipefail)
    grep -q '法治政府建设' "$DATA/报告.txt" || fail "the exported PDF's text layer lacks the title"
fi
# A Traditional-character report is converted to Simplified on import (OpenCC t2s dictionaries).
printf '區委、區政府：\n\n一、主要舉措和成效\n（一）深入學習宣傳法治思想。我局堅持把學法作為首要任務。\n' >"$DATA/繁體.txt"
"$APP" import report "$DATA/繁體.txt" --json >"$DATA/import.json" || fail "import report failed"
grep -q '"converted": true' "$DATA/import.json" || fail "OpenCC t2s conversion failed"
set +e
LAWDESK_SMOKE_TEST=1 LAWDESK_REPORT_STARTUP=1 timeout 60 "$APP"
code=$?
set -e
if [ "$code" -ne 0 ]; then
    echo "smoke test FAILED: the built app exited with code $code" >&2
    exit 1
fi
if ! ls "$DATA"/lawdesk.backups/*.lawdesk-backup >/dev/null 2>&1; then
    echo "smoke test FAILED: no automatic backup was written at close" >&2
    exit 1
fi
echo "smoke test passed: the built app ran its commands, opened its window and exited with code 0"

level=$(bash "$ROOT/packaging/glibc-level.sh" "$DIST/lawdesk")
echo "the bundle needs glibc >= $level (built on $(ldd --version | head -1)); total $(( $(date +%s) - started )) s"
