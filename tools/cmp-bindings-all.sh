#!/bin/bash
# Compares the symbol bindings of glibc's ld.so and of rtld for every
# dynamically linked ELF executable in /usr/bin (or the PROGs given): each
# one runs as `PROG --version </dev/null`, in an empty directory, with a
# 5 s timeout and LD_BIND_NOW=1 LD_DEBUG=bindings, once as
# `/lib64/ld-linux-x86-64.so.2 PROG --version` and once as
# `rtld PROG --version`: both linkers run directly, so that both see the
# same $ORIGIN (the path as given) and neither runs in secure mode.  The
# binding lines of the process itself (its LD_DEBUG_OUTPUT file) are
# normalised and sorted, then compared:
#   - the pid prefix goes, addresses become 0x;
#   - the program is named <main program>, the dynamic linker (ld.so, its
#     PT_INTERP, or rtld) <dynamic linker>;
#   - lines that are not relocations of the program's objects go: the
#     vDSO's look-ups of its own symbols, the dynamic linker relocating
#     itself (ld.so binds _dl_catch_error and co. to libc's), and the four
#     look-ups ld.so makes from the program when it switches to libc's
#     malloc (calloc, free, malloc, realloc, just before it relocates
#     itself).
# What is left says which object and which version each symbol of each
# object binds to.  Prints one line per program that differs (or timed
# out under rtld only, or crashed: "PROG: rtld status N"), with -v the
# differing lines too, then "N programs: N match, N differ[, N skipped]".
# Programs that time out under ld.so, or start under neither linker run
# directly (e.g. $ORIGIN relative to a symbolic link's target), are
# skipped.  Exit status 1 if any program differs.
#   tools/cmp-bindings-all.sh [-v] [-j JOBS] [-n SAMPLE] [PROG...]
#   -n SAMPLE: SAMPLE programs evenly spaced in the sorted list of /usr/bin
set -uo pipefail
source "$(dirname "$0")/lib.sh"

verbose=0 jobs=2 sample=0
while getopts vj:n: opt; do
	case $opt in
	v) verbose=1 ;;
	j) jobs=$OPTARG ;;
	n) sample=$OPTARG ;;
	*) echo "usage: tools/cmp-bindings-all.sh [-v] [-j JOBS] [-n SAMPLE] [PROG...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
need_rtld

# The dynamically linked executables of /usr/bin for glibc's ld.so, one
# name per file (symbolic links to the same file count once).
list_programs() {
	local f
	declare -A seen
	for f in /usr/bin/*; do
		[[ -f $f && -x $f ]] || continue
		local real
		real=$(realpath "$f")
		[[ -z ${seen[$real]:-} ]] || continue
		seen[$real]=1
		LC_ALL=C readelf -lW "$f" 2>/dev/null |
			grep -q "program interpreter: $SYSTEM_LDSO]" && echo "$f"
	done
}

# bindings OUT LOADER PROG: the normalised, sorted bindings of one run in
# OUT; its exit status (124 for a timeout) in OUT.status.
bindings() {
	local out=$1 loader=$2 prog=$3 dir status
	dir=$(mktemp -d)
	(cd "$dir" && timeout -k 1 5 sh -c 'echo $$ >.pid; LD_BIND_NOW=1 LD_DEBUG=bindings \
		LD_DEBUG_OUTPUT="$0" exec "$@" --version' "$dir/trace" "$loader" "$prog" \
		</dev/null >/dev/null 2>&1)
	status=$?
	echo "$status" >"$out.status"
	local trace=$dir/trace.$(cat "$dir/.pid" 2>/dev/null) interp
	interp=$(patchelf --print-interpreter "$prog" 2>/dev/null) || interp=
	awk -v q="'" -v main="$prog $(realpath "$prog")" \
		-v linker="$SYSTEM_LDSO $(realpath "$SYSTEM_LDSO") $interp $RTLD $(realpath "$RTLD")" '
	BEGIN {
		k = split(main, list, " ")
		for (i = 1; i <= k; i++)
			alias[list[i]] = "<main program>"
		k = split(linker, list, " ")
		for (i = 1; i <= k; i++)
			alias[list[i]] = "<dynamic linker>"
		split("calloc free malloc realloc", mallocs, " ")
	}
	# the lines: binding file FROM [0] to TO [0]: normal symbol `NAME(quote) [VERSION]
	{
		sub(/^[ \t]*[0-9]+:[ \t]*/, "")
		if ($1 != "binding" || $3 == "linux-vdso.so.1")
			next
		from = $3
		if ($3 in alias)
			$3 = alias[$3]
		if ($6 in alias)
			$6 = alias[$6]
		gsub(/0x[0-9a-fA-F]+/, "0x")
		if ((from in alias) && alias[from] == "<dynamic linker>") {
			# ld.so relocating itself; the four lines before are its
			# switch to libc malloc
			if (!self && n >= 4) {
				k = 0
				for (i = 1; i <= 4; i++)
					k += lines[n - 4 + i] ~ ("^binding file <main program> .*`" mallocs[i] q " \\[GLIBC_2\\.2\\.5\\]$")
				if (k == 4)
					n -= 4
			}
			self = 1
			next
		}
		lines[++n] = $0
	}
	END { for (i = 1; i <= n; i++) print lines[i] }' "$trace" | LC_ALL=C sort >"$out"
	rm -rf "$dir"
}

