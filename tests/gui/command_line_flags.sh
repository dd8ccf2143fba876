#!/bin/bash
# The app's command line spells the model's options as irscope-cli does (--weights, --inputs,
# --seed, --dtype); the --run-* spellings of earlier versions still work but are not listed.
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
for flag in --weights --inputs --seed --dtype --input-shape; do
  grep -q -- "$flag <" <<<"$help" || fail "--help does not list $flag"
done
grep -q -- '--run-' <<<"$help" && fail "--help still lists a --run-* option"

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

[[ $status -eq 0 ]] && echo "ok: --weights, --inputs, --seed, --dtype; --run-* as hidden aliases"
exit $status
