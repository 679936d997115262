# lib.sh: shared helpers of the m4 feature tests (tests/integration/m4/*.sh).
# Sourced, never run. Expands .mc files against the system sendmail-cf with
# the project's features on the include path, and counts assertions:
#   . "$(dirname "$0")/lib.sh"
#   mt_expand in.mc out.cf            # status of m4; its stderr in out.cf.err
#   mt_has out.cf 'regex' 'what'      # assertion on a file (grep -E)
#   mt_done                           # prints the count, exits 1 on any failure
set -u
MT_SRC=${MP_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
MT_CF=/usr/share/sendmail/cf
MT_PASS=0 MT_FAIL=0
MT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/mp-m4-test.XXXXXX")
mt_cleanup() { [ "${SBX:-}" ] && type sbx_stop >/dev/null 2>&1 && sbx_stop; rm -rf "$MT_TMP"; }
trap mt_cleanup EXIT

mt_ok() { MT_PASS=$((MT_PASS + 1)); }
mt_fail() { MT_FAIL=$((MT_FAIL + 1)); echo "FAIL: $*" >&2; }

# mt_expand MC CF: m4 in the cf directory (features are found as feature/NAME.m4
# there or under -I), as the documented build command does.
mt_expand() {
    (cd "$MT_CF" && m4 -D_CF_DIR_= -I "$MT_SRC/m4" "$1") >"$2" 2>"$2.err"
}

# mt_has FILE REGEX WHAT / mt_hasnt FILE REGEX WHAT
mt_has() {
    if grep -qE -- "$2" "$1"; then mt_ok; else mt_fail "$3: no /$2/ in $1"; fi
}
mt_hasnt() {
    if grep -qE -- "$2" "$1"; then mt_fail "$3: unexpected /$2/ in $1: $(grep -E -- "$2" "$1" | head -3)"; else mt_ok; fi
}
# mt_eq GOT WANT WHAT
mt_eq() {
    if [ "$1" = "$2" ]; then mt_ok; else mt_fail "$3: got [$1], want [$2]"; fi
}

# mt_mc FILE LINES...: a minimal Debian .mc around the given lines.
mt_mc() {
    local f=$1; shift
    {
        printf 'divert(0)dnl\ninclude(`%s/m4/cf.m4'"'"')dnl\nOSTYPE(`debian'"'"')dnl\n' "$MT_CF"
        printf '%s\n' "$@"
    } >"$f"
}

# mt_option CF NAME: the value of "O NAME=value" in a .cf ("" if absent).
mt_option() { sed -n "s/^O $2=//p" "$1" | head -1; }

# mt_dups LIST: names appearing more than once in a comma/blank-separated list.
mt_dups() { printf '%s\n' "$1" | tr ', ' '\n\n' | sed '/^$/d' | sort | uniq -d | tr '\n' ' '; }

mt_done() {
    echo "$(basename "$0"): $MT_PASS passed, $MT_FAIL failed"
    [ "$MT_FAIL" = 0 ]
}
