#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Installs every Debian package libsmmuv3's build, tests, benchmarks and QEMU
# examples need. Idempotent: safe to run again. Must run as root on Debian 12.
#
# QEMU >= 9.2 is needed for stage-2 and nested translation; bookworm ships 7.2,
# so the bookworm-backports suite is added, reusing whatever Debian mirror the
# machine's apt sources already use (no host name is written here).
set -euo pipefail

log() { printf 'setup: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
	echo "setup: must run as root (apt-get install)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# Print the URI of the first configured source that serves the main Debian
# archive (not debian-security), from deb822 .sources files or sources.list.
find_debian_mirror() {
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		uri=$(awk '
			/^URIs:/ { u = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") s = 1 }
			/^$/ { if (u != "" && s) { print u; exit } u = ""; s = 0 }
			END { if (u != "" && s) print u }' "$f")
		if [ -n "$uri" ]; then echo "$uri"; return 0; fi
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		uri=$(awk '$1 == "deb" && $0 ~ / bookworm( |$)/ {
			for (i = 2; i <= NF; i++) if ($i !~ /^\[/) { print $i; exit } }' "$f")
		if [ -n "$uri" ]; then echo "$uri"; return 0; fi
	done
	return 1
}

have_backports() {
	grep -rqsE 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/
}

if ! have_backports; then
	mirror=$(find_debian_mirror) || {
		echo "setup: no bookworm source found in apt sources to reuse for backports" >&2
		exit 1
	}
	log "adding bookworm-backports from the configured mirror"
	cat > /etc/apt/sources.list.d/libsmmuv3-backports.sources <<SRC
Types: deb
URIs: ${mirror}
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	rm -f /var/lib/libsmmuv3-apt-updated
fi

packages=(
	build-essential meson ninja-build pkg-config
	libcmocka-dev
	libfdt-dev:arm64
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
	clang lld llvm
	libclang-rt-14-dev
	device-tree-compiler
	doxygen
	valgrind
)

# The bare-metal port links Debian's arm64 build of libfdt (libfdt.a from
# libfdt-dev:arm64; see docs/bringup.md), which needs the arm64 package
# lists: add the architecture once and refresh them.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	log "adding the arm64 architecture (for libfdt-dev:arm64)"
	dpkg --add-architecture arm64
	rm -f /var/lib/libsmmuv3-apt-updated
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

qemu_ok() {
	command -v qemu-system-aarch64 >/dev/null 2>&1 || return 1
	local v
	v=$(qemu-system-aarch64 --version | sed -n 's/.*version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
	set -- $v
	[ "${1:-0}" -gt 9 ] || { [ "${1:-0}" -eq 9 ] && [ "${2:-0}" -ge 2 ]; }
}

apt_update() {
	log "apt-get update"
	apt-get update -qq
	touch /var/lib/libsmmuv3-apt-updated
}

# Install, refreshing the package lists once more if they turn out stale
# (a mirror that moved on since the last update answers 404).
apt_install() {
	local cmd=(apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "$@")
	"${cmd[@]}" || { apt_update && "${cmd[@]}"; }
}

if [ ${#missing[@]} -gt 0 ] || ! qemu_ok; then
	if [ ! -f /var/lib/libsmmuv3-apt-updated ] || [ -n "$(find /var/lib/libsmmuv3-apt-updated -mmin +720 2>/dev/null)" ]; then
		apt_update
	fi
fi

if [ ${#missing[@]} -gt 0 ]; then
	log "installing: ${missing[*]}"
	apt_install "${missing[@]}"
fi

if ! qemu_ok; then
	log "installing qemu-system-arm from bookworm-backports"
	apt_install -t bookworm-backports qemu-system-arm
fi
qemu_ok || { echo "setup: qemu-system-aarch64 >= 9.2 not available" >&2; exit 1; }

log "ready: $(meson --version) meson, $(qemu-system-aarch64 --version | head -1)"
