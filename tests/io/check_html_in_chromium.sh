#!/usr/bin/env bash
# Opens analysis_report.html in headless Chromium and checks what its script built: the page says
# it is ready, no script error was reported, the tree has a row per occurrence path, the failed-ops
# table a row per failed op, the URL fragment selects, filters and themes, and nothing from the
# document became markup. Then it takes a screenshot and checks that it is a PNG.
#
# usage: check_html_in_chromium.sh REPORT_TOOL [SCREENSHOT_COPY]
#   REPORT_TOOL: analysis_report_html_tool (UNIQUE_MODULES.json OUT.html [SUMMARY.md]).
#   SCREENSHOT_COPY: where to keep the screenshot (light theme, failed module selected).
# Exits 77 (skipped) when chromium is not installed.
set -euo pipefail

tool=$1 keep=${2:-}
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

scratch=$(mktemp -d /tmp/irscope-html.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

# A hand-made model, TinyNet: nested blocks, copies (blocks.2 is a copy of blocks.0, and so are
# their children), a failed block with two failed ops (one error over 500 characters), a failed
# conv inside it, IR export failures, a skipped container, inherited successes, a module without a
# status, and a class name that would be markup if the page ever parsed data as HTML.
long_error="TT_FATAL: Statically allocated circular buffers on core range [(x=0,y=0) - (x=7,y=7)] grow to 1622016 B which is beyond max L1 size of 1499136 B. L1 Circular Buffer Overflow.$(printf ' backtrace frame %02d: tt::tt_metal::detail::ValidateCircularBufferRegion' $(seq 1 12))"
cat >"$scratch/unique_modules.json" <<JSON
{
  "metadata": {"load_fn_name": "load_model", "model_class": "TinyNet", "total_modules": 16,
               "unique_modules": 11, "timestamp": "2025-03-04T05:06:07.123456",
               "hostname": "ci-runner", "device_arch": "Wormhole B0", "device_mesh": "n150 (1x1)"},
  "modules": [
    {"id": "mod_000", "class_name": "TinyNet", "module_path": "full_model", "parent": null,
     "input_shapes": ["1x3x32x32"], "output_shapes": ["1x10"], "input_dtypes": ["float32"],
     "output_dtypes": ["float32"], "parameters": {}, "occurrences": ["full_model"],
     "status": "failed",
     "failed_ops": [{"op_name": "ttnn.conv2d", "error_message": "out of memory",
                     "inputs": ["1x16x32x32"], "outputs": ["1x16x32x32"], "op_params": {},
                     "node": "conv2d_3", "module": "blocks.1.conv"}],
     "op_by_op_report_path": null},
    {"id": "mod_001_stem", "class_name": "Conv2d", "module_path": "stem", "parent": "full_model",
     "input_shapes": ["1x3x32x32"], "output_shapes": ["1x16x32x32"], "input_dtypes": ["float32"],
     "output_dtypes": ["float32"],
     "parameters": {"in_channels": 3, "out_channels": 16, "kernel_size": [3, 3], "bias": true},
     "occurrences": ["stem"], "status": "success", "failed_ops": []},
    {"id": "mod_002_blocks", "class_name": "Sequential", "module_path": "blocks",
     "parent": "full_model", "input_shapes": ["1x16x32x32"], "output_shapes": ["1x16x32x32"],
     "input_dtypes": ["float32"], "output_dtypes": ["float32"], "parameters": {},
     "occurrences": ["blocks"], "status": "failed", "failed_ops": []},
    {"id": "mod_003_0", "class_name": "Block", "module_path": "blocks.0", "parent": "blocks",
     "input_shapes": ["1x16x32x32"], "output_shapes": ["1x16x32x32"], "input_dtypes": ["float32"],
     "output_dtypes": ["float32"], "parameters": {}, "occurrences": ["blocks.0", "blocks.2"],
     "status": "success", "failed_ops": []},
    {"id": "mod_004_conv", "class_name": "Conv2d", "module_path": "blocks.0.conv",
     "parent": "blocks.0", "input_shapes": ["1x16x32x32"], "output_shapes": ["1x16x32x32"],
     "input_dtypes": ["float32"], "output_dtypes": ["float32"],
     "parameters": {"in_channels": 16, "out_channels": 16, "kernel_size": [3, 3]},
     "occurrences": ["blocks.0.conv", "blocks.2.conv"], "status": "inherited_success"},
    {"id": "mod_005_act", "class_name": "ReLU", "module_path": "blocks.0.act", "parent": "blocks.0",
     "input_shapes": ["1x16x32x32"], "output_shapes": ["1x16x32x32"], "input_dtypes": ["float32"],
     "output_dtypes": ["float32"], "parameters": {},
     "occurrences": ["blocks.0.act", "blocks.1.act", "blocks.2.act"],
     "status": "inherited_success"},
    {"id": "mod_006_1", "class_name": "Block", "module_path": "blocks.1", "parent": "blocks",
     "input_shapes": ["1x16x32x32"], "output_shapes": ["1x16x16x16"], "input_dtypes": ["float32"],
     "output_dtypes": ["float32"], "parameters": {}, "occurrences": ["blocks.1"],
     "status": "failed",
     "failed_ops": [
       {"op_name": "ttnn.conv2d", "error_message": "$long_error",
        "inputs": ["1x16x32x32xbf16", "16x16x3x3xbf16"], "outputs": ["1x16x16x16xbf16"],
        "op_params": {"stride": [2, 2], "padding": [1, 1]}, "node": "conv2d_3",
        "module": "blocks.1.conv"},
       {"op_name": "ttnn.max_pool2d", "error_message": "unsupported kernel size 5",
        "inputs": ["1x16x16x16xbf16"], "outputs": ["1x16x8x8xbf16"], "op_params": {"kernel": 5}}],
     "op_by_op_report_path": "module_irs/mod_006_1/mod_006_1_op_by_op_report.json"},
    {"id": "mod_007_conv", "class_name": "Conv2d", "module_path": "blocks.1.conv",
     "parent": "blocks.1", "input_shapes": ["1x16x32x32"], "output_shapes": ["1x16x16x16"],
     "input_dtypes": ["float32"], "output_dtypes": ["float32"],
     "parameters": {"in_channels": 16, "out_channels": 16, "kernel_size": [3, 3], "stride": [2, 2]},
     "occurrences": ["blocks.1.conv"], "status": "failed",
     "failed_ops": [{"op_name": "ttnn.conv2d", "error_message": "$long_error",
                     "inputs": ["1x16x32x32xbf16"], "outputs": ["1x16x16x16xbf16"],
                     "op_params": {"stride": [2, 2]}}]},
    {"id": "mod_008_heads", "class_name": "ModuleList", "module_path": "heads",
     "parent": "full_model", "input_shapes": [], "output_shapes": [], "input_dtypes": [],
     "output_dtypes": [], "parameters": {}, "occurrences": ["heads"], "status": "skipped"},
    {"id": "mod_009_0", "class_name": "Linear", "module_path": "heads.0", "parent": "heads",
     "input_shapes": ["1x16"], "output_shapes": ["1x10"], "input_dtypes": ["float32"],
     "output_dtypes": ["float32"], "parameters": {"in_features": 16, "out_features": 10, "bias": true},
     "occurrences": ["heads.0", "heads.1"], "status": "ir_export_failed"},
    {"id": "mod_010_pool", "class_name": "<img src=x onerror=\"document.title='pwned'\">",
     "module_path": "pool", "parent": "full_model", "input_shapes": ["1x16x8x8"],
     "output_shapes": ["1x16x1x1"], "input_dtypes": ["float32"], "output_dtypes": ["float32"],
     "parameters": {}, "occurrences": ["pool"]}
  ]
}
JSON
# Occurrence paths, counted by hand: full_model, stem, blocks, blocks.0, blocks.2, blocks.0.conv,
# blocks.2.conv, blocks.0.act, blocks.1.act, blocks.2.act, blocks.1, blocks.1.conv, heads,
# heads.0, heads.1, pool.
expected_rows=16
# Failed ops: 1 on the root, 2 on blocks.1, 1 on blocks.1.conv.
expected_op_rows=4
# "conv" matches stem and the three convs by class or path; their ancestors full_model, blocks,
# blocks.0, blocks.1 and blocks.2 are shown around them; the other 7 rows are hidden.
expected_conv_matches=4
expected_conv_hidden=7

cat >"$scratch/summary.md" <<'MD'
# TinyNet — Analysis Summary

**Device:** Wormhole B0 (n150 (1x1)) | **Date:** 2025-03-04

| Op | Error |
|----|-------|
| ttnn.max_pool2d | unsupported kernel size 5 |
MD

report=$scratch/analysis_report.html
"$tool" "$scratch/unique_modules.json" "$report" "$scratch/summary.md"

# Each browser run gets its own profile, so runs in parallel do not share a lock or a theme.
browse() {
  local profile
  profile=$(mktemp -d "$scratch/profile.XXXXXX")
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --user-data-dir="$profile" "$@" 2>"$scratch/chromium.log" ||
    { echo "chromium failed:" >&2; tail -20 "$scratch/chromium.log" >&2; return 1; }
}
count() { { grep -o -- "$1" "$2" || true; } | wc -l; }
check_count() { # FILE PATTERN EXPECTED WHAT
  local found
  found=$(count "$2" "$1")
  if [[ $found -eq $3 ]]; then pass "$4: $found"; else fail "$4: $found, expected $3"; fi
}
check_has() { # FILE PATTERN WHAT
  if grep -q -- "$2" "$1"; then pass "$3"; else fail "$3 (no '$2')"; fi
}
check_clean() { # FILE: the page finished its script and reported no error
  if grep -q '<body[^>]*data-ready="1"' "$1"; then pass "$1: data-ready"; else fail "$1: not ready"; fi
  if grep -q '<div id="js-errors" hidden=""></div>' "$1"; then
    pass "$1: no script errors"
  else
    fail "$1: script errors: $(grep -o '<div id="js-errors"[^<]*' "$1")"
  fi
}
url="file://$report"

browse --dump-dom "$url" >"$scratch/plain.html"
check_clean "$scratch/plain.html"
check_count "$scratch/plain.html" '<div class="node-row' "$expected_rows" "tree rows"
check_count "$scratch/plain.html" '<span class="copy">copy</span>' 5 "copy tags (blocks.2, its conv and act, blocks.1.act, heads.1)"
check_count "$scratch/plain.html" '<tr tabindex="0"' "$expected_op_rows" "failed-ops table rows"
check_has "$scratch/plain.html" 'Failed Operations (4)' "failed-ops title"
check_has "$scratch/plain.html" 'id="summary-button"' "Summary button"
check_has "$scratch/plain.html" '<title>Model Analysis: TinyNet</title>' "title kept"
check_count "$scratch/plain.html" '<img' 0 "markup from the document"
check_has "$scratch/plain.html" '(&lt;img src=x onerror=' "the hostile class name shown as text"
# The root starts expanded, everything below it collapsed.
check_count "$scratch/plain.html" 'class="children open"' 1 "expanded nodes"

browse --dump-dom "$url#select=blocks.1&theme=light" >"$scratch/selected.html"
check_clean "$scratch/selected.html"
check_has "$scratch/selected.html" '<body class="light"' "theme from the fragment"
check_count "$scratch/selected.html" 'class="node-row sel"' 1 "selected rows"
check_has "$scratch/selected.html" '<h4>Failed Operations (2)</h4>' "details: failed ops of blocks.1"
check_has "$scratch/selected.html" 'Show full error (' "details: the long error goes to the viewer"
check_has "$scratch/selected.html" '<mark class="l1">L1 Circular Buffer Overflow</mark>' "L1 overflow highlighted"

browse --dump-dom "$url#search=conv" >"$scratch/search.html"
check_clean "$scratch/search.html"
check_count "$scratch/search.html" 'class="node hidden"' "$expected_conv_hidden" "rows hidden by the search"
check_has "$scratch/search.html" ">$expected_conv_matches of $expected_rows shown<" "match count"
check_count "$scratch/search.html" '<mark class="hit">conv</mark>' 3 "highlighted names"

# Interaction: a page beside the report loads it in a frame and drives it the way a user would
# (clicks, typing, keys), writing one line per check. Reaching into a file:// frame needs
# --allow-file-access-from-files; the report's own CSP does not apply to this page.
cat >"$scratch/interact.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="UTF-8"></head>
<body><pre id="results"></pre>
<iframe id="frame" src="analysis_report.html" width="1400" height="900"></iframe>
<script>
const results = document.getElementById('results');
const check = (what, ok, detail) => {
  results.textContent += (ok ? 'ok: ' : 'FAIL: ') + what + (ok ? '' : ' (' + detail + ')') + '\n';
};
window.onerror = message => { check('interaction script', false, message); };
document.getElementById('frame').addEventListener('load', () => {
  const w = document.getElementById('frame').contentWindow;
  const d = w.document;
  const node = path => d.querySelector('.node[data-path="' + CSS.escape(path) + '"]');
  const row = path => node(path).querySelector(':scope > .node-row');
  const hidden = () => d.querySelectorAll('.node.hidden').length;
  const key = (target, name) => target.dispatchEvent(
      new w.KeyboardEvent('keydown', {key: name, bubbles: true, cancelable: true}));
  const selectedPath = () => {
    const selected = d.querySelector('.node-row.sel');
    return selected ? selected.parentElement.dataset.path : null;
  };
  const firstCells = column => [...d.querySelectorAll('#ops-table tbody tr')].map(
      tr => tr.cells[column].textContent);
  const search = d.getElementById('search');
  const viewer = d.getElementById('viewer');

  // Toggling a node opens its children, without selecting it.
  node('blocks.0').querySelector(':scope > .node-row > .toggle').click();
  check('toggle opens', node('blocks.0').querySelector(':scope > .children').classList.contains('open'), 'closed');
  check('toggle selects nothing', selectedPath() === null, selectedPath());

  // A click on a row shows its details.
  row('blocks.1.conv').click();
  const heading = d.querySelector('#details .failed-ops h4');
  check('details of blocks.1.conv', heading && heading.textContent === 'Failed Operations (1)',
        heading && heading.textContent);

  // Sorting the failed-ops table by a header, both ways.
  const opHeader = d.querySelector('#ops-table th button[data-key="op"]');
  opHeader.click();
  check('sort by op, ascending', firstCells(0).join() === 'ttnn.conv2d,ttnn.conv2d,ttnn.conv2d,ttnn.max_pool2d', firstCells(0).join());
  opHeader.click();
  check('sort by op, descending', firstCells(0)[0] === 'ttnn.max_pool2d' &&
        opHeader.parentElement.getAttribute('aria-sort') === 'descending', firstCells(0).join());
  d.querySelector('#ops-table th button[data-key="module"]').click();
  check('sort by module', firstCells(1).join() === 'blocks.1,blocks.1.conv,blocks.1.conv,blocks.1.conv', firstCells(1).join());

  // A click on a table row selects its module in the tree.
  d.querySelector('#ops-table tbody tr').click();
  check('table row selects blocks.1', selectedPath() === 'blocks.1', selectedPath());
  check('and is marked', d.querySelector('#ops-table tbody tr').classList.contains('sel'), 'unmarked');

  // Search: matches with their ancestors, the rest hidden; Escape clears it.
  key(d.body, '/');
  check('"/" focuses the search', d.activeElement === search, d.activeElement && d.activeElement.id);
  search.value = 'ReLU';
  search.dispatchEvent(new w.Event('input', {bubbles: true}));
  // Matches: blocks.0.act, blocks.1.act, blocks.2.act; shown around them: full_model, blocks,
  // blocks.0, blocks.1, blocks.2. Hidden: the other 8.
  check('search hides', hidden() === 8, hidden());
  check('search highlights', d.querySelectorAll('mark.hit').length === 3, d.querySelectorAll('mark.hit').length);
  key(search, 'Escape');
  check('Escape clears', search.value === '' && hidden() === 0, search.value + '/' + hidden());
  check('Escape leaves the search', d.activeElement !== search, 'still focused');
  check('expansion restored', node('blocks.0').querySelector(':scope > .children').classList.contains('open') &&
        !node('blocks.2').querySelector(':scope > .children').classList.contains('open'), 'changed');

  // Status filter: without "Failed", failed rows go unless they hold a shown row.
  const failedChip = d.querySelector('.chip[data-group="failed"]');
  // The filter counts what the header counts, in the same words.
  const failedStat = [...d.querySelectorAll('.stats span')].map(s => s.textContent)
                         .find(text => text.startsWith('Failed:'));
  check('filter and header agree', failedStat === 'Failed: ' + failedChip.querySelector('.count').textContent,
        failedStat + ' / ' + failedChip.querySelector('.count').textContent);
  failedChip.click();
  // Hidden: blocks.1.conv, heads.0, heads.1. full_model, blocks and blocks.1 stay for their children.
  check('status filter hides', hidden() === 3, hidden());
  check('ancestors are context', row('blocks.1').classList.contains('context'), 'not dimmed');
  failedChip.click();
  check('status filter off', hidden() === 0, hidden());

  // Theme: the toggle flips it and remembers it under ttchop-theme.
  const wasLight = d.body.classList.contains('light');
  d.getElementById('theme-toggle').click();
  check('theme toggles', d.body.classList.contains('light') !== wasLight, 'unchanged');
  check('theme remembered', w.localStorage.getItem('ttchop-theme') === (wasLight ? 'dark' : 'light'),
        w.localStorage.getItem('ttchop-theme'));

  // Summary: rendered markdown in the viewer.
  d.getElementById('summary-button').click();
  const cells = [...d.querySelectorAll('#viewer-body td')].map(td => td.textContent).join();
  check('summary opens', !viewer.hidden && d.querySelector('#viewer-body h1') !== null, 'closed');
  check('summary table', cells === 'ttnn.max_pool2d,unsupported kernel size 5', cells);
  check('summary bold', d.querySelector('#viewer-body strong').textContent === 'Device:', 'no bold');
  key(d.body, 'Escape');
  check('Escape closes the viewer', viewer.hidden, 'open');

  // A long error opens whole in the viewer.
  row('blocks.1').click();
  d.querySelector('#details .fail-op-summary').click();
  d.querySelector('#details .more').click();
  const shown = d.querySelector('#viewer-body pre').textContent.length;
  check('full error in the viewer', !viewer.hidden && shown > 1000, shown);
  d.getElementById('viewer-close').click();

  // Occurrence links select the copy, whose details name the original.
  row('blocks.0').click();
  const link = [...d.querySelectorAll('#details .link')].find(l => l.textContent === 'blocks.2');
  if (link) link.click();
  const labels = [...d.querySelectorAll('#details .lbl')].map(l => l.textContent);
  check('occurrence link', selectedPath() === 'blocks.2' && labels.includes('Copy Of'), selectedPath());

  check('no script errors in the report', d.getElementById('js-errors').textContent === '',
        d.getElementById('js-errors').textContent);
  document.body.dataset.done = '1';
});
</script>
</body></html>
HTML
browse --allow-file-access-from-files --dump-dom "file://$scratch/interact.html" >"$scratch/interact.out"
if grep -q 'data-done="1"' "$scratch/interact.out"; then pass "interaction script finished"; else fail "interaction script did not finish"; fi
while IFS= read -r line; do
  case $line in
  ok:*) echo "$line" ;;
  FAIL:*) fail "${line#FAIL: }" ;;
  esac
done < <(sed -n '/<pre id="results">/,/<\/pre>/p' "$scratch/interact.out" | sed 's/<[^>]*>//g')

browse --screenshot="$scratch/shot.png" --window-size=1400,900 "$url#select=blocks.1&theme=light" >/dev/null
if [[ -s $scratch/shot.png && $(head -c 8 "$scratch/shot.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]]; then
  pass "screenshot: $(stat -c %s "$scratch/shot.png") bytes of PNG"
  [[ -z $keep ]] || cp "$scratch/shot.png" "$keep"
else
  fail "screenshot: no PNG"
fi

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed; the report was $report" >&2
  trap - EXIT
  exit 1
fi
echo "all browser checks passed"
