#!/bin/bash
# Start-up cost of rtld next to glibc's ld.so (a benchmark, not a test).
#
# Times, round-robin and pinned to CPU 0, RUNS fork+exec+exit cycles of:
#   static        a static program that only exits: the floor
#   ldso-interp   the tiny freestanding dynamic program (tools/tiny/),
#                 glibc's ld.so as its PT_INTERP
#   ldso-direct   the same, run as `ld.so tiny`
#   rtld-direct   the same, run as `rtld tiny`
#   rtld-interp   a copy with rtld as its PT_INTERP (patchelf)
# and prints medians, quartiles and the ratios rtld/ld.so and
# rtld/static.  Exit status 1 if rtld is missing or a program failed.
#   tools/bench-startup.sh [-n RUNS]      (default 300; BUILD, RTLD as usual)
set -uo pipefail
source "$(dirname "$0")/lib.sh"

runs=300
while getopts n:h opt; do
	case $opt in
	n) runs=$OPTARG ;;
	*) echo "usage: tools/bench-startup.sh [-n RUNS]" >&2; exit 2 ;;
	esac
done

if ! ensure_build; then
	note "the full build failed: benchmarking what can be built"
	ensure_build spawnbench || exit 1
fi
build_tiny || exit 1
bench=$BUILD/bench
status=0

args=()
# time_it LABEL CMD...: CMD is timed if it runs and exits 0.
time_it() {
	local label=$1 out
	shift
	if out=$("$@" 2>&1 </dev/null); then
		[[ ${#args[@]} -eq 0 ]] || args+=(::)
		args+=("$label" "$@")
	else
		note "$label: '$*' failed (exit $?): $out -- not timed"
		status=1
	fi
}

time_it static "$bench/exit-static"
time_it ldso-interp "$bench/tiny"
time_it ldso-direct "$SYSTEM_LDSO" "$bench/tiny"
if have_rtld && with_rtld_interp "$bench/tiny" "$bench/tiny-rtld"; then
	time_it rtld-direct "$RTLD" "$bench/tiny"
	time_it rtld-interp "$bench/tiny-rtld"
else
	note "no rtld at $RTLD: timing the baselines only"
	status=1
fi

pin=(taskset -c 0)
command -v taskset >/dev/null || { note "no taskset: running unpinned"; pin=(); }
results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "$runs runs each, round-robin${pin[*]:+, pinned to CPU 0}; $(uname -r), $(nproc) CPUs"
"${pin[@]}" "$BUILD/tools/spawnbench" -n "$runs" "${args[@]}" | tee "$results"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1

# Ratios of medians, and of the cost above the static floor.
awk '
	!/^#/ { med[$1] = $3 }
	function ratio(a, b) {
		if (!(a in med) || !(b in med))
			return
		printf "  %-26s %6.2fx", a " / " b, med[a] / med[b]
		if ("static" in med && a != "static" && b != "static" && med[b] > med["static"])
			printf "   above the floor: %6.2fx", (med[a] - med["static"]) / (med[b] - med["static"])
		printf "\n"
	}
	END {
		print "ratios of medians"
		ratio("rtld-direct", "ldso-direct")
		ratio("rtld-interp", "ldso-interp")
		ratio("rtld-interp", "static")
		ratio("ldso-interp", "static")
	}' "$results"
exit "$status"
