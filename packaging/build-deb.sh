#!/usr/bin/env bash
# Turn the PyInstaller one-folder build into a Debian package for UOS, Kylin, Debian and Ubuntu (amd64):
#   packaging/build-deb.sh [--require-glibc X.Y]   -> packaging/dist/lawdesk_<version>_amd64.deb
#
#   /opt/lawdesk/                    the bundle (lawdesk + _internal/), kept together as built
#   /usr/bin/lawdesk                 launcher script
#   /usr/share/applications/lawdesk.desktop, /usr/share/icons/hicolor/{256x256,scalable}/apps/lawdesk.*
#   /usr/share/mime/packages/lawdesk.xml   .lawdesk-backup / .lawdesk-pkg open with LawDesk
#
# Depends: libc6 (>= the highest GLIBC_x.y any file in the bundle needs) and the Qt system libraries of
# packaging/qt-system-libs.txt (the list setup-env.sh installs for the tests). Nothing is written into
# users' homes and there are no maintainer scripts: dpkg's triggers refresh the menu, icon and MIME caches.
#
# The glibc of the build machine decides where the package installs: build on the oldest target (see
# README.md). The script prints that level and says "UOS/Kylin-ready" only when it is at most 2.28
# (Kylin V10); --require-glibc 2.28 makes a higher level an error instead of a warning.
# Builds the bundle first (build-linux.sh) when packaging/dist/lawdesk is missing or REBUILD=1.
set -euo pipefail

KYLIN_V10_GLIBC=2.28
UOS_V20_GLIBC=2.31
require=""
while [ $# -gt 0 ]; do
    case "$1" in
        --require-glibc) require=${2:?--require-glibc needs a version such as 2.28}; shift 2 ;;
        *) echo "usage: $0 [--require-glibc X.Y]" >&2; exit 2 ;;
    esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$ROOT/packaging/dist"
BUNDLE="$DIST/lawdesk"
STAGE="$ROOT/packaging/build/deb"
started=$(date +%s)

for tool in dpkg-deb objdump; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: apt-get install dpkg-dev binutils" >&2; exit 2; }
done
if [ ! -x "$BUNDLE/lawdesk" ] || [ "${REBUILD:-0}" = 1 ]; then
    bash "$ROOT/packaging/build-linux.sh"
fi

# Version: what the bundle says it is (its build file), checked against pyproject.toml.
info="$BUNDLE/_internal/lawdesk-build.json"
[ -f "$info" ] || { echo "$info is missing: rebuild with packaging/build-linux.sh" >&2; exit 1; }
field() { sed -n "s/^ *\"$1\": *\"\\(.*\\)\",\\{0,1\\}\$/\\1/p" "$info" | head -1; }
version=$(field version)
build_date=$(field build_date)
source_version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)
if [ "$version" != "$source_version" ]; then
    echo "the bundle is $version but pyproject.toml says $source_version: rebuild (REBUILD=1 $0)" >&2
    exit 1
fi
# PEP 440 pre-releases sort before the release in Debian only with a tilde: 0.2.0rc1 -> 0.2.0~rc1.
deb_version=$(echo "$version" | sed -E 's/^([0-9.]+)(a|b|rc|\.dev)([0-9]+)$/\1~\2\3/')
arch=$(dpkg --print-architecture)
[ "$arch" = amd64 ] || echo "warning: building on $arch; the targets are amd64" >&2

# --- glibc level ------------------------------------------------------------------------------------
level=$(bash "$ROOT/packaging/glibc-level.sh" -v "$BUNDLE" 2>"$STAGE.glibc.txt" || true)
[ -n "$level" ] || { cat "$STAGE.glibc.txt" >&2; exit 1; }
older() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$1" ]; }  # $1 <= $2

# --- stage the package tree -------------------------------------------------------------------------
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -a "$BUNDLE" "$STAGE/opt-lawdesk"
mkdir -p "$STAGE/opt" && mv "$STAGE/opt-lawdesk" "$STAGE/opt/lawdesk"
install -Dm755 /dev/stdin "$STAGE/usr/bin/lawdesk" <<'EOF'
#!/bin/sh
# LawDesk (法治台账) launcher: the program is the PyInstaller folder /opt/lawdesk, which must stay whole.
exec /opt/lawdesk/lawdesk "$@"
EOF
install -Dm644 packaging/lawdesk.desktop "$STAGE/usr/share/applications/lawdesk.desktop"
install -Dm644 resources/lawdesk.png "$STAGE/usr/share/icons/hicolor/256x256/apps/lawdesk.png"
install -Dm644 resources/lawdesk.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/lawdesk.svg"
install -Dm644 packaging/lawdesk-mime.xml "$STAGE/usr/share/mime/packages/lawdesk.xml"
install -Dm644 /dev/stdin "$STAGE/usr/share/doc/lawdesk/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: LawDesk (法治台账)
Comment: LawDesk $version, built $build_date. /opt/lawdesk is a PyInstaller bundle: it carries Python
 (PSF License), Qt 6 and PySide6 (LGPL-3.0), SQLite (public domain), OpenCC (Apache-2.0), qpdf via
 pikepdf (Apache-2.0, MPL-2.0), fontTools (MIT), python-docx and openpyxl (MIT), pypinyin (MIT),
 and the shared libraries they link to, each under its own licence.
