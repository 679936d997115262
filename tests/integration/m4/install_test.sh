#!/bin/bash
# install_test.sh: `cmake --install BUILD --prefix P` puts the cf features in
# P/share/milterpack/cf/feature/ (the tree operators pass to m4 with
# -I /usr/share/milterpack/cf), byte for byte, and the installed copy builds
# the same .cf as the source tree. Needs a built tree (MP_BUILD_DIR): the
# install step also copies the programs.
. "$(dirname "$0")/lib.sh"
B=${MP_BUILD_DIR:?MP_BUILD_DIR must name the build directory}
P=$MT_TMP/prefix
if cmake --install "$B" --prefix "$P" >"$MT_TMP/install.log" 2>&1; then mt_ok
else mt_fail "cmake --install $B: $(tail -5 "$MT_TMP/install.log")"; fi
# Nothing outside the prefix (the host's /usr/local, /etc, /lib stay untouched).
outside=$(sed -n 's/^-- \(Installing\|Up-to-date\): //p' "$MT_TMP/install.log" | grep -v "^$P/" || true)
[ -z "$outside" ] && mt_ok || mt_fail "installed outside $P: $outside"

cf=$P/share/milterpack/cf
for f in "$MT_SRC"/m4/feature/*.m4; do
    cmp -s "$f" "$cf/feature/$(basename "$f")" && mt_ok || mt_fail "$(basename "$f") not installed under $cf/feature"
done
[ -f "$cf/feature/milterpack.m4" ] && mt_ok || mt_fail "no $cf/feature/milterpack.m4"
[ -f "$P/share/doc/milterpack/examples/thishost-rx.mc" ] && mt_ok || mt_fail "thishost-rx.mc not in the examples"

# The documented build with the installed tree gives the same .cf.
for i in rx tx; do
    (cd "$MT_CF" && m4 -D_CF_DIR_= -I "$cf" "$MT_SRC/conf/thishost-$i.mc") >"$MT_TMP/inst-$i.cf" 2>"$MT_TMP/inst-$i.err" ||
        mt_fail "m4 with the installed features ($i): $(cat "$MT_TMP/inst-$i.err")"
    mt_expand "$MT_SRC/conf/thishost-$i.mc" "$MT_TMP/src-$i.cf"
    # cf.m4 stamps each .cf with the time it was built ("##### built by ... on
    # DATE"): two builds differ there whenever a second boundary falls between them
    cmp -s <(grep -v '^##### built by ' "$MT_TMP/inst-$i.cf") <(grep -v '^##### built by ' "$MT_TMP/src-$i.cf") &&
        mt_ok || mt_fail "installed and source features differ ($i)"
    mt_has "$MT_TMP/inst-$i.cf" '^Xmilterpack, ' "installed features ($i) add the filter"
done
mt_done
