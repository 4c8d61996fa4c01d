#!/usr/bin/env bash
# boot-test on the references, where the series is upstream: 6.1.y (one
# follow-up fix queued) and 6.12.y (an empty queue). The guest program must
# pass there on every arch: that is how we know its tests are right. Their
# boot kernels cost about 12 minutes each cold, so this runs in the full
# test run only (scripts/test --full; 6.1.y's arm64 and s390 boots: t/75).
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 11
full_run_only 11 "the reference lines' boots"
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true
"$ROOT/scripts/fetch-kernel" 6.12.y >/dev/null 2>&1 || true

run "$ROOT/scripts/boot-test" 6.1.y
exits_ok "boot-test 6.1.y passes"
says "6.1.y: guest tests passed \(28 ok\), no splat, no leak" "6.1.y x86_64: all 28 guest tests passed, without splat or leak"
says "6.1.y: behind the IOMMU: guest tests passed \(15 ok\)" "6.1.y x86_64 behind the IOMMU: all 15 tests passed"
ok "$(grep -q '^pass' "$VFIO_QUEUE_RESULTS/6.1.y.x86_64.boot"; echo $?)" "the boot step is recorded as passed"

run "$ROOT/scripts/boot-test" 6.12.y
exits_ok "boot-test 6.12.y passes"
says "6.12.y: guest tests passed \(28 ok\), no splat, no leak" "6.12.y x86_64: all 28 guest tests passed, without splat or leak"
says "6.12.y: behind the IOMMU: guest tests passed \(15 ok\)" "6.12.y x86_64 behind the IOMMU: all 15 tests passed"

run "$ROOT/scripts/boot-test" 6.12.y --arch arm64
exits_ok "boot-test 6.12.y --arch arm64 passes"
says "guest tests passed \(11 ok\), no splat, no leak" "6.12.y arm64: all 11 guest tests passed"

run "$ROOT/scripts/boot-test" 6.12.y --arch s390
exits_ok "boot-test 6.12.y --arch s390 passes"
says "guest tests passed \(9 ok\), no splat, no leak" "6.12.y s390: all 9 guest tests passed"
finish
