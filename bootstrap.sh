#!/usr/bin/env bash
# Sets up a fresh Debian bookworm machine for irscope, builds it, and then either opens it on a
# bundled example model (`run`) or runs every test (`test`). Safe to run again: it installs only
# what is missing and rebuilds only what changed.
set -euo pipefail

usage() {
  echo "usage: $0 run|test" >&2
  exit 2
}
[[ $# -eq 1 ]] || usage
mode=$1
[[ $mode == run || $mode == test ]] || usage

cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian bookworm packages, nothing else. Keep this list in step with the README.
packages=(
  cmake ninja-build g++ pkg-config
  nlohmann-json3-dev libsimdjson-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  qt6-base-dev qt6-svg-dev fonts-dejavu-core
  libgraphviz-dev graphviz
  libtorch-dev
  # libtorch links libblas.so.3; Debian's default is the reference BLAS, 3-9x slower here.
  libopenblas0-pthread
  poppler-utils
  # xvfb-run: screenshots of the app on a machine without a display, as the README's were taken.
  xvfb
  chromium
  # node --check parses the analysis report's scripts (resources/report/*.js) in the tests.
  nodejs
  # The golden-data tests check that NumPy itself reads what irscope writes.
  python3-numpy
  # torch.export archives (.pt2): ZIP64, stored and deflated entries, read from files and memory.
  libzip-dev
  # SHA-256 for golden data (OpenSSL uses the CPU's SHA extensions).
  libssl-dev
  # The fuzz preset: Debian's clang, and the runtimes behind -fsanitize=fuzzer,address,undefined.
  clang libclang-rt-14-dev
  # The Debian package: dpkg-shlibdeps computes its Depends; its test validates the desktop
  # file, the AppStream metainfo, the MIME types (xmllint, update-mime-database, and gio to see
  # what a desktop makes of a file) and the man pages.
  dpkg-dev desktop-file-utils appstream libxml2-utils shared-mime-info libglib2.0-bin groff-base
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc)
if [[ $mode == test ]]; then
  # Warnings fail the build here, as they do in CI.
  cmake --preset release -DIRSCOPE_WERROR=ON
  cmake --build --preset release -j "$jobs"
  ctest --preset release -j "$jobs"
else
  cmake --preset release
  cmake --build --preset release -j "$jobs" --target irscope irscope-cli
  example=resources/examples/resnet18.json
  if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
    exec build/release/gui/app/irscope "$example"
  fi
  # No display to open a window on (ssh, a container): draw the model to a file instead.
  build/release/cli/irscope-cli render "$example" -o build/resnet18.png
  echo "No display found, so irscope drew $example to build/resnet18.png instead."
  echo "On a desktop, this command opens the irscope window."
fi
