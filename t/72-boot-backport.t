#!/usr/bin/env bash
# boot-test on the backport lines, the queues users take: 5.10.y (always:
# Debian serves its tree) and 5.15.y where its tree is at hand. The patched
# kernel boots and the guest's vfio life-cycle tests pass (x86_64; their
# other arches: scripts/boot-test <line> --arch A, scripts/verify --all).
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 6
for line in 5.10.y 5.15.y; do
	if ! "$ROOT/scripts/fetch-kernel" "$line" >/dev/null 2>&1; then
		for _ in 1 2 3; do
			skip "$line tree not at hand on this machine (scripts/fetch-kernel $line says how to provide it)"
		done
		continue
	fi
	run "$ROOT/scripts/boot-test" "$line"
	exits_ok "boot-test $line passes"
	says "guest tests passed \([0-9]+ ok\), no splat, no leak" "$line x86_64: every guest test passed, without splat or leak"
	ok "$(grep -q '^pass' "$VFIO_QUEUE_RESULTS/$line.x86_64.boot"; echo $?)" "$line: the boot step is recorded as passed"
done
finish
