#!/bin/bash
# systemctl.sh: the systemctl of integration.install's throw-away root, where
# no systemd runs. in-root.sh installs it as /usr/local/sbin/systemctl (ahead
# of the real one in PATH), so docs/install.md's `systemctl` lines run as
# written. It runs what systemd would run, taken from the installed unit files:
#   start|stop|restart|reload|is-active UNIT...
#   enable|disable [--now] UNIT...   the real systemctl links the unit (it
#                                    works without a running systemd); --now
#                                    then starts or stops it here
#   daemon-reload                    nothing to do
# A start checks ConditionPathExists=, creates RuntimeDirectory= (owned by
# User=), runs each ExecStartPre= (a leading '-' ignores its failure) and
# then ExecStart= in the background as User=/Group=, with systemd's clean
# environment; %i/%I and $MAINPID are substituted, the words are split with
# the shell's quoting (systemd's for these units). Type=simple only: the
# started process is the service. Its pid goes to $SHIM_DIR/UNIT.pid and its
# output to $SHIM_DIR/UNIT.log; stop sends SIGTERM to that pid (SIGKILL after
# TimeoutStopSec or 30 s) and waits for it.
# Not modelled (each said where it matters): sandboxing options
# (ProtectSystem, PrivateTmp, ...), Restart=, dependencies (Wants/After: the
# document starts units in order), Type=forking/notify.
# Environment: SHIM_DIR (default /run/systemctl-shim); SHIM_SENDMAIL_OPTS,
# words appended to an ExecStart that runs /usr/sbin/sendmail (the test sets
# sendmail's load-average limits off: the test machine is loaded).
set -uo pipefail
SHIM_DIR=${SHIM_DIR:-/run/systemctl-shim}
UNIT_PATH="/etc/systemd/system /run/systemd/system /usr/local/lib/systemd/system /lib/systemd/system /usr/lib/systemd/system"
REAL=/usr/bin/systemctl
mkdir -p "$SHIM_DIR"

die() { echo "systemctl (test shim): $*" >&2; exit 1; }

