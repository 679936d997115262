#!/bin/bash
# test.sh: the whole test suite from scratch: install packages, build, run every
# test (unit, golden, protocol, integration against real peers) with ctest, then
# the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
start=$(date +%s)
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "build: $(( $(date +%s) - start )) s"
ctest --test-dir build --output-on-failure -j2 --timeout 300
# Sanitizers: the unit tests only (integration peers run the release build).
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMP_SANITIZE=ON >/dev/null
ninja -C build-asan $(ninja -C build-asan -t targets all | sed -n 's/^\(unit_[a-z0-9]*\|test_miltclient\): .*/\1/p' | sort -u)
ctest --test-dir build-asan --output-on-failure -j2 -L unit --timeout 300
echo "total: $(( $(date +%s) - start )) s"
