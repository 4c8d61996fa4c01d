#!/usr/bin/env bash
# boot-test on the second reference, 6.12.y (the series and its follow-up
# fixes upstream, an empty queue): the guest program must pass there on
# every arch, as on 6.1.y. Its three boot kernels cost about 25 minutes
# cold, so this runs in the full test run only (scripts/test --full).
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 6
full_run_only 6 "6.12.y boots"
"$ROOT/scripts/fetch-kernel" 6.12.y >/dev/null 2>&1 || true

run "$ROOT/scripts/boot-test" 6.12.y
exits_ok "boot-test 6.12.y passes"
says "guest tests passed \(28 ok\), no splat, no leak" "6.12.y x86_64: all 28 guest tests passed, without splat or leak"

run "$ROOT/scripts/boot-test" 6.12.y --arch arm64
exits_ok "boot-test 6.12.y --arch arm64 passes"
says "guest tests passed \(11 ok\), no splat, no leak" "6.12.y arm64: all 11 guest tests passed"

run "$ROOT/scripts/boot-test" 6.12.y --arch s390
exits_ok "boot-test 6.12.y --arch s390 passes"
says "guest tests passed \(9 ok\), no splat, no leak" "6.12.y s390: all 9 guest tests passed"
finish
