#!/bin/bash
# The app's command line spells the model's options as irscope-cli does (--weights, --inputs,
# --seed, --dtype, --rtol, --atol, --pcc, --reference, --expected, --golden); the --run-* and --verify-*
# spellings of earlier versions still work but are not listed. What it is asked to do and cannot
# is one line on stderr and a non-zero exit.
# Usage: command_line_flags.sh IRSCOPE DATA_DIR
set -u
irscope=$1
data=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
app() {
  QT_QPA_PLATFORM=offscreen IRSCOPE_NO_DISK_CACHE=1 XDG_CONFIG_HOME=$scratch/config \
    timeout 120 "$irscope" "$@" >"$scratch/out" 2>"$scratch/err"
}
model=$data/torch_ir/RecurrentUnroll.json

app --help
help=$(cat "$scratch/out")
for flag in --weights --inputs --seed --dtype --input-shape --rtol --atol --pcc --reference \
  --expected --golden; do
  grep -q -- "$flag <" <<<"$help" || fail "--help does not list $flag"
done
grep -q -- '--run-' <<<"$help" && fail "--help still lists a --run-* option"
grep -q -- '--verify-' <<<"$help" && fail "--help still lists a --verify-* option"

# A bad value is refused under either spelling, named by the new one, before any window opens.
for flag in --seed --run-seed; do
  app "$model" "$flag" many
  [[ $? -eq 2 ]] || fail "$flag many: expected exit 2"
  grep -q -- '--seed: expected a non-negative integer' "$scratch/err" ||
    fail "$flag many: $(cat "$scratch/err")"
done
for flag in --dtype --run-dtype; do
  app "$model" "$flag" float64
  [[ $? -eq 2 ]] || fail "$flag float64: expected exit 2"
  grep -q -- '--dtype: expected' "$scratch/err" || fail "$flag float64: $(cat "$scratch/err")"
done

# And the run uses them: this model, its weights and inputs given by the new names.
app "$model" --weights "$data/torch_ir/RecurrentUnroll.safetensors" \
  --inputs "$data/torch_ir/RecurrentUnroll.in0.npy" --dtype float32 --verify \
  --verify-expected "$data/torch_ir/RecurrentUnroll.out0.npy" --screenshot "$scratch/shot.png"
rc=$?
[[ $rc -eq 0 && -s $scratch/shot.png ]] || fail "run with --weights/--inputs: exit $rc, $(cat "$scratch/err")"

# The same under the new names of the verify options.
app "$model" --weights "$data/torch_ir/RecurrentUnroll.safetensors" \
  --inputs "$data/torch_ir/RecurrentUnroll.in0.npy" --rtol 1e-4 --atol 1e-4 \
  --expected "$data/torch_ir/RecurrentUnroll.out0.npy" --screenshot "$scratch/shot2.png"
rc=$?
[[ $rc -eq 0 && -s $scratch/shot2.png ]] || fail "run with --expected: exit $rc, $(cat "$scratch/err")"
app "$model" --rtol lots
[[ $? -eq 2 ]] && grep -q -- '--rtol: expected a non-negative number' "$scratch/err" ||
  fail "--rtol lots: $(cat "$scratch/err")"

app "$model" --pcc 1.5
[[ $? -eq 2 ]] && grep -q -- '--pcc: expected a number from -1 to 1' "$scratch/err" ||
  fail "--pcc 1.5: $(cat "$scratch/err")"

# Expected outputs compare the outputs only: --color-by error colours those and says why no more.
app "$model" --weights "$data/torch_ir/RecurrentUnroll.safetensors" \
  --inputs "$data/torch_ir/RecurrentUnroll.in0.npy" --pcc 0.999 \
  --expected "$data/torch_ir/RecurrentUnroll.out0.npy" --color-by error \
  --screenshot "$scratch/outputs.png"
rc=$?
[[ $rc -eq 0 ]] || fail "--color-by error with --expected: exit $rc, $(cat "$scratch/err")"
grep -q -- '--color-by error: the reference has no intermediates, so only the output nodes are coloured' \
  "$scratch/err" || fail "--color-by error with --expected: $(cat "$scratch/err")"

# A run that fails: one line naming what is wrong, exit 1, and the screenshot is still taken.
app "$model" --run --weights "$scratch/missing.safetensors" --screenshot "$scratch/failed.png"
rc=$?
[[ $rc -eq 1 ]] || fail "failing --run: expected exit 1, got $rc"
[[ $(wc -l <"$scratch/err") -ge 1 ]] && grep -q 'missing.safetensors' "$scratch/err" ||
  fail "failing --run: $(cat "$scratch/err")"
[[ -s $scratch/failed.png ]] || fail "failing --run: no screenshot"

# An unknown --select: one line, and the app still opens (the screenshot shows the model).
app "$model" --select no_such_node --screenshot "$scratch/select.png"
rc=$?
[[ $rc -eq 1 ]] || fail "--select no_such_node: expected exit 1, got $rc"
grep -q -- '--select: .*RecurrentUnroll.json has no node no_such_node' "$scratch/err" ||
  fail "--select no_such_node: $(cat "$scratch/err")"
[[ -s $scratch/select.png ]] || fail "--select no_such_node: the app did not open"

# --compare: the screenshot waits for the comparison; a bad second file is one line and exit 1,
# and --overlay alone is refused.
app "$model" --compare "$model" --overlay --screenshot "$scratch/compare.png"
rc=$?
[[ $rc -eq 0 && -s $scratch/compare.png ]] || fail "--compare: exit $rc, $(cat "$scratch/err")"
printf '{"nodes": [' >"$scratch/broken.json"
app "$model" --compare "$scratch/broken.json" --screenshot "$scratch/compare_bad.png"
rc=$?
[[ $rc -eq 1 && $(grep -c "^irscope:" "$scratch/err") -eq 1 ]] && grep -q -- '--compare: .*broken.json' "$scratch/err" ||
  fail "--compare broken.json: exit $rc, $(cat "$scratch/err")"
app "$model" --overlay
[[ $? -eq 2 ]] && grep -q -- '--overlay: expected --compare' "$scratch/err" ||
  fail "--overlay alone: $(cat "$scratch/err")"

# --export writes what File > Export writes, a PDF on the paper --page asks for, then quits.
app "$model" --export "$scratch/tiled.pdf" --page A4 --landscape --tile
rc=$?
[[ $rc -eq 0 && -s $scratch/tiled.pdf ]] || fail "--export --page A4: exit $rc, $(cat "$scratch/err")"
pdfinfo "$scratch/tiled.pdf" 2>/dev/null | grep -q 'Page size: *84[12][.0-9]* x 595' ||
  fail "--export --page A4 --landscape: not a landscape A4 page: $(pdfinfo "$scratch/tiled.pdf" 2>&1)"
app "$model" --export "$scratch/tiled.pdf" --tile
[[ $? -eq 2 ]] && grep -q -- '--tile: expected --page PAPER with it' "$scratch/err" ||
  fail "--tile without --page: $(cat "$scratch/err")"
app "$model" --export "$scratch/tiled.pdf" --page A5
[[ $? -eq 2 ]] && grep -q -- '--page: expected A4, A3, Letter or Tabloid' "$scratch/err" ||
  fail "--page A5: $(cat "$scratch/err")"

[[ $status -eq 0 ]] && echo "ok: --weights, --inputs, --seed, --dtype; --run-* as hidden aliases"
exit $status