# unit NAME -> NAME.service, the unit file and the instance (%i)
resolve() {
    U=$1; [[ $U == *.* ]] || U=$U.service
    local base=$U; INST=
    if [[ $U == *@?*.service ]]; then INST=${U#*@}; INST=${INST%.service}; base=${U%%@*}@.service; fi
    FILE=
    for d in $UNIT_PATH; do [ -f "$d/$U" ] && { FILE=$d/$U; return 0; }; done
    for d in $UNIT_PATH; do [ -f "$d/$base" ] && { FILE=$d/$base; return 0; }; done
    return 1
}
# values KEY: every value of KEY= in the unit file (in order)
values() { sed -n "s/^$1=//p" "$FILE"; }
value() { values "$1" | tail -1; }
pidof_unit() { cat "$SHIM_DIR/$U.pid" 2>/dev/null; }
alive() { local p; p=$(pidof_unit) && [ -n "$p" ] && [ -e "/proc/$p" ] && [ "$(awk '{print $3}' "/proc/$p/stat")" != Z ]; }

# argv LINE: the command line's words in ARGV, IGNORE=1 for a '-' prefix
argv() {
    local line=$1; IGNORE=0
    while [[ $line == [-@+!:]* ]]; do [[ $line == -* ]] && IGNORE=1; line=${line:1}; done
    line=${line//%i/$INST}; line=${line//%I/$INST}
    MAINPID=$(pidof_unit) eval "ARGV=($line)"
}

as_user() {  # as_user CMD...: run as the unit's User=/Group= in systemd's environment
    local u g; u=$(value User) g=$(value Group)
    local env=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)
    [ -n "$u" ] && env+=(HOME="$(getent passwd "$u" | cut -d: -f6)" USER="$u" LOGNAME="$u")
    if [ -n "$u" ]; then
        exec "${env[@]}" setpriv --reuid="$u" --regid="${g:-$u}" --init-groups -- "$@"
    fi
    exec "${env[@]}" "$@"
}

conditions_hold() {
    local c
    while read -r c; do
        [ -n "$c" ] || continue
        if [[ $c == !* ]]; then [ ! -e "${c:1}" ] || return 1; else [ -e "$c" ] || return 1; fi
    done < <(values ConditionPathExists | sed "s/%i/$INST/g")
}

runtime_dirs() {
    local d mode u g own=(); mode=$(value RuntimeDirectoryMode); u=$(value User) g=$(value Group)
    [ -n "$u" ] && own=(-o "$u" -g "${g:-$(id -gn "$u")}")
    for d in $(values RuntimeDirectory | sed "s/%i/$INST/g"); do
        install -d -m "${mode:-0755}" "${own[@]}" "/run/$d"
    done
}

start() {
    alive && return 0
    [ "$(value Type)" = "" ] || [ "$(value Type)" = simple ] || die "$U: Type=$(value Type) is not modelled"
    if ! conditions_hold; then echo "$U: a ConditionPathExists= does not hold, not started" >&2; return 0; fi
    runtime_dirs
    local line
    while IFS= read -r line; do
        argv "$line"
        ( as_user "${ARGV[@]}" ) >>"$SHIM_DIR/$U.log" 2>&1 ||
            { [ "$IGNORE" = 1 ] || { echo "$U: ExecStartPre failed: $line" >&2; tail -5 "$SHIM_DIR/$U.log" >&2; return 1; }; }
    done < <(values ExecStartPre)
    line=$(value ExecStart); [ -n "$line" ] || die "$U: no ExecStart="
    argv "$line"
    [ "${ARGV[0]}" = /usr/sbin/sendmail ] && ARGV+=(${SHIM_SENDMAIL_OPTS:-})
    ( as_user "${ARGV[@]}" ) >>"$SHIM_DIR/$U.log" 2>&1 </dev/null &
    echo $! >"$SHIM_DIR/$U.pid"
    echo "$U: started ${ARGV[*]} (pid $!)" >>"$SHIM_DIR/journal"
}

stop() {
    alive || { rm -f "$SHIM_DIR/$U.pid"; return 0; }
    local p t; p=$(pidof_unit); t=$(value TimeoutStopSec); t=${t%s}; t=${t:-30}
    kill -TERM "$p"
    local end=$((EPOCHSECONDS + t))
    while alive && [ "$EPOCHSECONDS" -lt "$end" ]; do sleep 0.1; done
    alive && kill -KILL "$p"
    while alive; do sleep 0.1; done
    rm -f "$SHIM_DIR/$U.pid"
}

reload() {
    alive || die "$U is not running"
    local line
    while IFS= read -r line; do
        argv "$line"
        ( as_user "${ARGV[@]}" ) >>"$SHIM_DIR/$U.log" 2>&1 || { [ "$IGNORE" = 1 ] || die "$U: ExecReload failed: $line"; }
    done < <(values ExecReload)
}

verb=${1:-}; shift || true
now=0 units=()
for a in "$@"; do case $a in --now) now=1 ;; -*) ;; *) units+=("$a") ;; esac; done
rc=0
case $verb in
    daemon-reload) exit 0 ;;
    enable|disable)
        "$REAL" "$verb" "${units[@]}" || rc=$?
        [ "$now" = 1 ] || exit "$rc"
        for u in "${units[@]}"; do
            resolve "$u" || { [ "$verb" = disable ] && continue; die "unit $u not found"; }
            if [ "$verb" = enable ]; then start || rc=1; else stop; fi
        done ;;
    start|stop|restart|reload|is-active)
        for u in "${units[@]}"; do
            resolve "$u" || die "unit $u not found"
            case $verb in
                start) start || rc=1 ;;
                stop) stop ;;
                restart) stop; start || rc=1 ;;
                reload) reload ;;
                is-active) if alive; then echo active; else echo inactive; rc=3; fi ;;
            esac
        done ;;
    *) die "'$verb' is not modelled" ;;
esac
exit "$rc"
