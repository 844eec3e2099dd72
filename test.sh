#!/usr/bin/env bash
# Runs the whole test suite in the virtual environment that ./setup.sh made.
# Arguments go to pytest, e.g. ./test.sh -x tests/test_yaml.py
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  echo "test.sh: no .venv/ here; run ./setup.sh first" >&2
  exit 2
fi
# Tests start nanokit and mkdocs as commands: find the ones in .venv first.
export PATH="$PWD/.venv/bin:$PATH"
exec .venv/bin/python -m pytest "$@"
