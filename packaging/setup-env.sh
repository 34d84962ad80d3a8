#!/bin/sh
# Set up everything LawDesk needs on a fresh Debian/Ubuntu machine with Python 3.11:
# the system libraries Qt needs, CJK fonts, and a virtual environment (.venv) with the pinned packages.
# Sourced by run-app.sh and run-tests.sh; safe to run again (it only does what is missing).
set -eu
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
# Qt's system libraries come from the list the .deb also declares (packaging/qt-system-libs.txt).
DEBS="$(grep -v '^#' packaging/qt-system-libs.txt | tr '\n' ' ') fonts-noto-cjk poppler-utils locales"

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

# The clerk's own locale: the suite also runs under zh_CN.UTF-8 (dates, sorting and fonts follow the locale).
if command -v locale-gen >/dev/null 2>&1 && ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "生成中文区域设置 zh_CN.UTF-8"
    $SUDO sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
    $SUDO locale-gen >/dev/null
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
