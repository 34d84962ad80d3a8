#!/bin/sh
# Set up (first time only) and open LawDesk on the per-user database; extra arguments go to main.py.
set -eu
cd "$(dirname "$0")/.."
. packaging/setup-env.sh
exec .venv/bin/python main.py "$@"
