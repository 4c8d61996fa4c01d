#!/usr/bin/env bash
# Bad inputs fail with a message that says what is wrong.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 11
for s in fetch-kernel apply build; do
	run "$ROOT/scripts/$s" 9.9.y
	exits_fail "$s rejects an unknown line"
	says "unknown kernel line '9.9.y'; known lines: 5.10.y 5.15.y 6.1.y 6.12.y 6.18.y" "$s names the known lines"
done
run "$ROOT/scripts/build" 6.1.y --arch sparc
says "unknown arch 'sparc'" "build rejects an unknown arch"
run "$ROOT/scripts/boot-test" 6.1.y --arch sparc
exits_fail "boot-test rejects an arch it cannot boot"
says "unknown arch 'sparc'; known arches: arm64 s390 x86_64" "and names the arches it can (kernels/arches/)"
run "$ROOT/scripts/fetch-kernel"
ok $((RC == 2 ? 0 : 1)) "fetch-kernel without a line exits 2 (usage)"
run "$ROOT/scripts/apply" 6.1.y --check
says "--check needs --tree" "apply --check without --tree is refused"
finish
