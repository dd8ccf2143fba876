#!/usr/bin/env bash
# Assembles fuzz/corpus/NAME/ for each harness from the seed lists that CMake wrote into the
# build tree (BUILD/fuzz/seeds_NAME.txt: fixtures by path, fuzz/seeds/NAME/, the generated layout
# cache files, tests/data/fuzz_regressions/NAME/). Files are copied under their SHA-1, as libFuzzer
# names what it adds; seeds over MAX_SEED_BYTES (default 100000) are left out, since large inputs
# only slow libFuzzer down. fuzz/corpus/ is libFuzzer's to grow and is not committed.
#
# usage: fuzz/make_corpus.sh [BUILD_DIR]        (default: build/fuzz)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../build/fuzz}
max_bytes=${MAX_SEED_BYTES:-100000}
shopt -s nullglob
lists=("$build"/fuzz/seeds_*.txt)
if [[ ${#lists[@]} -eq 0 ]]; then
  echo "no seed lists in $build/fuzz: configure and build the fuzz preset first" >&2
  exit 1
fi
for list in "${lists[@]}"; do
  name=$(basename "$list" .txt)
  name=${name#seeds_}
  out=$here/corpus/$name
  mkdir -p "$out"
  added=0 skipped=0
  while IFS= read -r seed; do
    [[ -n $seed ]] || continue
    if [[ -d $seed ]]; then
      mapfile -t files < <(find "$seed" -type f | sort)
    else
      files=("$seed")
    fi
    for file in "${files[@]}"; do
      if [[ $(stat -c %s "$file") -gt $max_bytes ]]; then
        skipped=$((skipped + 1))
        continue
      fi
      sum=$(sha1sum "$file" | cut -d' ' -f1)
      [[ -e $out/$sum ]] || { cp "$file" "$out/$sum"; added=$((added + 1)); }
    done
  done <"$list"
  echo "$name: $(find "$out" -type f | wc -l) inputs in fuzz/corpus/$name ($added added, $skipped over $max_bytes bytes left out)"
done
