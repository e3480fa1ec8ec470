# Shared by the scripts in tools/: source it, don't run it.
#
# Environment:
#   BUILD  meson build directory (default: build/ at the top of the tree)
#   RTLD   the linker under test (default: $BUILD/rtld/rtld)

TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$TOOLS")
BUILD=$(realpath -m "${BUILD:-$ROOT/build}")
RTLD=$(realpath -m "${RTLD:-$BUILD/rtld/rtld}")
SYSTEM_LDSO=/lib64/ld-linux-x86-64.so.2
PROG=${0##*/}

note() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { note "$*"; exit 2; }

# Configures $BUILD if needed, then builds the given targets (all without
# any).  Quiet unless the build fails; then shows meson's output.
ensure_build() {
	local log status=0
	log=$(mktemp)
	note "building $BUILD"
	{ [[ -f $BUILD/build.ninja ]] || meson setup "$BUILD" "$ROOT"; } >"$log" 2>&1 &&
		meson compile -C "$BUILD" "$@" >>"$log" 2>&1 || status=$?
	if [[ $status -ne 0 ]]; then
		cat "$log" >&2
		note "the build failed"
	fi
	rm -f "$log"
	return "$status"
}

have_rtld() { [[ -x $RTLD ]]; }

need_rtld() {
	have_rtld || die "no rtld at $RTLD: build it first (meson setup build && meson compile -C build), or set RTLD"
}

# Makes ldd and `rtld --list` output comparable: drops the load addresses
# " (0x...)", and the " => PATH" that a linker run directly adds to the
# line of the program's interpreter (ldd shows only the PT_INTERP path;
# glibc's ld.so run directly does the same).
normalise_list() {
	sed -E -e 's/ \(0x[0-9a-fA-F]+\)$//' -e 's#^(\t/[^ ]+) => /[^ ]+$#\1#'
}

# Builds the tiny freestanding programs of tools/tiny/ into $1 (default
# $BUILD/bench), unless they are newer than their sources:
#   tiny         dynamic PIE, no libc, needs libtiny.so (found via $ORIGIN),
#                interpreter: the system ld.so
#   libtiny.so   its library
#   exit-static  static program that only exits
build_tiny() {
	local out=${1:-$BUILD/bench} src=$TOOLS/tiny
	local cflags=(-O2 -ffreestanding -fno-builtin -fno-stack-protector -fcf-protection=none
		-fno-asynchronous-unwind-tables -Wall -Wextra -Werror)
	mkdir -p "$out"
	if [[ ! $out/tiny -nt $src/main.c || ! $out/libtiny.so -nt $src/lib.c ||
		! $out/exit-static -nt $src/exit.c || $TOOLS/lib.sh -nt $out/tiny ]]; then
		gcc "${cflags[@]}" -fPIC -nostdlib -shared -Wl,-soname,libtiny.so \
			-o "$out/libtiny.so" "$src/lib.c" &&
		gcc "${cflags[@]}" -fPIE -pie -nostdlib -o "$out/tiny" "$src/main.c" \
			-L"$out" -ltiny -Wl,-rpath,'$ORIGIN' -Wl,--dynamic-linker="$SYSTEM_LDSO" &&
		gcc "${cflags[@]}" -static -nostdlib -o "$out/exit-static" "$src/exit.c" ||
			{ note "could not build the tiny programs in $out"; return 1; }
	fi
}

# Copies program $1 to $2 with rtld as its PT_INTERP.
with_rtld_interp() {
	cp "$1" "$2" && patchelf --set-interpreter "$RTLD" "$2"
}
