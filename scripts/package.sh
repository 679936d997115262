#!/bin/bash
# package.sh: builds the Debian package milterpack_VERSION_ARCH.deb out of
# tree and runs lintian on it.
#   scripts/package.sh [OUTDIR]        (default build-deb/; the .deb lands there)
# The working tree (tracked files and new ones not ignored, uncommitted
# changes included) is copied to OUTDIR/src/milterpack and built there with
# dpkg-buildpackage -b -us -uc (debian/rules: dh, cmake, Ninja). ccache is on
# (CMakeLists.txt uses it when installed) with CCACHE_BASEDIR at that fixed
# copy, so a rebuild is mostly cache hits. lintian fails the script on any
# error; its warnings are printed (each justified in docs/install.md) and
# kept in OUTDIR/lintian.log.
# Prints the path of the .deb as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-build-deb}")
src=$out/src/milterpack
arch=$(dpkg --print-architecture)
version=$(dpkg-parsechangelog -S Version)
deb=milterpack_${version}_${arch}.deb

rm -rf "$src" && mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard |
  tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$src"

export CCACHE_BASEDIR=$src
export DEB_BUILD_OPTIONS="parallel=${MP_JOBS:-2} ${DEB_BUILD_OPTIONS:-}"
(cd "$src" && dpkg-buildpackage -b -us -uc -rfakeroot >"$out/build.log" 2>&1) || {
  tail -15 "$out/build.log" >&2
  echo "package: dpkg-buildpackage failed (log: $out/build.log)" >&2
  exit 1
}
mv -f "$out/src/$deb" "$out/$deb"
rm -f "$out"/src/milterpack_*.buildinfo "$out"/src/milterpack_*.changes "$out"/src/milterpack-dbgsym_*.deb

lintian --fail-on error --display-info --tag-display-limit 0 "$out/$deb" | tee "$out/lintian.log" >&2
echo "$out/$deb"
