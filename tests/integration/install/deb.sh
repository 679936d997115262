# deb.sh: the .deb under test, for the package-phase tests (integration.package,
# integration.install). Sourced with NAME set:
#   . tests/integration/install/deb.sh    # -> $deb, or the test fails
# Needs root and MP_SOURCE_DIR, MP_BUILD_DIR. Takes MP_DEB, else
# MP_BUILD_DIR/deb/milterpack_*.deb (scripts/test.sh's package phase builds
# it), else builds it with scripts/package.sh.
[ "$(id -u)" = 0 ] || { echo "$NAME: needs root (namespaces)"; exit 1; }
: "${MP_SOURCE_DIR:?}" "${MP_BUILD_DIR:?}"
deb=${MP_DEB:-$(ls "$MP_BUILD_DIR"/deb/milterpack_*.deb 2>/dev/null | head -1)}
if [ -z "$deb" ]; then
  echo "$NAME: building the package (scripts/package.sh)"
  deb=$(bash "$MP_SOURCE_DIR/scripts/package.sh" "$MP_BUILD_DIR/deb" 2>/dev/null | tail -1)
fi
[ -f "$deb" ] || { echo "FAIL: no .deb ($deb)"; exit 1; }