# compare PROG: prints "match", "skip" or "differ", and the details.
compare() {
	local prog=$1 tmp
	tmp=$(mktemp -d)
	bindings "$tmp/ldso" "$SYSTEM_LDSO" "$prog"
	bindings "$tmp/rtld" "$RTLD" "$prog"
	local ls rs
	ls=$(cat "$tmp/ldso.status") rs=$(cat "$tmp/rtld.status")
	if [[ $ls == 124 || $ls == 137 ]]; then
		echo "skip $prog: timed out under ld.so"
	elif [[ ! -s $tmp/ldso && ! -s $tmp/rtld ]]; then
		echo "skip $prog: does not start when run directly (status $ls under ld.so, $rs under rtld)"
	elif cmp -s "$tmp/ldso" "$tmp/rtld" && [[ ($rs == "$ls") || ($rs -lt 124 && $ls -lt 124) ]]; then
		echo "match $prog"
	else
		echo "differ $prog: $(wc -l <"$tmp/ldso") bindings under ld.so, $(wc -l <"$tmp/rtld") under rtld," \
			"status $ls under ld.so, $rs under rtld"
		if ((verbose)); then
			diff "$tmp/ldso" "$tmp/rtld" | grep '^[<>]' | head -20 | sed 's/^/    /'
		fi
	fi
	rm -rf "$tmp"
}

if [[ $# -gt 0 ]]; then
	programs=("$@")
else
	mapfile -t programs < <(list_programs)
	if ((sample > 0 && sample < ${#programs[@]})); then
		picked=()
		for ((i = 0; i < sample; i++)); do
			picked+=("${programs[i * ${#programs[@]} / sample]}")
		done
		programs=("${picked[@]}")
	fi
fi

export RTLD SYSTEM_LDSO verbose
export -f bindings compare
results=$(printf '%s\0' "${programs[@]}" | xargs -0 -n 1 -P "$jobs" bash -c 'compare "$0"')
match=$(grep -c '^match ' <<<"$results")
differ=$(grep -c '^differ ' <<<"$results")
skip=$(grep -c '^skip ' <<<"$results")
grep -v '^match ' <<<"$results" | grep -v '^$' | LC_ALL=C sort -k2
summary="${#programs[@]} programs: $match match, $differ differ"
((skip)) && summary+=", $skip skipped"
echo "$summary"
((differ == 0))
