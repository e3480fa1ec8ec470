#!/bin/bash
# Compares `rtld --list PROG` with `ldd PROG` for each PROG, load addresses
# dropped (see normalise_list in lib.sh).  Prints a diff for each PROG that
# differs; exit status 1 if any does, 2 on usage errors or without rtld.
#   tools/cmp-list.sh PROG...
set -uo pipefail
source "$(dirname "$0")/lib.sh"

[[ $# -gt 0 && $1 != -* ]] || { echo "usage: tools/cmp-list.sh PROG..." >&2; exit 2; }
need_rtld

# The normalised listing of a command, with its exit status last.
listing() {
	local status=0
	"$@" 2>&1 </dev/null | normalise_list || status=$?
	echo "[exit $status]"
}

status=0
for prog; do
	if diff -u --label "ldd $prog" <(listing ldd "$prog") \
		--label "rtld --list $prog" <(listing "$RTLD" --list "$prog"); then
		echo "$prog: same"
	else
		status=1
	fi
done
exit "$status"
