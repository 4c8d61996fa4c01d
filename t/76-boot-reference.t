#!/usr/bin/env bash
# boot-test on the references, where the series is upstream: 6.1.y (one
# follow-up fix queued), 6.12.y and 6.18.y (empty queues). The guest program
# must pass there on every arch, and upstream's vfio selftests with only the
# line's listed failures (none on 6.18.y, their own kernel, but for what
# QEMU cannot emulate): that is how we know the tests are right. Their boot
# kernels cost about 12 minutes each cold, so this runs in the full test
# run only (scripts/test --full; 6.1.y's arm64 and s390 boots: t/75).
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 23
full_run_only 23 "the reference lines' boots"
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true
"$ROOT/scripts/fetch-kernel" 6.12.y >/dev/null 2>&1 || true
"$ROOT/scripts/fetch-kernel" 6.18.y >/dev/null 2>&1 || true

run "$ROOT/scripts/boot-test" 6.1.y
exits_ok "boot-test 6.1.y passes"
says "6.1.y: guest tests passed \(28 ok\), no splat, no leak" "6.1.y x86_64: all 28 guest tests passed, without splat or leak"
says "6.1.y: behind the IOMMU: guest tests passed \(21 ok\)" "6.1.y x86_64 behind the IOMMU: all 21 tests passed"
says "6.1.y: behind the IOMMU: upstream's vfio selftests: [1-9][0-9]* pass, [0-9]+ fail, [0-9]+ skip" "6.1.y: upstream's selftests ran, only listed failures"
ok "$(grep -q '^pass' "$VFIO_QUEUE_RESULTS/6.1.y.x86_64.boot"; echo $?)" "the boot step is recorded as passed"

run "$ROOT/scripts/boot-test" 6.12.y
exits_ok "boot-test 6.12.y passes"
says "6.12.y: guest tests passed \(28 ok\), no splat, no leak" "6.12.y x86_64: all 28 guest tests passed, without splat or leak"
says "6.12.y: behind the IOMMU: guest tests passed \(21 ok\)" "6.12.y x86_64 behind the IOMMU: all 21 tests passed"
says "6.12.y: behind the IOMMU: upstream's vfio selftests: [1-9][0-9]* pass, [0-9]+ fail, [0-9]+ skip" "6.12.y: upstream's selftests ran, iommufd modes included, only listed failures"

run "$ROOT/scripts/boot-test" 6.18.y
exits_ok "boot-test 6.18.y passes"
says "6.18.y: guest tests passed \(28 ok\), no splat, no leak" "6.18.y x86_64: all 28 guest tests passed, without splat or leak"
says "6.18.y: behind the IOMMU: guest tests passed \(21 ok\)" "6.18.y x86_64 behind the IOMMU: all 21 tests passed"
says "6.18.y: behind the IOMMU: upstream's vfio selftests: [1-9][0-9]* pass, 0 fail, [0-9]+ skip" "6.18.y: upstream's selftests pass on their own kernel, iommufd modes included"

# Their other arches: the guest's arm64 and s390 suites.
for line in 6.12.y 6.18.y; do
	run "$ROOT/scripts/boot-test" "$line" --arch arm64
	exits_ok "boot-test $line --arch arm64 passes"
	says "guest tests passed \(11 ok\), no splat, no leak" "$line arm64: all 11 guest tests passed"
	says "behind the IOMMU: guest tests passed \(12 ok\), no splat, no leak" "$line arm64 behind the SMMUv3: all 12 passed"
	run "$ROOT/scripts/boot-test" "$line" --arch s390
	exits_ok "boot-test $line --arch s390 passes"
	says "guest tests passed \(9 ok\), no splat, no leak" "$line s390: all 9 guest tests passed"
done
finish
