#!/bin/bash
# Start-up benchmark of rtld against glibc's ld.so (and musl's), with the
# targets of issue 6.  A benchmark, not a test.  See tools/bench/README.md.
#
#   tools/bench/run.sh [--quick] [-n RUNS] [--libs "10 50 ..."] [--refs "100 1000"]
#                      [--sections "1 2 3 4"] [-j JOBS]
#
#   1  the tiny freestanding dynamic program under ld.so and rtld, against
#      a static program that only exits (the floor)
#   2  /bin/true, /bin/ls on an empty directory and python3 -c pass under
#      ld.so and rtld, each as PT_INTERP and run directly
#   3  the synthetic scale series: L libraries x 1000 functions, a main
#      referencing R of each, lazy and LD_BIND_NOW=1, under ld.so, rtld and
#      (a musl-built main) musl's ld.so
#   4  callgrind instruction counts, and system calls per loaded library
#
# Inputs are built once under $BUILD/bench and kept.  Commands that are
# compared are timed together in one group: section 1, each program of
# section 2, each (L, R) of section 3.  Within a group the commands run
# round-robin, in a new random order each round, pinned to CPU 0.  --quick: L in
# {10, 50}, fewer runs, section 4 on 50 libraries.  Prints a summary of the
# targets with PASS, MISS or FAIL (rtld failed to run the case); exit
# status 1 if anything failed, 0 otherwise (a MISS is not a failure).
# The report is also written to $BUILD/bench/report.txt.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$TOOLS/bench/common.sh"

usage() {
	sed -n '5,6p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

quick=0 runs="" libs="" refs="100 1000" sections="1 2 3 4" jobs=$(nproc 2>/dev/null || echo 2)
while [[ $# -gt 0 ]]; do
	case $1 in
	--quick) quick=1; shift ;;
	-n) runs=$2; shift 2 ;;
	--libs) libs=$2; shift 2 ;;
	--refs) refs=$2; shift 2 ;;
	--sections) sections=${2//,/ }; shift 2 ;;
	-j) jobs=$2; shift 2 ;;
	*) usage ;;
	esac
done
if ((quick)); then
	runs=${runs:-100} libs=${libs:-10 50}
else
	runs=${runs:-300} libs=${libs:-10 50 100 200}
fi
M=1000
section() { [[ " $sections " == *" $1 "* ]]; }

# Variables that would change what the loaders do.
for v in LD_BIND_NOW LD_BIND_NOT LD_LIBRARY_PATH LD_PRELOAD LD_DEBUG LD_DEBUG_OUTPUT LD_PROFILE \
	LD_AUDIT LD_DYNAMIC_WEAK LD_HWCAP_MASK GLIBC_TUNABLES; do
	[[ -z ${!v+x} ]] || { note "unsetting $v"; unset "$v"; }
done

if ! ensure_build; then
	note "the full build failed: building rtld and spawnbench only"
	ensure_build tools/spawnbench rtld/rtld:executable || exit 1
fi
bench=$BUILD/bench
mkdir -p "$bench/sys" "$bench/empty"
build_tiny "$bench" || exit 1
have_rtld || die "no rtld at $RTLD"

# The rtld under test, copied so that a rebuild during the run changes
# nothing: every rtld below is this copy.
rtld_src=$RTLD
if ! cmp -s "$rtld_src" "$bench/rtld"; then
	{ cp "$rtld_src" "$bench/rtld.tmp" && mv -f "$bench/rtld.tmp" "$bench/rtld"; } || die "cannot copy $rtld_src"
fi
RTLD=$bench/rtld

status=0
results=$bench/results.txt      # spawnbench lines of this run
report=$bench/report.txt
: >"$results"
exec > >(tee "$report") 2>&1

targets=()      # summary lines
declare -A med p25 p75 failed faults

