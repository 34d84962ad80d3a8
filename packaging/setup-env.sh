#!/bin/sh
# Set up everything LawDesk needs on a fresh Debian/Ubuntu machine with Python 3.11:
# the system libraries Qt needs, CJK fonts, and a virtual environment (.venv) with the pinned packages.
# Sourced by run-app.sh and run-tests.sh; safe to run again (it only does what is missing).
set -eu
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
DEBS="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 \
libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxrender1 \
fonts-noto-cjk poppler-utils"

need=""
if command -v dpkg >/dev/null 2>&1; then
    for pkg in $DEBS; do
        dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
    done
    "$PY" -c "import ensurepip, venv" >/dev/null 2>&1 || need="$need python3-venv"
fi
if [ -n "$need" ]; then
    echo "安装系统组件:$need"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    echo "创建虚拟环境 .venv"
    "$PY" -m venv .venv
fi
stamp=.venv/.lawdesk-installed
want=$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "安装 Python 依赖（首次需要几分钟）"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    echo "$want" > "$stamp"
fi
