#!/bin/bash
# fuzz.sh [SECONDS]: build the libFuzzer targets of tests/fuzz with clang
# (build-fuzz, MP_FUZZ=ON: ASan + UBSan + coverage; only the fuzz targets and
# the libraries they link) and run each for SECONDS (default 20) on a copy of
# its corpus, so the in-tree corpus never grows by itself. Prints one line per
# target (runs, coverage, execs/s); exits non-zero when any target crashed,
# leaked, timed out or ran out of memory, after printing the end of its log.
# The failing input is kept in build-fuzz/artifacts/<target>/ (or $MP_FUZZ_BUILD's) (docs/fuzzing.md
# says how to turn it into a regression input). Longer runs: docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
# MP_FUZZ_BUILD: an already configured MP_FUZZ=ON tree to use instead
# (scripts/test.sh shares one with the sanitized unit tests).
build=${MP_FUZZ_BUILD:-build-fuzz}
if [ -z "${MP_FUZZ_BUILD:-}" ]; then
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DMP_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
fi
ninja -C "$build" fuzz
work=$(mktemp -d /tmp/mp-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=()
for src in tests/fuzz/*.cpp; do
    t=$(basename "$src" .cpp)
    cp -r "tests/fuzz/corpus/$t" "$work/$t"
    art="$build/artifacts/$t"
    rm -rf "$art" && mkdir -p "$art"
    dict=()
    [ -f "tests/fuzz/dict/$t.dict" ] && dict=("-dict=tests/fuzz/dict/$t.dict")
    if "$build/tests/fuzz/fuzz_$t" "${dict[@]}" -max_total_time="$secs" -rss_limit_mb=1024 -timeout=10 \
        -artifact_prefix="$art/" "$work/$t" >"$work/$t.log" 2>&1; then
        echo "fuzz_$t: ok: $(grep -o 'DONE .*' "$work/$t.log" | tail -1)"
    else
        echo "fuzz_$t: FAILED (input kept in $art/); end of its log:"
        tail -40 "$work/$t.log"
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]}"
    exit 1
fi
echo "fuzz: all ${secs} s runs clean"
