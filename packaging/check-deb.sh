#!/usr/bin/env bash
# Install the .deb for real, use it, remove it, and check the system is as it was. Changes the system,
# so it is not part of the test suite: run it as root on a build or test machine (or in a chroot).
#   sudo packaging/check-deb.sh [packaging/dist/lawdesk_<version>_amd64.deb]
#
# 1. The package lists no file in a home directory and every file is owned by root.
# 2. dpkg -i installs it (all its Depends are met).
# 3. /usr/bin/lawdesk --version prints the version and the build date; the launcher, menu entry, icons
#    and MIME types are where the desktop looks for them.
# 4. Smoke start: demo data written by the installed CLI, then the window opened offscreen, quitting
#    after 1.5 s with code 0 and an automatic backup; HOME and the data folder are temporary, so the
#    program's own per-user files never touch a real home.
# 5. dpkg -r removes it: none of its files is left, and no file appeared anywhere in /opt, /usr, /etc,
#    /var/lib/dpkg, /home or /root that was not there before.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb=${1:-$(ls -t "$ROOT"/packaging/dist/lawdesk_*_amd64.deb 2>/dev/null | head -1)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "no .deb: run packaging/build-deb.sh first" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root: dpkg -i needs it" >&2; exit 2; }
if dpkg -s lawdesk >/dev/null 2>&1; then
    echo "lawdesk is installed already: dpkg -r lawdesk first, so the check starts from a clean system" >&2
    exit 2
