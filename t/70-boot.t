#!/usr/bin/env bash
# boot-test's own faults, on 5.10.y (the backport users take; t/72 builds
# and boots the same kernel): no QEMU, a boot option the tree cannot give,
# a boot that stalls on a line's known base-kernel hang. What fails a boot
# (a guest test not ok, a splat, a panic, a hang) is the console verdict's,
# tested on recorded consoles in t/unit/console.t. The references boot in
# t/76 (scripts/test --full).
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 9
"$ROOT/scripts/fetch-kernel" 5.10.y >/dev/null 2>&1 || true

# No QEMU: a clear message naming the package, before anything is built.
noqemu=$(scratch)
for dir in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
	for tool in "$dir"/*; do
		case ${tool##*/} in qemu-system-*) continue ;; esac
		[[ -e $noqemu/${tool##*/} ]] || ln -s "$tool" "$noqemu/${tool##*/}"
	done
done
run env PATH="$noqemu" "$ROOT/scripts/boot-test" 5.10.y
exits_fail "boot-test fails without QEMU"
says "qemu-system-x86_64' not found: install the Debian package 'qemu-system-x86'" "the message names the package"
rm -rf "$noqemu"

# A fragment option the tree cannot give: named, never silently dropped.
# The line's own fragment plus that one option, so it is the only one named.
missing=$(scratch)/missing-option.config
{ cat "$ROOT/kernels/5.10.y/boot.config"; echo CONFIG_SAMPLE_VFIO_MDEV_NOSUCH=m; } >"$missing"
run "$ROOT/scripts/boot-test" 5.10.y --fragment "$missing"
exits_fail "a boot option the tree lacks fails the boot test"
says "CONFIG_SAMPLE_VFIO_MDEV_NOSUCH=m \(tree gives n\)" "the missing option is named"
ok "$(grep -c 'tree gives' <<<"$OUT" | grep -qx 1; echo $?)" "and it alone: the line's fragment is whole"

# A boot that stops on the line's known base-kernel hang is booted again,
# each time said, and the run fails once every boot has stopped there. The
# guest's init stands in for the hang (vfio_test.stall=1), as a line's
# BOOT_KNOWN_HANG would name it (6.1.y's: its RCU-tasks self test).
. "$ROOT/scripts/lib.sh"
load_line 5.10.y
run env VFIO_BOOT_KNOWN_HANG="^vfio-boot-test: stalling\$${LINE_BOOT_KNOWN_HANG:+|$LINE_BOOT_KNOWN_HANG}" VFIO_BOOT_STALL=5 \
	"$ROOT/scripts/boot-test" 5.10.y --guest-args vfio_test.stall=1
exits_fail "a boot that stops on the known hang every time fails"
says "boot 1 stalled 5s on the base kernel's known hang" "the stall is said, with its console"
says "booting again \(3 of 3\)" "it boots again, up to its limit"
says "all 3 boots stopped at the base kernel's known hang" "the failure says why"
finish
