#!/usr/bin/env bash
# build: the backport lines users take, 5.10.y (always: Debian serves its
# tree) and 5.15.y (where its tree is at hand), on x86_64 (every arch of
# theirs in scripts/test --full); a
# real build of 6.1.y on x86_64, a fixture that adds a warning, and a
# missing cross compiler.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 18
. "$ROOT/scripts/lib.sh"
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true
results=$QUEUE_RESULTS

# A PATH with everything but the s390 cross compiler.
nocross=$(scratch)
for dir in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
	for tool in "$dir"/*; do
		case ${tool##*/} in s390x-linux-gnu-*) continue ;; esac
		[[ -e $nocross/${tool##*/} ]] || ln -s "$tool" "$nocross/${tool##*/}"
	done
done
run env PATH="$nocross" "$ROOT/scripts/build" 6.1.y --arch s390
exits_fail "build for s390 fails without the s390 cross compiler"
says "s390x-linux-gnu-gcc' not found: install the Debian package 'gcc-s390x-linux-gnu'" "the message names the missing package"
rm -rf "$nocross"

# The backport lines: every listed vfio object, W=1 clean: on x86_64, and
# in the full run (scripts/test --full) on every arch of the line too; its
# arm64 and s390 builds cost about 10 minutes cold (each is built in the
# full run, in scripts/verify and in the GitLab pipeline's build jobs).
# Called through each_backport_line, which shellcheck cannot follow.
# shellcheck disable=SC2317
build_backport_line() {
	local line=$1 arch arches built=0 clean=0 args=()
	load_line "$line"
	arches=x86_64
	[[ ${VFIO_QUEUE_TEST_FULL:-0} != 1 ]] || arches=$LINE_ARCHES
	for arch in $arches; do args+=(--arch "$arch"); done
	run "$ROOT/scripts/build" "$line" "${args[@]}"
	exits_ok "build $line passes ($arches)"
	for arch in $arches; do
		grep -q '^pass' "$results/$line.$arch.build" && built=$((built + 1))
		grep -q '^pass.*no new W=1 warnings' "$results/$line.$arch.warnings" && clean=$((clean + 1))
	done
	ok "$((built != $(wc -w <<<"$arches")))" "$line: the build step of $arches is recorded as passed"
	ok "$((clean != $(wc -w <<<"$arches")))" "$line: no new W=1 warning ($arches)"
}
each_backport_line 3 build_backport_line

load_line 6.1.y
objects=$(awk '$1 == "x86_64"' "$ROOT/kernels/6.1.y/vfio-objects" | wc -l)
run "$ROOT/scripts/build" 6.1.y --arch x86_64
exits_ok "build 6.1.y --arch x86_64 passes"
says "6.1.y x86_64: $objects vfio objects compiled" "all $objects listed x86_64 objects compiled"
ok "$(grep -q "^pass.*$objects objects" "$results/6.1.y.x86_64.build"; echo $?)" "the build step is recorded as passed"
out="$QUEUE_CACHE/work/6.1.y/patched/out-x86_64"
ok "$([[ -f $out/drivers/vfio/vfio_main.o && -f $out/drivers/gpu/drm/i915/gvt/kvmgt.o && -f $out/samples/vfio-mdev/mtty.o ]]; echo $?)" "core, gvt and sample objects exist"

# A fixture that adds an unused variable: the W=1 comparison must catch it.
fixtures="$ROOT/t/fixtures/apply/warning"
run "$ROOT/scripts/build" 6.1.y --arch x86_64 --series "$fixtures/series" --patches "$fixtures"
exits_fail "a series that adds a warning fails the build"
says "new W=1 warning \(x86_64\): .*drivers/vfio/vfio_main.c: warning: unused variable .vfio_fixture_unused." "the new warning is printed"
ok "$(grep -q '^fail.*1 new W=1 warnings' "$results/6.1.y.x86_64.warnings"; echo $?)" "the warnings step is recorded as failed"

# A fixture that fits and adds no warning: base and patched compare clean.
fixtures="$ROOT/t/fixtures/apply/good"
run "$ROOT/scripts/build" 6.1.y --arch x86_64 --series "$fixtures/series" --patches "$fixtures"
exits_ok "a series that adds no warning passes the comparison"
ok "$(grep -q "^pass" "$results/6.1.y.x86_64.build"; echo $?)" "the fixture build step is recorded as passed"
ok "$(grep -q '^pass.*no new W=1 warnings' "$results/6.1.y.x86_64.warnings"; echo $?)" "the warnings step is recorded as passed"
finish
