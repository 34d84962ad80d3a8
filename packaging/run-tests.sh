#!/bin/sh
# Set up (first time only) and run the whole test suite headless (Qt offscreen).
set -eu
cd "$(dirname "$0")/.."
. packaging/setup-env.sh
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest -n 2 -q -p no:cacheprovider "$@"