echo "rtld start-up benchmark (tools/bench/run.sh$( ((quick)) && echo ' --quick'))"
echo "  $(date -u '+%Y-%m-%d %H:%M UTC'); $(uname -r); $(nproc) CPUs;" \
	"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1);" \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  tree $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)');" \
	"rtld $rtld_src ($(stat -c %s "$RTLD") bytes, sha1 $(sha1sum "$RTLD" | cut -c1-12)), run from $RTLD"
echo "  times in microseconds, fork to exit, measured by spawnbench; round-robin in a random order per round${PIN[*]:+, pinned to CPU 0 (${PIN[*]})}"
echo "  faults: median minor page faults of one run (the child's rusage)"

# Reads spawnbench's lines from $results into med/p25/p75/failed.
load_results() {
	local label n m a b f flt
	while read -r label n m a b _ f flt; do
		[[ $label == \#* || -z $label ]] && continue
		med[$label]=$m p25[$label]=$a p75[$label]=$b failed[$label]=${f:-0} faults[$label]=${flt:-?}
	done <"$results"
}
ok() { [[ -n ${med[$1]:-} && ${failed[$1]:-1} == 0 ]]; }

# row LABEL TEXT: one line of times, or FAIL.
row() {
	if ok "$1"; then
		printf '    %-52s %11.1f %11.1f %11.1f %8s\n' "$2" "${med[$1]}" "${p25[$1]}" "${p75[$1]}" "${faults[$1]}"
	elif [[ -n ${med[$1]:-} ]]; then
		printf '    %-52s %11.1f %11.1f %11.1f %8s  FAIL (%s runs failed)\n' "$2" "${med[$1]}" "${p25[$1]}" "${p75[$1]}" "${faults[$1]}" "${failed[$1]}"
	else
		printf '    %-52s %11s\n' "$2" FAIL
	fi
}
header() { printf '    %-52s %11s %11s %11s %8s\n' "" median p25 p75 faults; }

# verdict VALUE OP LIMIT: PASS or MISS (OP is le or ge).
verdict() {
	awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = op == "le" ? v <= t : v >= t; print ok ? "PASS" : "MISS" }'
}

# ratio NUM DEN TEXT [LIMIT TARGET_TEXT]: prints med[NUM]/med[DEN], with a
# verdict against "at most LIMIT" when LIMIT is given; verdict lines also
# go to the summary.
ratio() {
	local num=$1 den=$2 text=$3 limit=${4:-} ttext=${5:-} r v line
	if ok "$num" && ok "$den"; then
		r=$(awk -v a="${med[$num]}" -v b="${med[$den]}" 'BEGIN { printf "%.3f", a / b }')
		if [[ -n $limit ]]; then
			v=$(verdict "$(awk -v a="${med[$num]}" -v b="${med[$den]}" 'BEGIN { printf "%.9f", a / b }')" le "$limit")
		fi
	else
		r=FAIL v=${limit:+FAIL}
	fi
	line=$(printf '    %-52s %11s   %-30s %s' "$text" "$r" "${limit:+target $ttext}" "${v:-}")
	echo "$line"
	[[ -z $limit ]] || targets+=("$line")
	[[ $r != FAIL ]] || status=1
}

# ---------------------------------------------------------------- 1 and 2
progs=()
if section 2; then
	python=$(readlink -f /usr/bin/python3)
	progs=(true ls python)
	declare -A prog_path=([true]=/bin/true [ls]=/bin/ls [python]=$python)
	declare -A prog_args=([true]="" [ls]="$bench/empty" [python]="-c pass")
	declare -A prog_text=([true]=/bin/true [ls]="/bin/ls EMPTY-DIR" [python]="python3 -c pass")
	rmdir "$bench/empty" 2>/dev/null; mkdir -p "$bench/empty"
fi
# Each group of commands that compare with each other is timed on its own,
# in a random order in each round (spawnbench -r): a command leaves work
# behind when it exits (python3 about 150 us of it), which would otherwise
# always land on the command after it.
BENCH_OPTS=(-r)  # read by bench_run
if section 1; then
	with_rtld_interp "$bench/tiny" "$bench/tiny-rtld" || status=1
	bench_add tiny.static "$bench/exit-static"
	bench_add tiny.ldso-interp "$bench/tiny"
	bench_add tiny.ldso-direct "$SYSTEM_LDSO" "$bench/tiny"
	bench_add tiny.rtld-interp "$bench/tiny-rtld"
	bench_add tiny.rtld-direct "$RTLD" "$bench/tiny"
	echo
	echo "== timing section 1: $runs runs each after 10 warm-up rounds"
	bench_run "$runs" 10 "$results" || status=1
fi
if section 2; then
	echo
	echo "== timing section 2: one group per program, $runs runs each after 10 warm-up rounds"
fi
for p in "${progs[@]}"; do
	path=${prog_path[$p]}
	read -ra a <<<"${prog_args[$p]}"
	copy=$bench/sys/$p-rtld
	if [[ ! -x $copy || $path -nt $copy || $(patchelf --print-interpreter "$copy" 2>/dev/null) != "$RTLD" ]]; then
		with_rtld_interp "$path" "$copy" || status=1
	fi
	bench_add "$p.ldso-interp" "$path" "${a[@]}"
	bench_add "$p.ldso-direct" "$SYSTEM_LDSO" "$path" "${a[@]}"
	bench_add "$p.rtld-interp" "$copy" "${a[@]}"
	bench_add "$p.rtld-direct" "$RTLD" "$path" "${a[@]}"
	bench_run "$runs" 10 "$results" || status=1
done
load_results

if section 1; then
	echo
	echo "== 1. tiny freestanding dynamic program (tools/tiny, no libc, 1 library) against the static floor"
	header
	row tiny.static "static program that only exits (the floor)"
	row tiny.ldso-interp "tiny, glibc ld.so as PT_INTERP"
	row tiny.ldso-direct "tiny, run as \`ld.so tiny\`"
	row tiny.rtld-interp "tiny, rtld as PT_INTERP"
	row tiny.rtld-direct "tiny, run as \`rtld tiny\`"
	ratio tiny.rtld-interp tiny.static "rtld PT_INTERP / static floor" 1.30 "<= 1.30"
	ratio tiny.rtld-direct tiny.static "rtld direct / static floor" 1.30 "<= 1.30"
	ratio tiny.ldso-interp tiny.static "ld.so PT_INTERP / static floor (reference)"
	ratio tiny.rtld-interp tiny.ldso-interp "rtld / ld.so, PT_INTERP"
	ratio tiny.rtld-direct tiny.ldso-direct "rtld / ld.so, run directly"
fi

if section 2; then
	echo
	echo "== 2. Debian programs (glibc personality)"
	header
	for p in "${progs[@]}"; do
		t=${prog_text[$p]}
		row "$p.ldso-interp" "$t, glibc ld.so as PT_INTERP"
		row "$p.rtld-interp" "$t, rtld as PT_INTERP (patchelf'd copy)"
		row "$p.ldso-direct" "$t, \`ld.so PROG\`"
		row "$p.rtld-direct" "$t, \`rtld PROG\`"
		if [[ $p == python ]]; then
			ratio "$p.rtld-interp" "$p.ldso-interp" "$t: rtld / ld.so, PT_INTERP"
			ratio "$p.rtld-direct" "$p.ldso-direct" "$t: rtld / ld.so, direct"
		else
			ratio "$p.rtld-interp" "$p.ldso-interp" "$t: rtld / ld.so, PT_INTERP" 0.666666667 "<= 0.667 (1.5x faster)"
			ratio "$p.rtld-direct" "$p.ldso-direct" "$t: rtld / ld.so, direct" 0.666666667 "<= 0.667 (1.5x faster)"
		fi
	done
fi

# ---------------------------------------------------------------- 3
scale=$bench/scale/M$M
read -ra Ls <<<"$libs"
read -ra Rs <<<"$refs"
mapfile -t Ls < <(printf '%s\n' "${Ls[@]}" | sort -n)
mapfile -t Rs < <(printf '%s\n' "${Rs[@]}" | sort -n)
have_musl=0
[[ -x /lib/ld-musl-x86_64.so.1 ]] && command -v musl-gcc >/dev/null && have_musl=1
if section 3 || section 4; then
	count_ls=("${Ls[0]}" "${Ls[-1]}")
	build_ls=("${Ls[@]}")
	build_rs=("${Rs[@]}")
	if ! section 3; then build_ls=("${count_ls[@]}"); build_rs=("${Rs[0]}" "${Rs[-1]}"); fi
	echo
	echo "== building the scale series in $scale (L = ${build_ls[*]}; R = ${build_rs[*]}; make -j$jobs)"
	t0=$(date +%s.%N)
	gen_opts=(-j "$jobs")
	((have_musl)) || gen_opts+=(--no-musl)
	if ! "$TOOLS/bench/gen-scale.sh" "${gen_opts[@]}" "$scale" "$M" "$RTLD" \
		"${build_ls[*]}" "${build_rs[*]}"; then
		note "building the scale series failed"
		exit 1
	fi
	echo "   ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
fi

# Runs per (L, R): fewer for the slow ones.
scale_runs() {
	local l=$1 r=$2 n
	if ((quick)); then
		((l <= 10)) && n=51 || n=25
	else
		if ((l <= 10)); then n=201; elif ((l <= 50)); then n=101; elif ((l <= 100)); then n=51; else n=31; fi
	fi
	echo "$n"
}

# scale_add LABEL [NAME=VALUE...] PROG: checks that PROG makes every call
# and gets every sum right (run once with an argument), then queues it.
scale_add() {
	local label=$1 out rc=0
	shift
	out=$(env -- "$@" all 2>&1 </dev/null) || rc=$?
	if ((rc)); then
		note "$label: '$* all' failed (exit $rc): ${out:0:2000} -- not timed"
		BENCH_FAILED+=("$label")
		return 1
	fi
	bench_add "$label" "$@"
}

if section 3; then
	echo
	echo "== 3. synthetic scale series: L libraries x $M functions (GNU hash), main references R of each"
	echo "   (R PLT calls per library, made only when an argument is given; 1 GOT data reference per library)"
	for l in "${Ls[@]}"; do
		for r in "${Rs[@]}"; do
			n=L${l}_R$r k=L${l}R$r
			main=$scale/main_$n
			scale_add "$k.ldso-lazy" "$main"
			scale_add "$k.rtld-lazy" "$main-rtld"
			scale_add "$k.ldso-now" LD_BIND_NOW=1 "$main"
			scale_add "$k.rtld-now" LD_BIND_NOW=1 "$main-rtld"
			((have_musl)) && scale_add "$k.musl" "$main-musl"
			nr=$(scale_runs "$l" "$r")
			bench_run "$nr" 2 "$results" || status=1
			load_results
			echo
			printf '   %d x %d: %d symbol relocations (%d lazy PLT + %d GOT), %d runs\n' \
				"$l" "$r" $((l * r + l)) $((l * r)) "$l" "$nr"
			header
			row "$k.ldso-lazy" "glibc ld.so, lazy"
			row "$k.rtld-lazy" "rtld, lazy"
			row "$k.ldso-now" "glibc ld.so, LD_BIND_NOW=1"
			row "$k.rtld-now" "rtld, LD_BIND_NOW=1"
			((have_musl)) && row "$k.musl" "musl ld.so (musl-gcc main; binds everything)"
			if ((l == 200 && r == 1000)); then
				ratio "$k.rtld-lazy" "$k.ldso-lazy" "200x1000 lazy: rtld / ld.so" 1.0 "<= 1.00 (no slower)"
				ratio "$k.rtld-now" "$k.ldso-now" "200x1000 eager: rtld / ld.so" 0.10 "<= 0.10 (10x faster)"
			else
				ratio "$k.rtld-lazy" "$k.ldso-lazy" "lazy: rtld / ld.so"
				ratio "$k.rtld-now" "$k.ldso-now" "eager: rtld / ld.so"
			fi
			((have_musl)) && ratio "$k.musl" "$k.ldso-now" "musl / ld.so eager (reference)"
			((have_musl)) && ratio "$k.rtld-now" "$k.musl" "rtld eager / musl"
		done
	done
	if [[ " ${Ls[*]} " != *" 200 "* || " ${Rs[*]} " != *" 1000 "* ]]; then
		targets+=("$(printf '    %-52s %11s   %-30s %s' "200x1000 lazy and eager: rtld / ld.so" "-" "(not run: needs L=200, R=1000)" "NOT RUN")")
	fi
fi

# ---------------------------------------------------------------- 4
# ir LABEL [NAME=VALUE...] PROG [ARG...]: callgrind's total Ir into ir[LABEL]
# (empty if the program failed under valgrind).
declare -A ir
count_ir() {
	local label=$1 log vars=()
	shift
	while [[ $1 == *=* ]]; do vars+=("$1"); shift; done
	log=$(mktemp)
	if env -- "${vars[@]}" "$@" >/dev/null 2>&1 </dev/null &&
		env -- "${vars[@]}" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
			>/dev/null 2>"$log" </dev/null; then
		ir[$label]=$(sed -n 's/^==[0-9]*== Collected : *//p' "$log" | tail -1)
	else
		note "$label: callgrind run failed: $(tail -5 "$log")"
		ir[$label]=""
	fi
	rm -f "$log"
}
# ir_row LABEL TEXT
ir_row() {
	if [[ -n ${ir[$1]} ]]; then
		printf '    %-52s %14s\n' "$2" "${ir[$1]}"
	else
		printf '    %-52s %14s\n' "$2" FAIL
		status=1
	fi
}
ir_ratio() {
	local r=FAIL
	[[ -z ${ir[$1]} || -z ${ir[$2]} ]] || r=$(awk -v a="${ir[$1]}" -v b="${ir[$2]}" 'BEGIN { printf "%.3f", a / b }')
	printf '    %-52s %14s\n' "$3" "$r"
}
# count_calls LABEL PROG: strace -f -c's total number of calls into
# calls[LABEL] (empty if the program failed), and its table ("N syscall"
# lines) into mix[LABEL].
declare -A calls mix
count_calls() {
	local label=$1 log
	shift
	log=$(mktemp)
	if strace -f -c -o "$log" "$@" >/dev/null 2>&1 </dev/null; then
		calls[$label]=$(awk '$NF == "total" { print $4 }' "$log")
		mix[$label]=$(awk '$4 ~ /^[0-9]+$/ && $NF != "total" { print $4, $NF }' "$log")
	else
		note "$label: '$*' failed under strace"
		calls[$label]=""
	fi
	rm -f "$log"
}

# syscall_mix SMALL BIG N: "syscall calls/N" for each system call whose
# count differs between the two mix tables, most first.
syscall_mix() {
	{ sed 's/^/- /' <<<"$1"; sed 's/^/+ /' <<<"$2"; } | awk -v n="$3" '
		NF == 3 { d[$3] += ($1 == "+" ? $2 : -$2) }
		END { for (c in d) if (d[c] != 0) printf "%.2f %s\n", d[c] / n, c }' |
		sort -k1,1gr | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }'
}

