#!/usr/bin/env bash
# Creates (or refreshes) the gitignored venv REPO/.moto-venv for the AWS test world and installs
# tests/aws-world/requirements.txt into it. Idempotent: when the venv already holds exactly these
# requirements (a hash stored in the venv) it does nothing and returns at once.
#
#   bash tests/aws-world/setup.sh            # PYTHON=python3.11 to choose the interpreter
#
# Needs python3 (3.11) and pip; works where python3-venv/ensurepip is missing (Debian without
# python3-venv) by creating the venv without pip and installing into it with the system pip.
# Prints one line on stderr saying what it did.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/.moto-venv"
req="$here/requirements.txt"
python="${PYTHON:-python3}"
stamp="$venv/.gpuplan-requirements.sha256"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "aws-world setup: $python not found" >&2
  exit 1
fi

# The stamp covers the requirements and the interpreter that made the venv.
want="$( { cat "$req"; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
   && "$venv/bin/python" -c 'import moto, flask, flask_cors' >/dev/null 2>&1; then
  echo "aws-world setup: $venv is up to date (nothing to do)" >&2
  exit 0
fi

started=$SECONDS
action="created"
[[ -d "$venv" ]] && action="refreshed"
rm -f "$stamp"
pip_opts=(--disable-pip-version-check --no-input -q)
if "$python" -m venv "$venv" >/dev/null 2>&1 && [[ -x "$venv/bin/pip" ]]; then
  "$venv/bin/python" -m pip install "${pip_opts[@]}" -r "$req"
else
  # No ensurepip (Debian without python3-venv): a venv without pip, filled by the system pip.
  rm -rf "$venv"
  "$python" -m venv --without-pip "$venv"
  "$python" -m pip --python "$venv/bin/python" install "${pip_opts[@]}" -r "$req"
fi
"$venv/bin/python" -c 'import moto, flask, flask_cors; assert moto.__version__ == "5.2.5", moto.__version__'
echo "$want" > "$stamp"
echo "aws-world setup: $action $venv with $(grep -c '^[A-Za-z].*==' "$req") pinned packages in $((SECONDS - started))s" >&2
