#!/usr/bin/env bash
# boot-test on the backport lines, the queues users take: 5.10.y (always:
# Debian serves its tree) and 5.15.y where its tree is at hand. The patched
# kernel boots and the guest's vfio life-cycle tests pass, on x86_64 twice:
# plainly, and behind QEMU's intel-iommu with upstream's vfio selftests
# (their other arches:
# scripts/boot-test <line> --arch A, scripts/verify --all).
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 10
# Called through each_backport_line, which shellcheck cannot follow.
# shellcheck disable=SC2317
boot_backport_line() {
	local line=$1
	run "$ROOT/scripts/boot-test" "$line"
	exits_ok "boot-test $line passes"
	says "$line: guest tests passed \(28 ok\), no splat, no leak" "$line x86_64: all 28 guest tests passed, without splat or leak"
	says "$line: behind the IOMMU: guest tests passed \(21 ok\), no splat, no leak" \
		"$line x86_64 behind the IOMMU: all 21 tests passed (vfio-pci on the e1000e, QEMU's assignment, upstream's selftests), without splat or leak"
	says "$line: behind the IOMMU: upstream's vfio selftests: [1-9][0-9]* pass, [0-9]+ fail, [0-9]+ skip, every failure expected" \
		"$line: upstream's vfio selftests ran, every failure one kernels/$line/selftests-expected lists"
	ok "$(grep -q '^pass' "$VFIO_QUEUE_RESULTS/$line.x86_64.boot"; echo $?)" "$line: the boot step is recorded as passed"
}
each_backport_line 5 boot_backport_line
finish
