#!/usr/bin/env bash
# debian-package and boot-debian-package: the line's Debian kernel package
# built by its own test-patches (hours on two cores: an explicit command,
# never run here) and its kernel booted with our tests. Here: their
# refusals, and (scripts/test --full) boot-debian-package's whole run on a
# package made of 5.10.y's boot kernel, so that every detector is in its
# config, and on the same package with its config saying KASAN is off.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 12
. "$ROOT/scripts/lib.sh"

run "$ROOT/scripts/debian-package" 5.15.y
exits_fail "debian-package refuses a line whose tree is not Debian's"
says "5.15.y is not a Debian line" "and says why"

empty=$(scratch)
run env VFIO_QUEUE_CACHE="$empty" "$ROOT/scripts/boot-debian-package" 5.10.y
exits_fail "boot-debian-package fails without a package"
says "no linux-image .deb in .*: build one with scripts/debian-package 5.10.y" "naming the command that builds one"
# The package's build also makes linux-image-amd64-signed-template, which
# holds no kernel: it is not taken for the kernel's package.
template=$(scratch)
mkdir -p "$template/DEBIAN" "$empty/debian-build/5.10.y" "$template/usr/share/code-signing"
printf 'Package: linux-image-amd64-signed-template\nVersion: 1\nArchitecture: amd64\nMaintainer: t <t@localhost>\nDescription: t/87\n' \
	>"$template/DEBIAN/control"
dpkg-deb -b "$template" "$empty/debian-build/5.10.y/linux-image-amd64-signed-template_1_amd64.deb" >/dev/null
run env VFIO_QUEUE_CACHE="$empty" "$ROOT/scripts/boot-debian-package" 5.10.y
says "no linux-image .deb in .*: build one with scripts/debian-package 5.10.y" "a signed-template package is not a kernel's"

full_run_only 7 "boot-debian-package on a package of 5.10.y's boot kernel"
"$ROOT/scripts/fetch-kernel" 5.10.y >/dev/null 2>&1 || true
# fake_deb CONFIG: a linux-image .deb laid out as Debian's, of the boot
# kernel boot-test built of 5.10.y (t/72), with CONFIG as its config.
fake_deb() {
	local boot root version
	boot=$(cache_path boot 5.10.y x86_64)
	root=$(scratch)
	version=$(find "$boot/modroot/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n')
	mkdir -p "$root/boot" "$root/lib/modules" "$root/DEBIAN"
	cp "$boot/arch/x86/boot/bzImage" "$root/boot/vmlinuz-$version"
	cp "$1" "$root/boot/config-$version"
	cp -a "$boot/modroot/lib/modules/$version" "$root/lib/modules/"
	printf 'Package: linux-image-%s\nVersion: 1\nArchitecture: amd64\nMaintainer: t <t@localhost>\nDescription: t/87\n' \
		"$version" >"$root/DEBIAN/control"
	dpkg-deb -b "$root" "$TAP_TMP/linux-image-$version.deb" >/dev/null
	printf '%s\n' "$TAP_TMP/linux-image-$version.deb"
}
boot=$(cache_path boot 5.10.y x86_64)
# The queue's own boot kernel: t/79 leaves a mutant's in the boot dir.
"$ROOT/scripts/boot-test" 5.10.y >/dev/null 2>&1 || true
run "$ROOT/scripts/boot-debian-package" 5.10.y --deb "$(fake_deb "$boot/.config")"
exits_ok "boot-debian-package boots a package's kernel with the guest tests"
says "detectors that do not run: none" "its config has every detector, and it says so"
says "behind the IOMMU: guest tests passed \(21 ok\)" "both boots ran, the IOMMU one with all its tests"
nokasan=$(scratch)/config
grep -v '^CONFIG_KASAN=' "$boot/.config" >"$nokasan"
run "$ROOT/scripts/boot-debian-package" 5.10.y --deb "$(fake_deb "$nokasan")"
says "detectors that do not run: KASAN " "a config without KASAN: it says KASAN did not run"
ok "$(grep -q "^pass.*not run: KASAN" "$VFIO_QUEUE_RESULTS/5.10.y.x86_64.package-boot"; echo $?)" "and records it with the step"
# A guest test failing on such a kernel is reported, not failed on.
run env VFIO_QUEUE_RESULTS="$(scratch)" "$ROOT/scripts/boot-test" 5.10.y --kernel-dir "$(cache_path boot-deb 5.10.y x86_64)" \
	--tests-report --guest-args vfio_test.wrong_ids=1
exits_ok "boot-test --tests-report passes a run whose guest tests fail (wrong ids expected)"
says "guest tests: [0-9]+ ok, [1-9][0-9]* not ok \(reported\), no splat" "and says how many failed"
finish
