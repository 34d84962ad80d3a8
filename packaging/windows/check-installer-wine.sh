#!/usr/bin/env bash
# Compile lawdesk.iss with the real Inno Setup compiler under Wine, then install, inspect and uninstall the
# result in a throw-away Wine prefix: per-user folder, start-menu entry, file associations in HKCU (none
# in HKLM), and the data folder kept by the uninstaller. A Linux machine cannot build the Windows
# PyInstaller folder, so without WIN_BUNDLE the payload is a stand-in (a 64-bit .exe that Wine ships):
# this checks the installer, not the app.
#   packaging/windows/check-installer-wine.sh
# Needs: wine with 32-bit support (ISCC.exe is a 32-bit program) and 64-bit support (the installer runs in
# 64-bit mode); on Debian: dpkg --add-architecture i386 && apt-get install wine wine32 wine64.
# ISCC_DIR: a folder holding ISCC.exe (default: the npm package innosetup@6.4.1, fetched with npm pack).
# WIN_BUNDLE: a Windows build of packaging/dist/lawdesk to install instead of the stand-in.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"' EXIT
fail() { echo "check-installer FAILED: $*" >&2; exit 1; }
export WINEPREFIX="$WORK/prefix" WINEDEBUG=-all WINEARCH=win64

command -v wine >/dev/null 2>&1 || fail "wine is not installed"
if [ -z "${ISCC_DIR:-}" ]; then
    command -v npm >/dev/null 2>&1 || fail "set ISCC_DIR or install npm"
    (cd "$WORK" && npm pack --silent innosetup@6.4.1 >/dev/null && tar xzf innosetup-6.4.1.tgz)
    ISCC_DIR="$WORK/package/bin"
fi
[ -f "$ISCC_DIR/ISCC.exe" ] || fail "no ISCC.exe in $ISCC_DIR"
version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -1)

# A fresh prefix says Windows 7 on some Wine builds; the installer requires Windows 10 (MinVersion=10.0).
wine wineboot --init >/dev/null 2>&1 || true
wine winecfg /v win10 >/dev/null 2>&1 || fail "cannot make the Wine prefix Windows 10"

# The payload: a real Windows build, or a stand-in with the same names.
payload="$WORK/payload/lawdesk"
if [ -n "${WIN_BUNDLE:-}" ]; then
    mkdir -p "$WORK/payload" && cp -r "$WIN_BUNDLE" "$payload"
else
    mkdir -p "$payload/_internal"
    stand_in=$(find "$WINEPREFIX/drive_c/windows/system32" -maxdepth 1 -iname notepad.exe | head -1)
    [ -n "$stand_in" ] || fail "no 64-bit notepad.exe in the Wine prefix to stand in for lawdesk.exe"
    cp "$stand_in" "$payload/lawdesk.exe"
    printf '{"version": "%s"}\n' "$version" >"$payload/_internal/lawdesk-build.json"
fi

echo "== compile LawDesk $version with $ISCC_DIR/ISCC.exe"
out="$WORK/out"
mkdir -p "$out"
wine "$ISCC_DIR/ISCC.exe" /Q "/DAppVersion=$version" "/DSourceDir=$(winepath -w "$payload")" \
    "/DOutputDir=$(winepath -w "$out")" "$(winepath -w "$HERE/lawdesk.iss")" || fail "ISCC failed"
setup="$out/LawDesk-$version-setup.exe"
[ -f "$setup" ] || fail "no $setup"
echo "built $(basename "$setup") ($(du -h "$setup" | cut -f1))"

echo "== install for the current user, silently"
wine "$setup" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CURRENTUSER "/LOG=$(winepath -w "$WORK/install.log")" ||
    fail "setup exited with code $?"
wineserver -w
user_dir=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -1)
app="$user_dir/AppData/Local/Programs/LawDesk"
[ -f "$app/lawdesk.exe" ] || fail "lawdesk.exe is not in the per-user folder (AppData\\Local\\Programs\\LawDesk)"
[ -f "$app/_internal/lawdesk-build.json" ] || fail "_internal was not installed"
find "$user_dir" -iname 'LawDesk 法治台账.lnk' | grep -q 'Start Menu' || fail "no start-menu entry"
reg() {  # the default value of a key, empty when the key or the value is missing
    wine reg query "$1" /ve 2>/dev/null | tr -d '\r' |
        awk -F'REG_SZ' 'NF > 1 {sub(/^[ \t]+/, "", $2); if ($2 != "(value not set)") print $2}'
}
[ "$(reg 'HKCU\Software\Classes\.lawdesk-backup')" = LawDesk.Backup ] || fail ".lawdesk-backup is not associated"
[ "$(reg 'HKCU\Software\Classes\.lawdesk-pkg')" = LawDesk.Package ] || fail ".lawdesk-pkg is not associated"
command=$(reg 'HKCU\Software\Classes\LawDesk.Backup\shell\open\command')
case "$command" in *'\LawDesk\lawdesk.exe" "%1"') ;; *) fail "open command is $command" ;; esac
if wine reg query 'HKLM\Software\Classes\.lawdesk-backup' >/dev/null 2>&1; then
    fail "a per-user install wrote to HKLM"
fi
echo "installed to AppData\\Local\\Programs\\LawDesk; open command: $command"

echo "== uninstall keeps the data"
data="$user_dir/AppData/Roaming/LawDesk"
mkdir -p "$data/lawdesk.backups"
echo "clerk's data" >"$data/lawdesk.db"
wine "$app/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART || fail "uninstaller exited with code $?"
wineserver -w
sleep 2  # the uninstaller finishes from a copy of itself in the temp folder
[ ! -e "$app/lawdesk.exe" ] || fail "lawdesk.exe is still there after uninstall"
[ ! -e "$app" ] || fail "the program folder is still there after uninstall"
for key in .lawdesk-backup .lawdesk-pkg LawDesk.Backup LawDesk.Package Applications\\lawdesk.exe; do
    if wine reg query "HKCU\\Software\\Classes\\$key" >/dev/null 2>&1; then fail "HKCU\\Software\\Classes\\$key is still there"; fi
done
[ "$(cat "$data/lawdesk.db")" = "clerk's data" ] || fail "the uninstaller touched the data folder"
echo "check-installer passed: compiled, installed per user, associated .lawdesk-backup/.lawdesk-pkg, uninstalled, data kept"
