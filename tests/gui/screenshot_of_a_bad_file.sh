#!/bin/bash
# `irscope FILE --screenshot PNG` is how scripts and the README take pictures of the app. When
# FILE cannot be opened, it must say why in one line and exit 1, never wait for a window that
# will not come, and leave no PNG behind. Usage: screenshot_of_a_bad_file.sh IRSCOPE
set -u
irscope=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf '{"model_name": "cut", "graph_inputs": [' > "$scratch/truncated.json"

QT_QPA_PLATFORM=offscreen IRSCOPE_NO_DISK_CACHE=1 XDG_CONFIG_HOME=$scratch/config \
  timeout 120 "$irscope" "$scratch/truncated.json" --screenshot "$scratch/shot.png" \
  >"$scratch/out" 2>"$scratch/err"
rc=$?
status=0
if [[ $rc -eq 124 ]]; then
  echo "FAIL: irscope still running after 120 s"; status=1
elif [[ $rc -ne 1 ]]; then
  echo "FAIL: exit $rc, expected 1"; status=1
fi
# The offscreen platform's own chatter is Qt's, not the app's.
errors=$(grep -v -e '^QStandardPaths' -e 'does not support propagateSizeHints' "$scratch/err")
if [[ $(printf '%s\n' "$errors" | grep -c .) -ne 1 ]] || ! grep -q 'truncated.json' <<<"$errors"; then
  echo "FAIL: expected one line naming truncated.json, got: $errors"; status=1
fi
if [[ -e $scratch/shot.png ]]; then
  echo "FAIL: a screenshot was written"; status=1
fi
[[ $status -eq 0 ]] && echo "ok: one line, exit 1, no PNG: $errors"
exit $status
