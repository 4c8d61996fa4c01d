#!/usr/bin/env bash
# export-debian: the queue written into Debian's own source packages of
# 5.10.y and 6.1.y (unpacked from the .dsc the line's tree came from) with
# DEP-3 headers, and the package's checks passed: its whole series pushes
# with fuzz 0, its check-patches.sh takes the queue's patches, dpkg-source
# -b builds. Run again, it changes nothing; a tree holding another version
# of the queue is updated, not doubled. (A wrong DEP-3 field is caught by
# dep3_problems, which --check runs: t/unit/dep3.t.)
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 21
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/lib/kabi-report.sh"

# The ABI message names the breaks: scripts/abi-report's rows of 5.10.y
# (recorded from a real report: t/fixtures/kabi/rows/) in a cache of their
# own, kept as abi-report keeps them (the fingerprint of the series beside
# them), the queue written into a package tree of the least export-debian
# reads (a changelog and an empty series).
load_line 5.10.y
SERIES=$ROOT/series/5.10.y PATCHES=$ROOT/patches/5.10.y
cache=$(scratch)
mkdir -p "$cache/report"
full=$cache/report/abi-5.10.y.txt
cp "$ROOT/t/fixtures/kabi/rows/5.10.y.rows" "$full.rows"
series_fingerprint "$LINE_ARCHES" >"$full.series"
own=$(scratch)
mkdir -p "$own/debian/patches"
: >"$own/debian/patches/series"
printf 'linux (5.10.262-1) bullseye-security; urgency=high\n\n  * t/86.\n\n -- t <t@localhost>  Tue, 01 Dec 2026 00:00:00 +0000\n' \
	>"$own/debian/changelog"
run env VFIO_QUEUE_CACHE="$cache" "$ROOT/scripts/export-debian" 5.10.y "$own"
exits_ok "export-debian into a package tree of the user's"
says "x86_64	export removed	vfio_init_group_dev" "the ABI message names a removed export"
says "x86_64	layout changed	struct vfio_device \(152 -> 1800 bytes\)" "and a changed layout, with its sizes"

# A report of another series (an older queue) is not taken for this one's.
echo "another series" >"$full.series"
run env VFIO_QUEUE_CACHE="$cache" "$ROOT/scripts/export-debian" 5.10.y "$own"
says "no kABI report of this series on linux 5.10.262 in the cache \(kept, of another series or base: .*abi-5.10.y.txt.rows\)" \
	"a report of another series is named as such"
ok "$(! grep -q 'export removed' <<<"$OUT"; echo $?)" "and its breaks are not given as this series'"

# A CI job's report of one arch speaks for that arch, and says so.
rm "$full".*
grep '^x86_64	' "$ROOT/t/fixtures/kabi/rows/5.10.y.rows" >"$cache/report/abi-5.10.y-x86_64.txt.rows"
series_fingerprint x86_64 >"$cache/report/abi-5.10.y-x86_64.txt.series"
run env VFIO_QUEUE_CACHE="$cache" "$ROOT/scripts/export-debian" 5.10.y "$own"
says "x86_64	export removed	vfio_init_group_dev" "one arch's report: its breaks are named"
says "measured on x86_64 only: scripts/abi-report 5.10.y measures every arch" "and it says which arches it lacks"

# Two Debian source packages unpacked, pushed and built: about 7 minutes
# cold, so this runs in the full test run only (scripts/test --full).
full_run_only 14 "export-debian into Debian's packages"
"$ROOT/scripts/fetch-kernel" 5.10.y >/dev/null 2>&1 || true
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true

# tree_sum DIR: the checksum of its debian/patches, series included.
tree_sum() { (cd "$1" && find debian/patches -type f | LC_ALL=C sort | xargs sha256sum | sha256sum); }

run "$ROOT/scripts/export-debian" 5.10.y --check
exits_ok "export-debian 5.10.y --check passes"
says "15 patches in .*/debian/patches/bugfix/all/vfio-lifecycle" "it writes the 15 patches where Debian keeps fixes"
says "quilt push -a --fuzz=0: [0-9]+ patches of debian/patches/series" "the package's whole series pushes with fuzz 0"
says "check-patches.sh: the queue's patches are used" "Debian's check-patches.sh takes them"
says "dpkg-source -b: linux_5.10.262-1.dsc" "and dpkg-source -b builds the source package"
says "ABI name must move with it" "it says the kABI changes and where the package keeps its ABI name"

pkg=$(cache_path debian "$LINE_DEBIAN_VERSION")
before=$(tree_sum "$pkg")
run "$ROOT/scripts/export-debian" 5.10.y
exits_ok "run again"
ok "$([[ $(tree_sum "$pkg") == "$before" ]]; echo $?)" "the second run changes nothing"

# Another version of the queue first (its first three patches), then this
# one: one block, this version's patches only.
old=$(scratch)
series_patches "$ROOT/series/5.10.y" | head -n 3 >"$old/series"
run "$ROOT/scripts/export-debian" 5.10.y --series "$old/series" --patches "$ROOT/patches/5.10.y"
run "$ROOT/scripts/export-debian" 5.10.y
ok "$(grep -c '^# vfio-queue .* begin' "$pkg/debian/patches/series" | grep -qx 1; echo $?)" \
	"an older version of the queue is replaced: one block in debian/patches/series"
ok "$([[ $(tree_sum "$pkg") == "$before" ]]; echo $?)" "and the tree is as this version writes it"

run "$ROOT/scripts/export-debian" 6.1.y --check
exits_ok "export-debian 6.1.y --check passes"
says "1 patches in .*/debian/patches/bugfix/all/vfio-lifecycle" "its queue (one fix) is written"
says "dpkg-source -b: linux_6.1.187-1.dsc" "and its source package builds"
ok "$(! grep -q 'ABI name' <<<"$OUT"; echo $?)" "6.1.y's queue changes no kABI: nothing said of it"
finish
