#!/bin/bash
# Secure mode: a setuid copy of a program (owned by nobody, run by root, so
# the kernel sets AT_SECURE) must see the environment glibc's ld.so leaves
# it: the unsafe variables removed, the others kept.  Run under the
# kernel's choice of ld.so and with rtld as PT_INTERP; outputs must match.
#   tests/secure.sh RTLD T_MISC
set -u
rtld=$(realpath "$1") prog=$(realpath "$2")
[ "$(id -u)" = 0 ] || { echo "needs root to make a setuid copy: skipped"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
cp "$prog" "$dir/glibc"
cp "$prog" "$dir/rtld"
# $ORIGIN is not trusted in secure mode: give the copies an absolute
# RUNPATH and their libraries beside them.
for lib in $(ldd "$prog" | awk '$3 ~ /^\// && $1 !~ /^linux-vdso/ {print $3}'); do cp "$lib" "$dir/"; done
for f in glibc rtld; do patchelf --set-rpath "$dir" "$dir/$f"; done
patchelf --set-interpreter "$rtld" "$dir/rtld"
for f in glibc rtld; do chown nobody "$dir/$f" && chmod 4755 "$dir/$f"; done

run() {
	env -i LD_LIBRARY_PATH=/nonexistent LD_PRELOAD=libnothere.so LD_DEBUG_OUTPUT=/tmp/x \
		TMPDIR=/tmp/y LD_BIND_NOW=1 TEST_VAR1=one "$dir/$1" secure 2>&1
	echo "status=$?"
}
# Both ld.so and rtld still try a slash-free preload from the trusted
# directories, and say so.
expected="ERROR: ld.so: object 'libnothere.so' from LD_PRELOAD cannot be preloaded (cannot open shared object file): ignored.
LD_LIBRARY_PATH=(unset)
LD_PRELOAD=(unset)
LD_DEBUG_OUTPUT=(unset)
TMPDIR=(unset)
LD_BIND_NOW=1
TEST_VAR1=one
status=0"
fail=0
for f in glibc rtld; do
	out=$(run "$f")
	if [ "$out" = "$expected" ]; then
		echo "ok $f"
	else
		echo "FAIL $f:"; diff <(echo "$expected") <(echo "$out"); fail=1
	fi
done
# Without setuid, the same variables stay.
chmod 755 "$dir/rtld"
out=$(run rtld)
case "$out" in *"LD_LIBRARY_PATH=/nonexistent"*"TMPDIR=/tmp/y"*) echo "ok rtld not secure" ;;
	*) echo "FAIL rtld not secure: $out"; fail=1 ;; esac
[ $fail = 0 ] && echo "3 passed, 0 failed" || echo "failed"
exit $fail
