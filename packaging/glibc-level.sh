#!/usr/bin/env bash
# Print the highest GLIBC_x.y symbol version any ELF file under a folder needs, e.g. "2.28", and with -v
# the files that need it. The glibc of the build machine decides where a PyInstaller bundle starts:
# the bundle's own libraries and Qt's plugins all ask the system's libc for these versions.
#   packaging/glibc-level.sh [-v] packaging/dist/lawdesk
set -euo pipefail

verbose=0
if [ "${1:-}" = "-v" ]; then verbose=1; shift; fi
dir=${1:?usage: glibc-level.sh [-v] FOLDER}
if ! command -v objdump >/dev/null 2>&1; then
    echo "objdump is missing: apt-get install binutils" >&2
    exit 2
fi

table=$(mktemp)
trap 'rm -f "$table"' EXIT
# Every file goes to objdump in batches (non-ELF files are refused and skipped); only the versions of
# symbols a file imports (*UND*) count: a libc inside the bundle would define, not need, them.
find "$dir" -type f -print0 | xargs -0 objdump -T 2>/dev/null | awk '
    /:[ \t]+file format / { file = $1; sub(/:$/, "", file); next }
    /\*UND\*/ && match($0, /GLIBC_[0-9][0-9.]*/) { print substr($0, RSTART + 6, RLENGTH - 6) "\t" file }
' | sort -u >"$table" || true

if [ ! -s "$table" ]; then
    echo "no ELF file under $dir asks for a GLIBC symbol version" >&2
    exit 1
fi
level=$(cut -f1 "$table" | sort -V -u | tail -1)
echo "$level"
if [ "$verbose" = 1 ]; then
    echo "files that need GLIBC_$level:" >&2
    awk -F'\t' -v l="$level" '$1 == l {print "  " $2}' "$table" | sort -u | sed "s|$dir/||" >&2
fi
