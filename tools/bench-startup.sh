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
# tools/bench/run.sh times the same next to real programs and the
# synthetic scale series.
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

# bench_add, bench_run and PIN: shared with tools/bench/run.sh.
source "$TOOLS/bench/common.sh"

bench_add static "$bench/exit-static" || status=1
bench_add ldso-interp "$bench/tiny" || status=1
bench_add ldso-direct "$SYSTEM_LDSO" "$bench/tiny" || status=1
if have_rtld && with_rtld_interp "$bench/tiny" "$bench/tiny-rtld"; then
	bench_add rtld-direct "$RTLD" "$bench/tiny" || status=1
	bench_add rtld-interp "$bench/tiny-rtld" || status=1
else
	note "no rtld at $RTLD: timing the baselines only"
	status=1
fi

results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "$runs runs each, round-robin${PIN[*]:+, pinned to CPU 0}; $(uname -r), $(nproc) CPUs"
bench_run "$runs" 10 "$results" || status=1
cat "$results"

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
