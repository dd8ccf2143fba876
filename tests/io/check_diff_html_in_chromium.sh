#!/usr/bin/env bash
# Opens the page `irscope-cli diff --html` writes in headless Chromium: SelfAttention against
# CrossAttention (a real mix of changed, added and removed nodes), B's model name turned into
# markup. Checks that the script finished without an error, that the Changes view has a row per
# change the text report counts, that All nodes shows every node, that the name stayed text, and
# takes a screenshot.
#
# usage: check_diff_html_in_chromium.sh IRSCOPE_CLI TEST_DATA_DIR [SCREENSHOT_COPY]
# Exits 77 (skipped) when chromium is not installed.
set -euo pipefail

cli=$1 data=$2 keep=${3:-}
if ! command -v chromium >/dev/null; then
  echo "chromium is not installed (bootstrap.sh installs it): skipped"
  exit 77
fi
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
pass() { echo "ok: $*"; }
scratch=$(mktemp -d /tmp/irscope-diff-html.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

sed 's|"model_name": "CrossAttention"|"model_name": "<img src=x onerror=alert(1)>Cross"|' \
  "$data/torch_ir/CrossAttention.json" >"$scratch/b.json"
status=0
"$cli" diff "$data/torch_ir/SelfAttention.json" "$scratch/b.json" --html "$scratch/out" \
  >"$scratch/text.txt" || status=$?
[[ $status -eq 1 ]] && pass "exit 1 (changes)" || fail "exit $status, expected 1"
# "Nodes:   S same, C changed, A added, R removed"
read -r same changes < <(awk '/^Nodes:/ {print $2, $4 + $6 + $8}' "$scratch/text.txt")
[[ $changes -gt 0 ]] && pass "the text report counts $changes changes" || fail "no changes counted"

browse() {
  local profile
  profile=$(mktemp -d "$scratch/profile.XXXXXX")
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --user-data-dir="$profile" "$@" 2>"$scratch/chromium.log" ||
    { echo "chromium failed:" >&2; tail -20 "$scratch/chromium.log" >&2; return 1; }
}
count() { { grep -o -- "$1" "$2" || true; } | wc -l; }
page=$scratch/out/diff.html
browse --dump-dom "file://$page" >"$scratch/dom.html"
grep -q '<body[^>]*data-ready="1"' "$scratch/dom.html" && pass "data-ready" || fail "not ready"
grep -q '<div id="js-errors" hidden=""></div>' "$scratch/dom.html" && pass "no script errors" ||
  fail "script errors: $(grep -o '<div id="js-errors"[^<]*' "$scratch/dom.html")"
rows=$(count '<tr class="diff-row' "$scratch/dom.html")
[[ $rows -eq $changes ]] && pass "Changes view rows: $rows" || fail "rows $rows, expected $changes"
[[ $(count '<img' "$scratch/dom.html") -eq 0 ]] && pass "the model name stayed text" ||
  fail "the model name became markup"
grep -q '&lt;img src=x' "$scratch/dom.html" && pass "the model name is shown" ||
  fail "the model name is not shown"

# All nodes: a script clicks the chip, then the DOM has a row per entry (same ones included).
sed 's|</body>|<script>document.querySelector(".diff-chip[data-filter=all]").click();document.body.dataset.done="1";</script></body>|' \
  "$page" >"$scratch/all.html"
browse --dump-dom "file://$scratch/all.html" >"$scratch/all.out"
all_rows=$(count '<tr class="diff-row' "$scratch/all.out")
[[ $all_rows -eq $((same + changes)) ]] && pass "All nodes rows: $all_rows" ||
  fail "All nodes rows $all_rows, expected $((same + changes))"

browse --window-size=1200,900 --screenshot="$scratch/shot.png" "file://$page#theme=light" >/dev/null
if [[ "$(head -c 8 "$scratch/shot.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]]; then
  pass "screenshot is a PNG"
  [[ -n $keep ]] && cp "$scratch/shot.png" "$keep"
else
  fail "no screenshot"
fi
[[ $failures -eq 0 ]]
