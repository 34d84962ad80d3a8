#!/usr/bin/env bash
# Build the one-folder LawDesk app on Linux, then start the built app headless and check it exits cleanly.
#   packaging/build-linux.sh            -> packaging/dist/lawdesk/lawdesk
# Uses (or creates) .venv in the project root; PYTHON picks the interpreter for a new venv (default python3).
set -euo pipefail

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
echo "built: $APP ($(du -sh "$DIST/lawdesk" | cut -f1))"

# Smoke test: a fresh data folder, demo data written by the built CLI, then the window opened offscreen;
# LAWDESK_SMOKE_TEST=1 makes the app quit 1.5 s after its window is shown.
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
export QT_QPA_PLATFORM=offscreen LAWDESK_DATA_DIR="$DATA"
"$APP" demo
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
echo "smoke test passed: the built app opened its window and exited with code 0"