fi
deb=$(readlink -f "$deb")
WORK=$(mktemp -d)
installed=0
cleanup() {
    # A failed check must not leave the package installed: the next run starts from a clean system.
    if [ "$installed" = 1 ]; then dpkg -r lawdesk >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "check-deb FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

# Caches that dpkg's triggers (desktop-file-utils, shared-mime-info, hicolor-icon-theme) rebuild: they may
# appear on the first package that ships such files, which is their job, not a leftover of ours.
TRIGGER_CACHES='^/usr/share/(applications/mimeinfo\.cache|icons/hicolor/icon-theme\.cache|mime/.*)$'
snapshot() {
    # /root/.cache is left out: on a shared build machine other root processes (pip, npm) write there,
    # and the app runs below use a temporary HOME anyway.
    find /opt /usr /etc /var/lib/dpkg /home /root -xdev \
        \( -path /root/.cache -o -path /var/lib/dpkg/lock\* -o -path /var/lib/dpkg/triggers \) -prune -o -print \
        2>/dev/null | sort
}

step "1. contents of $(basename "$deb")"
dpkg-deb -c "$deb" >"$WORK/contents.txt"
if awk '{print $6}' "$WORK/contents.txt" | grep -E '^\./(home|root)(/|$)'; then
    fail "the package installs files into a home directory"
fi
if awk '$2 != "root/root"' "$WORK/contents.txt" | grep .; then
    fail "files not owned by root/root"
fi
version=$(dpkg-deb -f "$deb" Version)
echo "lawdesk $version: $(wc -l <"$WORK/contents.txt") entries; Depends: $(dpkg-deb -f "$deb" Depends)"

step "2. dpkg -i"
snapshot >"$WORK/before.txt"
installed=1
if ! dpkg -i "$deb" >"$WORK/dpkg-i.log" 2>&1; then
    cat "$WORK/dpkg-i.log" >&2
    fail "dpkg -i failed (missing dependencies? apt-get install them, or install with apt-get install ./file.deb)"
fi
snapshot >"$WORK/installed.txt"
dpkg -L lawdesk | sort >"$WORK/owned.txt"
# Everything that appeared belongs to the package (or is a trigger cache): nothing lands in a home.
# (dpkg's own records of the package, /var/lib/dpkg/info/lawdesk.*, are expected; they go at dpkg -r.)
comm -13 "$WORK/before.txt" "$WORK/installed.txt" | comm -23 - "$WORK/owned.txt" | grep -Ev "$TRIGGER_CACHES" |
    grep -Ev '^/var/lib/dpkg/(info/lawdesk\.[a-z0-9]+|updates/.*)$' >"$WORK/stray-install.txt" || true
[ ! -s "$WORK/stray-install.txt" ] || { cat "$WORK/stray-install.txt" >&2; fail "dpkg -i created files the package does not own"; }

step "3. installed files and --version"
for path in /usr/bin/lawdesk /opt/lawdesk/lawdesk /usr/share/applications/lawdesk.desktop \
            /usr/share/icons/hicolor/256x256/apps/lawdesk.png /usr/share/icons/hicolor/scalable/apps/lawdesk.svg \
            /usr/share/mime/packages/lawdesk.xml; do
    [ -e "$path" ] || fail "$path is missing"
done
[ -x /usr/bin/lawdesk ] || fail "/usr/bin/lawdesk is not executable"
if [ -f /usr/share/mime/application/x-lawdesk-backup.xml ]; then
    echo "MIME database knows application/x-lawdesk-backup"
fi
export HOME="$WORK/home" XDG_RUNTIME_DIR="$WORK/run" QT_QPA_PLATFORM=offscreen LAWDESK_DATA_DIR="$WORK/data"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset LAWDESK_NO_AUTO_BACKUP
(cd / && /usr/bin/lawdesk --version) >"$WORK/version.txt" || fail "lawdesk --version exited with code $?"
cat "$WORK/version.txt"
upstream=${version//\~/}
[ "$(head -1 "$WORK/version.txt")" = "LawDesk 法治台账 $upstream" ] || fail "--version does not name $upstream"
grep -q '^构建日期：[0-9]' "$WORK/version.txt" || fail "--version has no build date"
grep -q '^程序位置：/opt/lawdesk$' "$WORK/version.txt" || fail "--version does not run from /opt/lawdesk"
[ ! -e "$LAWDESK_DATA_DIR" ] || fail "--version created the data folder"

step "4. smoke start (offscreen)"
(cd / && /usr/bin/lawdesk demo) || fail "lawdesk demo exited with code $?"
set +e
(cd / && LAWDESK_SMOKE_TEST=1 LAWDESK_REPORT_STARTUP=1 timeout 60 /usr/bin/lawdesk) >"$WORK/smoke.txt" 2>&1
code=$?
set -e
cat "$WORK/smoke.txt"
[ "$code" = 0 ] || fail "the installed app exited with code $code"
grep -q LAWDESK_WINDOW_SHOWN "$WORK/smoke.txt" || fail "the window was not shown"
ls "$LAWDESK_DATA_DIR"/lawdesk.backups/*.lawdesk-backup >/dev/null 2>&1 || fail "no automatic backup at close"

step "5. dpkg -r"
dpkg -r lawdesk >"$WORK/dpkg-r.log" 2>&1 || { cat "$WORK/dpkg-r.log" >&2; fail "dpkg -r failed"; }
installed=0
if dpkg-query -W -f='${Status}' lawdesk 2>/dev/null | grep -q 'ok installed'; then
    fail "lawdesk is still installed"
fi
left=""
while IFS= read -r path; do
    # Directories shared with other packages (/usr/bin, /usr/share/icons/…) stay, as they should.
    if [ -e "$path" ] && [ ! -d "$path" ]; then left="$left $path"; fi
done <"$WORK/owned.txt"
[ -z "$left" ] || fail "files left after dpkg -r:$left"
[ ! -e /opt/lawdesk ] || fail "/opt/lawdesk is left after dpkg -r"
snapshot >"$WORK/after.txt"
comm -13 "$WORK/before.txt" "$WORK/after.txt" | grep -Ev "$TRIGGER_CACHES" >"$WORK/stray.txt" || true
[ ! -s "$WORK/stray.txt" ] || { cat "$WORK/stray.txt" >&2; fail "files appeared that are still there after dpkg -r"; }
echo "check-deb passed: lawdesk $version installed, ran (--version, demo, window) and was removed without a trace"
