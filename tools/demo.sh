#!/bin/bash
# The main job: builds rtld if needed, then runs real programs under the
# system's ld.so and under rtld side by side, and says whether their
# output and exit status are identical.
#
# glibc programs need rtld's glibc personality: while `rtld --version`
# lists personalities without glibc, a glibc program that does not run
# the same is shown as NOT SUPPORTED YET.  Any other difference is a
# failure and makes the exit status 1.
#   tools/demo.sh            (BUILD=dir and RTLD=path override the defaults)
set -uo pipefail
source "$(dirname "$0")/lib.sh"

WIDTH=${COLUMNS:-160}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
same=0 different=0 unsupported=0

ensure_build || die "the build failed (see above)"
need_rtld
build_tiny || exit 1
tiny=$BUILD/bench/tiny
with_rtld_interp "$tiny" "$BUILD/bench/tiny-rtld" || die "patchelf failed"

# run NAME CMD...: runs CMD, keeping its stdout, stderr and exit status.
run() {
	local name=$1
	shift
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
	echo $? >"$tmp/$name.status"
}

# side_by_side TITLE1 FILE1 TITLE2 FILE2: the files in two columns (tabs
# expanded; left lines too long for their column are cut, marked ">").
side_by_side() {
	awk -v w=$((WIDTH / 2 - 2)) -v t1="$1" -v f1=<(expand "$2") -v t2="$3" -v f2=<(expand "$4") '
	function row(l, r) {
		if (length(l) > w)
			l = substr(l, 1, w - 1) ">"
		printf "%-" w "s | %s\n", l, r
	}
	BEGIN {
		while ((getline line < f1) > 0) a[++n] = line
		while ((getline line < f2) > 0) b[++m] = line
		row(t1, t2)
		for (i = 1; i <= (n > m ? n : m); i++)
			row(a[i], b[i])
	}'
}

# compare TITLE NEEDS FILTER -- SYSTEM_CMD... -- RTLD_CMD...: runs both,
# shows both, and counts the result.  NEEDS is the personality the program
# needs (glibc or none); FILTER (a shell function or cat) normalises both
# outputs before they are compared.
compare() {
	local title=$1 needs=$2 filter=$3 sys=() rt=()
	shift 4
	while [[ $1 != -- ]]; do sys+=("$1"); shift; done
	shift
	rt=("$@")

	printf '\n=== %s\n' "$title"
	run sys "${sys[@]}"
	run rtld "${rt[@]}"
	for who in sys rtld; do
		"$filter" <"$tmp/$who.out" >"$tmp/$who.norm"
		cat "$tmp/$who.err" >>"$tmp/$who.norm"
	done
	printf 'system: $ %s   [exit %s]\n' "${sys[*]}" "$(<"$tmp/sys.status")"
	printf 'rtld:   $ %s   [exit %s]\n' "${rt[*]}" "$(<"$tmp/rtld.status")"
	side_by_side "----- system" "$tmp/sys.norm" "----- rtld" "$tmp/rtld.norm"
	if cmp -s "$tmp/sys.norm" "$tmp/rtld.norm" &&
		cmp -s "$tmp/sys.status" "$tmp/rtld.status"; then
		echo "=> IDENTICAL output and exit status"
		same=$((same + 1))
	elif ! supports "$needs"; then
		echo "=> NOT SUPPORTED YET: needs the $needs personality; this rtld has: $personalities"
		unsupported=$((unsupported + 1))
	else
		echo "=> DIFFERENT:"
		diff -u --label "system ld.so [exit $(<"$tmp/sys.status")]" "$tmp/sys.norm" \
			--label "rtld [exit $(<"$tmp/rtld.status")]" "$tmp/rtld.norm"
		different=$((different + 1))
	fi
}

echo "rtld: $RTLD"
"$RTLD" --version 2>&1 | head -n3
# "Personalities: none (freestanding)" -> "none (freestanding)"; a linker
# that does not say (glibc's ld.so as a stand-in) supports everything.
personalities=$("$RTLD" --version 2>/dev/null | sed -n 's/^Personalities: *//p')
supports() { [[ $1 == none || -z $personalities || $personalities == *"$1"* ]]; }

compare "freestanding dynamic program, rtld run directly" none cat \
	-- "$tiny" hello from a freestanding program \
	-- "$RTLD" "$tiny" hello from a freestanding program
compare "freestanding dynamic program, rtld as PT_INTERP" none cat \
	-- "$tiny" hello from a freestanding program \
	-- "$BUILD/bench/tiny-rtld" hello from a freestanding program
compare "glibc program: echo" glibc cat \
	-- /bin/echo hello from rtld -- "$RTLD" /bin/echo hello from rtld
compare "glibc program: ls -l /" glibc cat \
	-- /bin/ls -l / -- "$RTLD" /bin/ls -l /
compare "glibc program failing: ls /nonexistent (exit status 2)" glibc cat \
	-- /bin/ls /nonexistent -- "$RTLD" /bin/ls /nonexistent
compare "dependencies: ldd /bin/ls vs rtld --list /bin/ls (normalised)" none normalise_list \
	-- ldd /bin/ls -- "$RTLD" --list /bin/ls

printf '\ndemo: %d identical, %d different, %d not supported yet\n' \
	"$same" "$different" "$unsupported"
[[ $different -eq 0 ]]
