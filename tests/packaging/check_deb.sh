#!/usr/bin/env bash
# Packages the build with CPack and checks the .deb: its file list and control fields, the
# desktop file, AppStream metainfo, MIME types, man pages and bash completion; then unpacks it
# into a scratch root outside the build tree and runs the installed programs there, without a
# display.
#
# The TorchScript extraction proves that an installed irscope-cli finds libirscope_torch.so
# relative to itself: IRSCOPE_TORCH_PLUGIN is unset, ld.so's own log (LD_DEBUG=files) must show the
# plugin loaded from the scratch root, and with the scratch root's plugin removed the extraction
# must fail, although the build tree's plugin is still there to be found.
#
# usage: check_deb.sh BUILD_DIR VERSION BUILD_TREE_PLUGIN TORCH_IR_DATA_DIR [CPACK]
set -euo pipefail

build=$1 version=$2 build_plugin=$3 data=$4 cpack=${5:-cpack}
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
pass() { echo "ok: $*"; }
need() { command -v "$1" >/dev/null || { echo "FAIL: $1 is missing (bootstrap.sh installs it)" >&2; exit 1; }; }
need dpkg-deb
need desktop-file-validate
need appstreamcli

# The scratch root must be outside the build tree, or the loader would be allowed the build path.
scratch=$(mktemp -d /tmp/irscope-deb.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
case $scratch/ in "$(realpath "$build")"/*) echo "FAIL: scratch root inside the build tree" >&2; exit 1 ;; esac
root=$scratch/root

# Package what is built, as `cmake --build BUILD --target package` would after building `all`
# (ctest runs after the build), but into the scratch folder, so the build tree is left alone.
if ! log=$("$cpack" --config "$build/CPackConfig.cmake" -B "$scratch/package" 2>&1); then
  echo "$log" | tail -30 >&2
  echo "FAIL: cpack --config $build/CPackConfig.cmake" >&2
  exit 1
fi
deb=$scratch/package/irscope_${version}_$(dpkg --print-architecture).deb
[[ -f $deb ]] || { echo "FAIL: cpack did not write $(basename "$deb"): $log" >&2; exit 1; }
pass "cpack built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# --- The file list.
listing=$(dpkg-deb -c "$deb" | awk '{print $NF}')
expected=(
  ./usr/bin/irscope
  ./usr/bin/irscope-cli
  ./usr/lib/irscope/libirscope_torch.so
  ./usr/share/applications/irscope.desktop
  ./usr/share/icons/hicolor/scalable/apps/irscope.svg
  ./usr/share/mime/packages/irscope.xml
  ./usr/share/metainfo/io.github.irscope.metainfo.xml
  ./usr/share/man/man1/irscope.1.gz
  ./usr/share/man/man1/irscope-cli.1.gz
  ./usr/share/bash-completion/completions/irscope-cli
  ./usr/share/irscope/examples/resnet18.json
  ./usr/share/irscope/examples/TransformerBlock.json
  ./usr/share/irscope/mappings/ttnn.json
  ./usr/share/doc/irscope/copyright
)
for size in 16 22 24 32 48 64 128 256; do
  expected+=("./usr/share/icons/hicolor/${size}x${size}/apps/irscope.png")
done
missing=0
for path in "${expected[@]}"; do
  grep -qxF "$path" <<<"$listing" || { fail "not in the package: $path"; missing=1; }
done
[[ $missing -eq 0 ]] && pass "the package holds all ${#expected[@]} expected files"
grep -q '^\./usr/local/' <<<"$listing" && fail "files under /usr/local"
grep -v '^\./usr/' <<<"$listing" | grep -qvx '\./' && fail "files outside /usr"

# --- Control fields: Depends comes from dpkg-shlibdeps.
depends=$(dpkg-deb -f "$deb" Depends)
for library in libqt6widgets6 libgvc6 libtorch; do
  grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version is not $version"
[[ -n $(dpkg-deb -f "$deb" Section) && -n $(dpkg-deb -f "$deb" Maintainer) ]] ||
  fail "Section or Maintainer missing"
pass "control: Version $version, Depends from shlibdeps"

dpkg -x "$deb" "$root"

# --- Desktop file, metainfo, MIME, man pages, completion.
out=$(desktop-file-validate "$root/usr/share/applications/irscope.desktop" 2>&1) && [[ -z $out ]] &&
  pass "desktop-file-validate" || fail "desktop-file-validate: $out"
out=$(appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.irscope.metainfo.xml" 2>&1) &&
  pass "appstreamcli validate --no-net" || fail "appstreamcli validate: $out"
mime=$root/usr/share/mime/packages/irscope.xml
if command -v xmllint >/dev/null; then
  out=$(xmllint --noout "$mime" 2>&1) && pass "xmllint irscope.xml" || fail "xmllint: $out"
fi
if command -v update-mime-database >/dev/null; then
  # A database of irscope.xml alone, as XDG_DATA_HOME/mime (so it is in the search path).
  mkdir -p "$scratch/mime/packages"
  cp "$mime" "$scratch/mime/packages/"
  out=$(XDG_DATA_HOME=$scratch update-mime-database "$scratch/mime" 2>&1) || true
  if [[ -n $out ]]; then
    fail "update-mime-database: $out"
  elif [[ -f $scratch/mime/application/x-torch-ir+json.xml && -f $scratch/mime/application/x-torchscript.xml &&
    -f $scratch/mime/application/x-pytorch-exported-program.xml ]] &&
    grep -q 'x-torchscript:\*\.pt$' "$scratch/mime/globs2" &&
    grep -q 'x-pytorch-exported-program:\*\.pt2$' "$scratch/mime/globs2" &&
    grep -q 'x-torch-ir+json:\*\.ir\.json$' "$scratch/mime/globs2"; then
    pass "update-mime-database: the three types and their globs"
  else
    fail "update-mime-database did not register the three types"
  fi
  # What a desktop (GIO) makes of the files, by name and, without an extension, by content.
  if command -v gio >/dev/null; then
    cp "$data/DeepResNet.ts.pt" "$scratch/torchscript"
    cp "$data/../pt2/DeepResNet.pt2" "$scratch/exported"
    cp "$root/usr/share/irscope/examples/resnet18.json" "$scratch/ir"
    cp "$root/usr/share/irscope/examples/resnet18.json" "$scratch/resnet18.ir.json"
    cp "$data/DeepResNet.info.json" "$scratch/info"
    before=$failures
    for check in "$data/DeepResNet.ts.pt=application/x-torchscript" \
      "$scratch/torchscript=application/x-torchscript" \
      "$data/../pt2/DeepResNet.pt2=application/x-pytorch-exported-program" \
      "$scratch/exported=application/x-pytorch-exported-program" \
      "$scratch/resnet18.ir.json=application/x-torch-ir+json" \
      "$scratch/ir=application/x-torch-ir+json" "$scratch/info=text/plain"; do
      file=${check%=*}
      type=$(XDG_DATA_HOME=$scratch XDG_DATA_DIRS=/usr/share gio info -a standard::content-type \
        "$file" 2>&1 | sed -n 's/.*standard::content-type: //p')
      [[ $type == "${check##*=}" ]] || fail "gio: $(basename "$file") is ${type:-?}, not ${check##*=}"
    done
    [[ $failures -eq $before ]] &&
      pass "gio: TorchScript, .pt2 and IR JSON recognised by glob and by content, other JSON not"
  fi
fi
grep -q '^MimeType=application/x-torch-ir+json;application/x-torchscript;application/x-pytorch-exported-program;$' \
  "$root/usr/share/applications/irscope.desktop" || fail "the desktop file does not claim the three types"
for page in irscope irscope-cli; do
  out=$(zcat "$root/usr/share/man/man1/$page.1.gz" | groff -man -ww -z -Tutf8 2>&1) && [[ -z $out ]] &&
    pass "man $page: no groff warnings" || fail "man $page: $out"
done
for command in info validate convert render extract run verify compare "golden sweep" \
  "golden verify" "golden model" ops coverage summary modules analyze report; do
  zcat "$root/usr/share/man/man1/irscope-cli.1.gz" | grep -q "^\.SS \"$command " ||
    fail "irscope-cli.1 does not cover $command"
done
completion=$root/usr/share/bash-completion/completions/irscope-cli
out=$(bash -c 'source "$1"; COMP_WORDS=(irscope-cli golden m); COMP_CWORD=2; _irscope_cli
               a="${COMPREPLY[*]}"; COMP_WORDS=(irscope-cli render x.json --ran); COMP_CWORD=3
               _irscope_cli; echo "$a|${COMPREPLY[*]}"' _ "$completion" 2>&1)
[[ $out == "model|--rankdir" ]] && pass "bash completion" || fail "bash completion: $out"

# --- The installed programs, from the scratch root, with no display and no plugin override.
run() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM -u IRSCOPE_TORCH_PLUGIN "$@"; }
bin=$root/usr/bin
for program in irscope irscope-cli; do
  readelf -d "$bin/$program" | grep -qE 'RPATH|RUNPATH' && fail "$program has an RPATH"
done
out=$(run "$bin/irscope-cli" --version 2>&1) && [[ $out == "irscope-cli $version" ]] &&
  pass "irscope-cli --version: $out" || fail "irscope-cli --version: $out"
out=$(run "$bin/irscope" --version 2>&1) && [[ $out == "irscope $version" ]] &&
  pass "irscope --version without a display: $out" || fail "irscope --version: $out"
out=$(run "$bin/irscope" --help 2>&1) && grep -q -- '--input-shape' <<<"$out" &&
  pass "irscope --help without a display" || fail "irscope --help: $out"
out=$(run "$bin/irscope-cli" info "$root/usr/share/irscope/examples/resnet18.json" 2>&1) &&
  grep -q resnet18 <<<"$out" && pass "irscope-cli info on the installed resnet18.json" ||
  fail "irscope-cli info: $out"

plugin=$root/usr/lib/irscope/libirscope_torch.so
[[ -r $build_plugin ]] || fail "the build tree's plugin $build_plugin is missing, so the proof proves nothing"
if out=$(run LD_DEBUG=files LD_DEBUG_OUTPUT="$scratch/ld" "$bin/irscope-cli" extract \
  "$data/DeepResNet.ts.pt" --input-shape 1x3x32x32 -o "$scratch/DeepResNet.json" 2>&1); then
  loaded=$(cat "$scratch"/ld.* | grep -o 'file=[^ ]*libirscope_torch\.so' | sort -u)
  if [[ $loaded == "file=$plugin" ]]; then
    pass "irscope-cli extract DeepResNet.ts.pt loaded ${plugin#"$scratch"/}"
  else
    fail "extract loaded the plugin from: ${loaded:-nowhere}"
  fi
  out=$(run "$bin/irscope-cli" validate "$scratch/DeepResNet.json" 2>&1) &&
    pass "the extracted IR validates" || fail "validate the extracted IR: $out"
else
  fail "irscope-cli extract: $out"
fi
mv "$plugin" "$scratch/plugin.so"
if out=$(run "$bin/irscope-cli" extract "$data/DeepResNet.ts.pt" --input-shape 1x3x32x32 \
  -o "$scratch/again.json" 2>&1); then
  fail "with its own plugin gone, the installed irscope-cli still extracted (from the build tree?)"
elif grep -q 'TorchScript support is unavailable' <<<"$out"; then
  pass "without the installed plugin, extract fails; the build tree's is not used"
else
  fail "extract without the plugin: $out"
fi
mv "$scratch/plugin.so" "$plugin"

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all package checks passed"
