#!/bin/bash
# The analysis report's scripts (resources/report/*.js) parse: node --check on each one, so a
# syntax error fails here with its file and line rather than only in a browser.
# Usage: check_report_js_syntax.sh REPORT_DIR. Skipped (77) without node (bootstrap.sh installs
# Debian's nodejs).
set -u
report_dir=$1
if ! command -v node >/dev/null; then
  echo "SKIP: node is not installed"
  exit 77
fi
shopt -s nullglob
scripts=("$report_dir"/*.js)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "FAIL: no .js files in $report_dir" >&2
  exit 1
fi
failures=0
for script in "${scripts[@]}"; do
  if node --check "$script"; then
    echo "ok: $script"
  else
    echo "FAIL: $script does not parse" >&2
    failures=$((failures + 1))
  fi
done
[ "$failures" -eq 0 ]
