#!/bin/bash
# elfinspect on sound files exits 0; on truncated and corrupted copies it
# exits 1 (malformed) or 2 (not ELF), never by a signal.
#   test-elfinspect.sh ELFINSPECT
set -euo pipefail
inspect=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect WANTED FILE ARGS...: the exit status of elfinspect ARGS FILE is one of WANTED.
expect() {
	local wanted=$1 file=$2 status=0
	shift 2
	"$inspect" "$@" "$file" >"$tmp/out" 2>&1 || status=$?
	if [[ " $wanted " != *" $status "* ]]; then
		echo "FAIL: elfinspect $* ${file##*/}: exit status $status, wanted one of: $wanted"
		tail -5 "$tmp/out"
		fails=$((fails + 1))
	fi
}

sound=(/bin/ls /lib/x86_64-linux-gnu/libc.so.6 /lib64/ld-linux-x86-64.so.2)
for f in "${sound[@]}"; do
	expect 0 "$f"
	expect 0 "$f" --check
done

size=$(stat -c %s /bin/ls)
for n in 0 1 4 16 52 63 64 65 100 500 800 2000 4096 20000 $((size / 2)) $((size - 600)) $((size - 1)); do
	head -c "$n" /bin/ls >"$tmp/trunc-$n"
	expect "1 2" "$tmp/trunc-$n"
	expect "1 2" "$tmp/trunc-$n" --check
done
grep -q MALFORMED <("$inspect" --check "$tmp/trunc-800" || true) ||
	{ echo "FAIL: --check does not call a truncated file MALFORMED"; fails=$((fails + 1)); }

# Overwrite 8 bytes at spread offsets with 0xff: whatever it breaks, no crash.
for off in 16 24 32 40 48 56 64 72 80 120 200 400 928 944 1000 4200 6000 146848 146872; do
	cp /bin/ls "$tmp/bad"
	printf '\377\377\377\377\377\377\377\377' |
		dd of="$tmp/bad" bs=1 seek="$off" conv=notrunc status=none
	expect "0 1 2" "$tmp/bad"
	expect "0 1 2" "$tmp/bad" --check
done

expect 2 /nonexistent
expect 2 /
echo "elfinspect: $fails failures"
[[ $fails -eq 0 ]]
