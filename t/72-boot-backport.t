#!/usr/bin/env bash
# boot-test on the backport lines, the queues users take: 5.10.y (always:
# Debian serves its tree) and 5.15.y where its tree is at hand. The patched
# kernel boots and the guest's vfio life-cycle tests pass (x86_64; their
# other arches: scripts/boot-test <line> --arch A, scripts/verify --all).
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 6
# Called through each_backport_line, which shellcheck cannot follow.
# shellcheck disable=SC2317
boot_backport_line() {
	local line=$1
	run "$ROOT/scripts/boot-test" "$line"
	exits_ok "boot-test $line passes"
	says "guest tests passed \([0-9]+ ok\), no splat, no leak" "$line x86_64: every guest test passed, without splat or leak"
	ok "$(grep -q '^pass' "$VFIO_QUEUE_RESULTS/$line.x86_64.boot"; echo $?)" "$line: the boot step is recorded as passed"
}
each_backport_line 3 boot_backport_line
finish
