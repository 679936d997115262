#!/bin/bash
# build.sh [DIR] [cmake args]: configure and build milterpack into DIR (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}; shift || true
cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
ninja -C "$dir" -j"$(nproc)"
