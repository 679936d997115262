#!/bin/bash
# test.sh: the whole test suite from scratch: install packages, build, run every
# test (unit, golden, protocol, integration against real peers) with ctest, the
# Debian package (build, lintian, install/run/upgrade/purge), then
# the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# (clang, in the tree that also builds the fuzz targets), the threaded
# components' unit tests, the protocol tests and both daemons under
# ThreadSanitizer, and every fuzz target for 5 s under ASan + UBSan
# (scripts/fuzz.sh). Prints each phase's time.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
bash scripts/install-deps.sh
start=$(date +%s)
phase() { echo "$1: $(( $(date +%s) - $2 )) s"; }
# targets BUILD-DIR REGEX: the build's targets whose names match
targets() { ninja -C "$1" -t targets all | sed -n "s/^\\($2\\): .*/\\1/p" | sort -u; }
# The release, ASan and TSan trees are unity builds (CMake joins each target's
# sources, 8 to a file): the headers are parsed once per batch, which halves
# the compile time on a fresh machine with an empty ccache. So no two files of
# one target may define the same name in an anonymous namespace; a clash fails
# the build. The Debian package (debian/rules) is a unity build too; the ctest
# test build.headers compiles each header alone (cmake/HeaderCheck.cmake), so
# a missing #include that a batch would hide still fails here.
unity=-DCMAKE_UNITY_BUILD=ON
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo $unity
phase build "$start"
# The Debian package is built out of tree (lintian errors fail) at low
# priority while the release tests run: they mostly wait on their peers.
t=$(date +%s)
rm -f build/deb/milterpack_*.deb
mkdir -p build/deb
nice -n 10 bash scripts/package.sh build/deb >build/deb/package.out 2>&1 &
pkg_pid=$!
ctest --test-dir build --output-on-failure -j2 --timeout 600 -LE package
phase ctest "$t"

# The package, installed, run, upgraded and purged in a namespace
# (integration.package).
wait "$pkg_pid" || { cat build/deb/package.out >&2; echo "package: build or lintian failed" >&2; exit 1; }
ctest --test-dir build --output-on-failure -R '^integration\.(package|install)$' --timeout 1800
phase package "$t"

# AddressSanitizer + UndefinedBehaviorSanitizer: one clang tree (MP_FUZZ=ON,
# libFuzzer's coverage instrumentation besides) builds the unit tests and the
# fuzz targets, so the libraries are compiled once for both phases (the
# integration peers run the release build). Debug (-O0) compiles faster; the
# 5 s fuzz runs here are a smoke test, longer runs use scripts/fuzz.sh alone.
t=$(date +%s)
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMP_FUZZ=ON $unity >/dev/null
ninja -C build-asan $(targets build-asan 'unit_[a-z0-9_]*\|test_miltclient\|test_pmwire\|fuzz')
ctest --test-dir build-asan --output-on-failure -j2 -L unit --timeout 600
phase asan "$t"

# ThreadSanitizer: the threaded components' unit tests, the protocol test, the milter itself
# (libmilter's worker pool, the reload thread, the std::async scan at end of
# data) under concurrent load with reload storms, and milterpack-pmilter's
# start, reload and stop paths. halt_on_error: a race fails.
t=$(date +%s)
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMP_TSAN=ON $unity >/dev/null
# Only the components that run threads or share state between sessions have
# their unit tests here (single-threaded parsers add build time, not races).
tsan_units='callahead\|daemon\|dns\|dnsbl\|greylist\|maps\|metrics\|milters\|pmilter\|policy\|rules\|spf\|util'
ninja -C build-tsan $(targets build-tsan "unit_\($tsan_units\)\|test_miltclient\|test_pmwire\|milterpack-milter\|milterpack\|mp-miltclient\|milterpack-pmilter\|mp-pmdriver")
phase tsan-build "$t"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
ctest --test-dir build-tsan --output-on-failure -j2 -L unit --timeout 600 \
    -R "^(unit\.test_(${tsan_units//\\|/|})_|unit\.pmilter\.wire\$|tools\.miltclient\.protocol\$)"
ctest --test-dir build-tsan --output-on-failure -R '^integration\.(milter\.load|pmilter\.lifecycle)$' --timeout 600
phase tsan "$t"

# Fuzzing: every libFuzzer target of tests/fuzz for 5 s on a copy of its
# corpus (the regression inputs first); a crash, leak or timeout fails.
t=$(date +%s)
MP_FUZZ_BUILD=build-asan bash scripts/fuzz.sh 5
phase fuzz "$t"
phase total "$start"