if section 4; then
	echo
	echo "== 4. instruction counts (valgrind --tool=callgrind, total Ir; valgrind also preloads its vgpreload_core)"
	if ! command -v valgrind >/dev/null; then
		echo "    no valgrind: skipped"
		status=1
	else
		[[ -x $bench/sys/true-rtld && $(patchelf --print-interpreter "$bench/sys/true-rtld") == "$RTLD" ]] ||
			with_rtld_interp /bin/true "$bench/sys/true-rtld"
		lb=${count_ls[1]} rb=${Rs[-1]}
		main=$scale/main_L${lb}_R$rb
		count_ir true.ldso /bin/true
		count_ir true.rtld "$bench/sys/true-rtld"
		count_ir big.ldso-now LD_BIND_NOW=1 "$main"
		count_ir big.rtld-now LD_BIND_NOW=1 "$main-rtld"
		count_ir big.ldso-lazy "$main"
		count_ir big.rtld-lazy "$main-rtld"
		printf '    %-52s %14s\n' "" instructions
		ir_row true.ldso "/bin/true, glibc ld.so as PT_INTERP"
		ir_row true.rtld "/bin/true, rtld as PT_INTERP"
		ir_ratio true.rtld true.ldso "/bin/true: rtld / ld.so"
		ir_row big.ldso-now "${lb}x$rb, glibc ld.so, LD_BIND_NOW=1"
		ir_row big.rtld-now "${lb}x$rb, rtld, LD_BIND_NOW=1"
		ir_ratio big.rtld-now big.ldso-now "${lb}x$rb eager: rtld / ld.so"
		ir_row big.ldso-lazy "${lb}x$rb, glibc ld.so, lazy"
		ir_row big.rtld-lazy "${lb}x$rb, rtld, lazy"
		ir_ratio big.rtld-lazy big.ldso-lazy "${lb}x$rb lazy: rtld / ld.so"
	fi

	echo
	ls_=${count_ls[0]} lb=${count_ls[1]} r0=${Rs[0]}
	echo "== 4. system calls per loaded library (strace -f -c, main_L${ls_}_R$r0 and main_L${lb}_R$r0, lazy)"
	if ! command -v strace >/dev/null || ((lb == ls_)); then
		echo "    no strace, or only one L: skipped"
		status=1
	else
		printf '    %-52s %10s %10s %12s\n' "" "L=$ls_" "L=$lb" "per library"
		loaders=(ldso rtld)
		((have_musl)) && loaders+=(musl)
		for ld in "${loaders[@]}"; do
			case $ld in
			ldso) sfx="" text="glibc ld.so" ;;
			rtld) sfx=-rtld text="rtld" ;;
			musl) sfx=-musl text="musl ld.so (reference)" ;;
			esac
			count_calls "$ld.s" "$scale/main_L${ls_}_R$r0$sfx"
			count_calls "$ld.b" "$scale/main_L${lb}_R$r0$sfx"
			per=FAIL
			if [[ -n ${calls[$ld.s]} && -n ${calls[$ld.b]} ]]; then
				per=$(awk -v a="${calls[$ld.s]}" -v b="${calls[$ld.b]}" -v n=$((lb - ls_)) \
					'BEGIN { printf "%.2f", (b - a) / n }')
			fi
			printf '    %-52s %10s %10s %12s\n' "$text" "${calls[$ld.s]:-FAIL}" "${calls[$ld.b]:-FAIL}" "$per"
			[[ $per == FAIL ]] ||
				printf '      per library: %s\n' "$(syscall_mix "${mix[$ld.s]}" "${mix[$ld.b]}" $((lb - ls_)))"
			if [[ $ld == rtld ]]; then
				v=FAIL
				[[ $per == FAIL ]] || v=$(verdict "$per" le 5)
				[[ $per != FAIL ]] || status=1
				targets+=("$(printf '    %-52s %11s   %-30s %s' "rtld system calls per loaded library" "$per" "target <= 5" "$v")")
			fi
		done
		echo "    (per library = (calls(L=$lb) - calls(L=$ls_)) / $((lb - ls_)))"
	fi
fi

echo
echo "== targets of issue 6 (ratios of medians from this run)"
if ((${#targets[@]})); then
	printf '%s\n' "${targets[@]}"
else
	echo "    none measured"
fi
if ((${#BENCH_FAILED[@]})); then
	echo
	echo "FAILED (not timed): ${BENCH_FAILED[*]}"
	status=1
fi
echo
echo "report written to $report"
exit "$status"
