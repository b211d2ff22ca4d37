#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Boot one bare-metal test image on QEMU's virt machine with its SMMUv3
# and check the exit status the image reports through semihosting.
#
#   run-qemu.sh [options] IMAGE.elf [-- extra QEMU arguments]
#     -M TYPE     machine type (default virt; virt-9.1 has a stage-1-only SMMU)
#     -m OPTS     extra -M options (e.g. "virtualization=on,gic-version=3")
#     -a ARGS     kernel command line, read by the image from /chosen/bootargs
#                 (selects the scenario)
#     -e STATUS   expected exit status (default 0)
#     -t SECONDS  timeout (default 60): semihosting misconfigured means a hang
#     -g REGEX    the console output must also match this extended regex
#                 (repeatable: every one must match)
#     -d SCRIPT   boot with an edited device tree: the machine's own (same
#                 -M options and QEMU arguments) is dumped, SCRIPT DTB edits
#                 it in place (fdtput), and QEMU boots with -dtb DTB
# QEMU is $QEMU or qemu-system-aarch64.
set -eu
type=virt machine='' append='' expect=0 secs=60 grep_re='' dtb_edit=''
while getopts M:m:a:e:t:g:d: opt; do
	case $opt in
	M) type=$OPTARG ;;
	m) machine=,$OPTARG ;;
	a) append=$OPTARG ;;
	e) expect=$OPTARG ;;
	t) secs=$OPTARG ;;
	g) grep_re="$grep_re$OPTARG
" ;;
	d) dtb_edit=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
image=$1
shift
[ "${1:-}" = "--" ] && shift
qemu=${QEMU:-qemu-system-aarch64}
out=$(mktemp)
dtb=$(mktemp)
trap 'rm -f "$out" "$dtb"' EXIT

if [ -n "$dtb_edit" ]; then
	timeout "$secs" "$qemu" -M "$type,dumpdtb=$dtb,iommu=smmuv3$machine" -cpu cortex-a57 \
		-m 512M -nographic -monitor none -nic none "$@" </dev/null
	"$dtb_edit" "$dtb"
	set -- -dtb "$dtb" "$@"
fi

set +e
timeout "$secs" "$qemu" -M "$type,iommu=smmuv3$machine" -cpu cortex-a57 -m 512M \
	-nographic -monitor none -serial stdio \
	-semihosting-config enable=on,target=native -nic none \
	-icount shift=10,align=off -kernel "$image" ${append:+-append "$append"} \
	"$@" </dev/null >"$out" 2>&1
status=$?
set -e
cat "$out"
if [ "$status" -eq 124 ]; then
	echo "run-qemu: timed out after ${secs}s" >&2
	exit 1
fi
if [ "$status" -ne "$expect" ]; then
	echo "run-qemu: exit status $status, expected $expect" >&2
	exit 1
fi
while IFS= read -r re; do
	[ -n "$re" ] || continue
	if ! grep -Eq -- "$re" "$out"; then
		echo "run-qemu: output does not match /$re/" >&2
		exit 1
	fi
done <<EOF
$grep_re
EOF
echo "run-qemu: exit status $status as expected"
