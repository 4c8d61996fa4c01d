#!/usr/bin/env bash
# boot-test beyond x86 on 6.1.y, the reference: arm64 (vfio-amba on the
# pl031 RTC, vfio-platform on a virtio-mmio transport) and s390 (vfio-ccw on
# an I/O subchannel) pass with the queue. Without its queue 6.1.y lacks
# 168a9c91fe0a, so vfio-amba, which never requires a reset, cannot bind a
# device without a reset function: the arm64 test must fail there, which
# shows it can see the bug the queue fixes. Its two boot kernels cost about
# 25 minutes cold, so this runs in the full test run only (scripts/test
# --full); scripts/build compiles every arch's vfio drivers in t/40.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 12
full_run_only 12 "6.1.y arm64 and s390 boots"
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true

run "$ROOT/scripts/boot-test" 6.1.y --arch arm64
exits_ok "boot-test 6.1.y --arch arm64 passes with the queue"
says "guest tests passed \(11 ok\), no splat, no leak" "all 11 arm64 guest tests passed"
says "behind the IOMMU: guest tests passed \(12 ok\), no splat, no leak" "behind the virt machine's SMMUv3: vfio-pci's 11 tests and kmemleak passed"
says "arm64: compiled by scripts/build, not run here: vfio-fsl-mc" "it names the driver it cannot run"
ok "$(grep -q '^pass' "$VFIO_QUEUE_RESULTS/6.1.y.arm64.boot"; echo $?)" "the arm64 boot step is recorded as passed"

# The same kernel without the queue: only vfio_platform_common.o changes.
base=$(scratch)
printf '# 6.1.176 as Debian ships it, without the queue\n' >"$base/series"
run "$ROOT/scripts/boot-test" 6.1.y --arch arm64 --series "$base/series" --patches "$base"
exits_fail "without the queue (no 168a9c91fe0a) the arm64 boot test fails"
says "guest: not ok 1 - vfio-amba: bind the device from its original driver through driver_override" "because vfio-amba cannot bind the pl031, which has no reset function"
ok "$(grep -q '^fail' "$VFIO_QUEUE_RESULTS/6.1.y.arm64.boot"; echo $?)" "the arm64 boot step is recorded as failed"

run "$ROOT/scripts/boot-test" 6.1.y --arch s390
exits_ok "boot-test 6.1.y --arch s390 passes"
says "guest tests passed \(9 ok\), no splat, no leak" "all 9 s390 guest tests passed"
says "s390: compiled by scripts/build, not run here: vfio_ap" "it names vfio_ap as not run"
ok "$(grep -q '^pass' "$VFIO_QUEUE_RESULTS/6.1.y.s390.boot"; echo $?)" "the s390 boot step is recorded as passed"
finish
