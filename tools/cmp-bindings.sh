#!/bin/bash
# Runs PROG with LD_BIND_NOW=1 LD_DEBUG=bindings under the system's ld.so
# (through its PT_INTERP) and under rtld (`rtld PROG`), and diffs the
# symbol bindings both report on stderr, normalised: pids and addresses
# dropped, the main program named "<main program>" and the dynamic linker
# (PROG's PT_INTERP, or rtld) "<dynamic linker>" in both.  glibc's ld.so
# also reports its own look-ups of vDSO symbols ("binding file
# linux-vdso.so.1 ... to linux-vdso.so.1"), which are not relocations:
# those are left out.  Exit status 1 if they differ.
#   tools/cmp-bindings.sh [-s] PROG [ARGS...]     -s: compare sorted
set -uo pipefail
source "$(dirname "$0")/lib.sh"

sort_them="cat"
if [[ ${1:-} == -s ]]; then
	sort_them="sort"
	shift
fi
[[ $# -gt 0 && $1 != -* ]] || { echo "usage: tools/cmp-bindings.sh [-s] PROG [ARGS...]" >&2; exit 2; }
need_rtld
prog=$(command -v "$1") || die "$1: not found"
shift
interp=$(patchelf --print-interpreter "$prog" 2>/dev/null) || interp=

# The binding lines "binding file A [0] to B [0]: normal symbol `sym' [VER]"
# that the command prints to stderr, normalised.
bindings() {
	env -u LD_DEBUG_OUTPUT LD_BIND_NOW=1 LD_DEBUG=bindings "$@" 2>&1 >/dev/null </dev/null |
		awk -v main="$prog $(realpath "$prog")" \
			-v linker="$interp $(realpath -q "$interp") $RTLD $(realpath "$RTLD")" '
		# Replaces the object names listed in names (" name [") with as.
		function rename(s, names, as,   n, i, k, from) {
			n = split(names, list, " ")
			for (k = 1; k <= n; k++) {
				from = " " list[k] " ["
				while ((i = index(s, from)) > 0)
					s = substr(s, 1, i - 1) " " as " [" substr(s, i + length(from))
			}
			return s
		}
		{
			sub(/^[ \t]*[0-9]+:[ \t]*/, "")
			if ($0 !~ /^binding file / || $0 ~ /^binding file linux-vdso\.so\.1 /)
				next
			gsub(/0x[0-9a-fA-F]+/, "0x")
			print rename(rename($0, main, "<main program>"), linker, "<dynamic linker>")
		}' | $sort_them
}

sys=$(mktemp) rt=$(mktemp)
trap 'rm -f "$sys" "$rt"' EXIT
bindings "$prog" "$@" >"$sys"
bindings "$RTLD" "$prog" "$@" >"$rt"
echo "bindings: $(wc -l <"$sys") under ld.so, $(wc -l <"$rt") under rtld"
if diff -u --label "ld.so: $prog" "$sys" --label "rtld: $prog" "$rt"; then
	echo "$prog: same bindings"
else
	exit 1
fi
