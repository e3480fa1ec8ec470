# shellcheck shell=bash
# Shared by tools/bench-startup.sh and tools/bench/run.sh: source it after
# tools/lib.sh, don't run it.
#
#   bench_add LABEL [NAME=VALUE...] PROG [ARG...]
#       runs the command once (untimed, environment as given, like env(1));
#       if it exits 0 it is queued for timing, otherwise it is reported,
#       its LABEL is added to BENCH_FAILED and bench_add returns 1
#   bench_run RUNS WARMUP OUT
#       times the queued commands with spawnbench: round-robin, RUNS
#       timed rounds after WARMUP untimed ones, pinned to CPU 0 (PIN),
#       with the options in BENCH_OPTS (say (-r): a random order per round);
#       appends spawnbench's lines (LABEL RUNS MEDIAN P25 P75 MIN FAILED,
#       microseconds) to OUT, empties the queue and returns spawnbench's
#       status (1 if a timed run failed)
#
# $BUILD/tools/spawnbench must be built (ensure_build spawnbench).

BENCH_ARGS=()
BENCH_FAILED=()
BENCH_OPTS=()
PIN=(taskset -c 0)
command -v taskset >/dev/null || { note "no taskset: running unpinned"; PIN=(); }

bench_add() {
	local label=$1 out
	shift
	if out=$(env -- "$@" 2>&1 </dev/null); then
		[[ ${#BENCH_ARGS[@]} -eq 0 ]] || BENCH_ARGS+=(::)
		BENCH_ARGS+=("$label" "$@")
	else
		note "$label: '$*' failed (exit $?): ${out:0:2000} -- not timed"
		BENCH_FAILED+=("$label")
		return 1
	fi
}

bench_run() {
	local runs=$1 warmup=$2 out=$3 status=0
	[[ ${#BENCH_ARGS[@]} -gt 0 ]] || return 0
	"${PIN[@]}" "$BUILD/tools/spawnbench" "${BENCH_OPTS[@]}" -n "$runs" -w "$warmup" "${BENCH_ARGS[@]}" \
		</dev/null >>"$out" || status=$?
	BENCH_ARGS=()
	return "$status"
}