EOF
# Only dpkg decides what the files are: plain permissions, no setuid, nothing group- or world-writable.
find "$STAGE" -type d -exec chmod 755 {} +
find "$STAGE" -type f -perm /111 -exec chmod 755 {} +
find "$STAGE" -type f ! -perm /111 -exec chmod 644 {} +

if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$STAGE/usr/share/applications/lawdesk.desktop"
fi

# --- dependencies -----------------------------------------------------------------------------------
qt_libs=$(grep -v '^#' packaging/qt-system-libs.txt | grep -v '^ *$' | paste -sd, - | sed 's/,/, /g')
depends="libc6 (>= $level), $qt_libs"

# Check the list against what the bundle really loads from the system: every shared library a file in the
# bundle needs and the bundle does not carry must come from a declared package or one it depends on.
# Wayland and GTK are only for the optional wayland platform and gtk3 theme plugins (X11 is the default).
# (objdump refuses the non-ELF files and xargs then exits non-zero: that is expected, hence `|| true`.)
needed=$({ find "$BUNDLE" -type f -print0 | xargs -0 objdump -p 2>/dev/null || true; } | awk '/NEEDED/ {print $2}' | sort -u)
carried=$(find "$BUNDLE" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' | sort -u)
from_system=$(comm -23 <(echo "$needed") <(echo "$carried"))
closure=""
if command -v apt-cache >/dev/null 2>&1; then
    # shellcheck disable=SC2046
    closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances libc6 $(grep -v '^#' packaging/qt-system-libs.txt) 2>/dev/null |
        grep -v '^ ' | sed 's/:amd64$//' | sort -u)
fi
unmet=""
for soname in $from_system; do
    case "$soname" in libwayland-*|libgtk-3.so.*|libgdk-3.so.*) continue ;; esac
    owner=$(dpkg -S "*/$soname" 2>/dev/null | head -1 | cut -d: -f1 || true)
    if [ -z "$owner" ]; then
        unmet="$unmet $soname(not installed here)"
    elif [ -n "$closure" ] && ! grep -qx "$owner" <<<"$closure"; then
        unmet="$unmet $soname($owner)"
    fi
done
if [ -n "$unmet" ]; then
    echo "the bundle loads libraries no declared dependency provides:$unmet" >&2
    echo "add their packages to packaging/qt-system-libs.txt" >&2
    exit 1
fi

mkdir -p "$STAGE/DEBIAN"
installed_kb=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat >"$STAGE/DEBIAN/control" <<EOF
Package: lawdesk
Version: $deb_version
Architecture: $arch
Maintainer: LawDesk <lawdesk@localhost>
Installed-Size: $installed_kb
Depends: $depends
Recommends: fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei
Section: misc
Priority: optional
Description: LawDesk 法治台账：学法记录、整改事项、法治政府建设年度报告
 A desktop app for the clerk of a government bureau: law-study sessions,
 rectification items and the annual rule-of-law report, kept in one local
 SQLite file, with checks, print and Word/Excel/PDF export.
 .
 Built $build_date; needs glibc $level or newer.
EOF
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    >"$STAGE/DEBIAN/md5sums"

# No file may land in a home directory (the app makes its data folder per user, at first start).
if find "$STAGE" -path "$STAGE/home" -o -path "$STAGE/root" | grep -q .; then
    echo "the package would install files into a home directory" >&2
    exit 1
fi

deb="$DIST/lawdesk_${deb_version}_${arch}.deb"
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$deb" >/dev/null

echo "built: $deb ($(du -h "$deb" | cut -f1); installs $((installed_kb / 1024)) MB; $(( $(date +%s) - started )) s)"
echo "Depends: $depends"
echo "needs glibc >= $level (this machine: $(ldd --version | head -1 | awk '{print $NF}')); files needing GLIBC_$level:"
sed 1d "$STAGE.glibc.txt"
rm -f "$STAGE.glibc.txt"
if older "$level" "$KYLIN_V10_GLIBC"; then
    echo "UOS/Kylin-ready: installs on glibc $KYLIN_V10_GLIBC and newer (Kylin V10 $KYLIN_V10_GLIBC, UOS V20 $UOS_V20_GLIBC)."
else
    if older "$level" "$UOS_V20_GLIBC"; then
        where="UOS V20 ($UOS_V20_GLIBC) can install it; Kylin V10 ($KYLIN_V10_GLIBC) cannot"
    else
        where="neither UOS V20 ($UOS_V20_GLIBC) nor Kylin V10 ($KYLIN_V10_GLIBC) can install it"
    fi
    echo "NOT UOS/Kylin-ready: the bundle needs glibc $level > $KYLIN_V10_GLIBC; $where." >&2
    echo "Build on the oldest target system (packaging/README.md, 在最老的目标系统上构建)." >&2
fi
if [ -n "$require" ] && ! older "$level" "$require"; then
    echo "refusing: --require-glibc $require, but the bundle needs glibc $level" >&2
    rm -f "$deb"
    exit 1
fi
