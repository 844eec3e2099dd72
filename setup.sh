#!/usr/bin/env bash
# Sets up nanokit in a project-local virtual environment (.venv/) and builds the sample program's
# portal into site/. Safe to run again.
#
#   ./setup.sh                 install the exact versions of constraints.txt (what CI tests)
#   ./setup.sh --latest        install the newest versions pyproject.toml allows (drift check)
#   ./setup.sh --update-lock   --latest, then write those versions to constraints.txt
#
# A virtual environment works whether the system Python is externally managed (PEP 668, Debian 12,
# Ubuntu 24.04) or comes from pyenv, Homebrew or python.org. Set PYTHON to choose the interpreter.
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:-locked}"
case "$mode" in
  locked | --latest | --update-lock) ;;
  *) echo "usage: ./setup.sh [--latest | --update-lock]" >&2; exit 2 ;;
esac
PYTHON="${PYTHON:-python3}"

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  # WeasyPrint needs Pango; libharfbuzz-subset0 makes font subsetting fast and byte-reproducible;
  # poppler-utils and chromium let the tests read PDFs and drive the portal like a user;
  # python3-venv gives Debian's own Python its venv module.
  packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2
    poppler-utils chromium"
  if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then packages="$packages python3-venv"; fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086  # the list is meant to split into words
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $packages \
    >/dev/null
else
  echo "setup.sh: no apt-get here; install Pango, poppler-utils and Chromium with your package" \
       "manager (WeasyPrint needs Pango; the browser tests need Chromium)." >&2
fi

if [ ! -x .venv/bin/python ]; then "$PYTHON" -m venv .venv; fi
pip=(.venv/bin/python -m pip --disable-pip-version-check --quiet)
if [ "$mode" = locked ]; then
  "${pip[@]}" install -c constraints.txt -e ".[test]"
else
  "${pip[@]}" install --upgrade --upgrade-strategy eager -e ".[test]"
fi
if [ "$mode" = --update-lock ]; then
  # Resolve for the oldest Python the lock must serve (Debian 12 ships 3.11.2), not for whatever
  # Python this machine has: a release that needs a newer patch level (pymdown-extensions 13
  # needs 3.11.5) would otherwise make ./setup.sh fail on a fresh Debian 12.
  report="$(mktemp)"; target="$(mktemp -d)"
  .venv/bin/python -c 'import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["test"]))' \
    > "$target/requirements.txt"
  "${pip[@]}" install --dry-run --ignore-installed --only-binary=:all: --python-version 3.11.2 \
    --target "$target/site" --report "$report" -r "$target/requirements.txt"
  {
    echo "# Exact versions the test suite passes with; ./setup.sh installs these."
    echo "# Regenerate with ./setup.sh --update-lock (newest versions pyproject.toml allows on"
    echo "# Python 3.11.2, the oldest this lock serves)."
    .venv/bin/python -c 'import json, sys
report = json.load(open(sys.argv[1]))
for name, version in sorted((i["metadata"]["name"], i["metadata"]["version"])
                            for i in report["install"]):
    print(f"{name}=={version}")' "$report" | LC_ALL=C sort -f
  } > constraints.txt
  rm -rf "$report" "$target"
  "${pip[@]}" install -c constraints.txt -e ".[test]"
  echo "constraints.txt updated; run ./test.sh before committing it."
fi
.venv/bin/nanokit build --audience all
