#!/bin/bash
# Installs the Debian packages this project needs (Debian 12, bookworm).
# Idempotent: when everything is installed it only asks dpkg and exits,
# without touching apt.  Runs apt-get as root, through sudo if need be.
set -euo pipefail

required=(meson ninja-build gcc libc6-dev pkg-config check libelf-dev patchelf
	python3 gdb hyperfine musl-tools valgrind binutils file strace)
# Optional: gcc-multilib builds the 32-bit (wrong-class) test files;
# qemu-user runs the cpu_features tests and the isa_* cases (objects this
# machine's x86-64-v4 processor accepts, refused by lower levels) under
# emulated processors of other vendors, models and ISA levels.  Without
# them those tests are left out or skipped.
optional=(gcc-multilib qemu-user)

export DEBIAN_FRONTEND=noninteractive
arch=$(dpkg --print-architecture)

# Installed version of each named package, one "name version" a line
# (packages known but not installed are left out).
installed() {
	dpkg-query -W -f='${Package} ${db:Status-Status} ${Version}\n' "$@" 2>/dev/null |
		awk '$2 == "installed" { print $1, $3 }' || true
}

version_of() { installed "$1" | awk '{ print $2; exit }'; }

missing_from() {
	local have
	have=$(installed "$@" | awk '{ print $1 }')
	for p in "$@"; do
		grep -qx -- "$p" <<<"$have" || echo "$p"
	done
}

libc_version() { version_of "libc6:$arch"; }

# libc6-dbg must be exactly the installed libc6, for gdb and valgrind.
dbg_ok() { [[ $(version_of libc6-dbg) == "$(libc_version)" ]]; }

# An optional package is wanted if it is not installed but apt has it.
optional_wanted() {
	local p
	for p in $(missing_from "${optional[@]}"); do
		[[ $(apt-cache policy "$p" 2>/dev/null) =~ Candidate:\ [^\(] ]] && echo "$p"
	done
	return 0
}

mapfile -t missing < <(missing_from "${required[@]}")
mapfile -t wanted < <(optional_wanted)
if [[ ${#missing[@]} -eq 0 && ${#wanted[@]} -eq 0 ]] && dbg_ok; then
	echo "setup: all packages installed"
	exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
	as_root=()
elif command -v sudo >/dev/null; then
	as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
else
	echo "setup: need root or sudo to install packages" >&2
	exit 1
fi

updated=0
apt_update() {
	if [[ $updated -eq 0 ]]; then
		"${as_root[@]}" apt-get update
		updated=1
	fi
}
apt_install() { "${as_root[@]}" apt-get install -y --no-install-recommends "$@"; }

# A fresh image has no package lists, and a stale list may name versions
# no longer served: then update once and try again.
lists_present() { compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; }
install_or_update() {
	if [[ $updated -eq 0 ]] && ! lists_present; then
		apt_update
	fi
	apt_install "$@" || { [[ $updated -eq 0 ]] && apt_update && apt_install "$@"; }
}

if [[ ${#missing[@]} -gt 0 ]]; then
	echo "setup: installing ${missing[*]}"
	install_or_update "${missing[@]}"
fi

# Optional packages: a failure is reported, not fatal.
if [[ $updated -eq 1 ]]; then
	mapfile -t wanted < <(optional_wanted)
fi
if [[ ${#wanted[@]} -gt 0 ]]; then
	echo "setup: installing optional ${wanted[*]}"
	install_or_update "${wanted[@]}" || echo "setup: could not install ${wanted[*]}: the tests that need them are left out" >&2
elif [[ $(missing_from "${optional[@]}") ]]; then
	echo "setup: $(missing_from "${optional[@]}" | tr '\n' ' ')not available here: the tests that need them are left out" >&2
fi

# Installing gcc-multilib can move libc6 on, so pin libc6-dbg last.  If the
# archive no longer has the installed libc6's version, bring libc6 and
# libc6-dbg to the archive's version together.
if ! dbg_ok; then
	libc=$(libc_version)
	echo "setup: installing libc6-dbg=$libc"
	if ! install_or_update --allow-downgrades "libc6-dbg=$libc"; then
		echo "setup: libc6-dbg $libc is not in the archive: upgrading libc6 to match" >&2
		apt_install libc6 libc6-dev libc6-dbg
	fi
	dbg_ok || { echo "setup: libc6-dbg $(version_of libc6-dbg) does not match libc6 $(libc_version)" >&2; exit 1; }
fi
echo "setup: done"
