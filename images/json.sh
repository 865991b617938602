# json.sh - helpers sourced by guest-json and nested-json (POSIX sh).
#
#   val FILE KEY   the value of KEY in a key=value file (first match)
#   str TEXT       TEXT as a JSON string (backslashes and quotes escaped)
#   abs PATH       PATH made absolute, symlinks in its folder resolved
#   busybox_version BUSYBOX   "BusyBox v1.35.0 (Debian ...)"

val() { sed -n "s/^$2=//p" "$1" | head -n 1; }
str() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
abs() { (cd "$(dirname "$1")" && printf '%s/%s' "$(pwd -P)" "$(basename "$1")"); }
busybox_version() { "$1" 2>/dev/null | head -n 1 | sed 's/ multi-call.*//'; }
