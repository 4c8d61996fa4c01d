#!/usr/bin/env bash
# The DEP-3 headers scripts/export-debian writes (scripts/lib/dep3.sh): every
# patch of every line keeps the rules dep3_problems reads off the original;
# known patches get the fields they must; one field made wrong is caught.
. "$(dirname "$0")/../lib/tap.sh"
set -u
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/lib/dep3.sh"
day=2026-11-30
lines=(5.10.y 5.15.y 6.1.y)
plan $((${#lines[@]} + 9))

# exported LINE PATCH: the patch as export-debian writes it, in a file.
exported() {
	local out=$TAP_TMP/$1-$2
	dep3_patch "$ROOT/patches/$1/$2" "$day" >"$out"
	printf '%s\n' "$out"
}

for line in "${lines[@]}"; do
	bad=''
	while read -r patch; do
		problems=$(dep3_problems "$(exported "$line" "$patch")" "$ROOT/patches/$line/$patch")
		[[ -z $problems ]] || bad+="$patch: $problems"$'\n'
	done < <(series_patches "$ROOT/series/$line")
	ok "$([[ -z $bad ]]; echo $?)" "$line: every patch's DEP-3 header keeps the rules"
	[[ -z $bad ]] || diag "$bad"
done

url=https://git.kernel.org/linus
docs=$(exported 5.10.y docs-vfio-update-vfio-rst-per-latest-interfaces.patch)
ok "$(grep -qx "Origin: backport, $url/c55365a09302516129b819c9031a0de0e33cfb31" "$docs"; echo $?)" \
	"5.10.y's vfio.rst rewrite: Origin backport, with the upstream commit"
ok "$(grep -qx "Applied-Upstream: 6.3-rc1, $url/c55365a09302516129b819c9031a0de0e33cfb31" "$docs"; echo $?)" \
	"and Applied-Upstream the release that has it, 6.3-rc1"
helpers=$(exported 5.15.y vfio-add-helpers-for-unifying-vfio_device-life-cycle.patch)
full=$(upstream_field cb9ff3f3b84c 2)
ok "$([[ $full =~ ^[0-9a-f]{40}$ ]] && grep -qx "Origin: upstream, $url/$full" "$helpers"; echo $?)" \
	"5.15.y's upstream 01: Origin upstream, with the full sha"
ok "$(grep -qx 'Author: Kevin Tian <kevin.tian@intel.com>' "$helpers"; echo $?)" "and Author the original author"
ok "$(grep -qx 'Description: vfio: Add helpers for unifying vfio_device life cycle' "$helpers" &&
	sed -n 2p "$helpers" | grep -q '^ [^ ]'; echo $?)" "Description: the subject, then the note on continuation lines"
vendor=$(series_patches "$ROOT/series/5.10.y" | while read -r p; do
	grep -q '^Backport-only:' "$ROOT/patches/5.10.y/$p" && { echo "$p"; break; }; done)
only=$(exported 5.10.y "$vendor")
ok "$(grep -qx 'Origin: vendor' "$only" && ! grep -q '^Applied-Upstream:' "$only"; echo $?)" \
	"a Backport-only patch ($vendor): Origin vendor, no Applied-Upstream"
ok "$(grep -qx 'Forwarded: not-needed' "$only" && grep -qx "Last-Update: $day" "$only"; echo $?)" \
	"Forwarded: not-needed, Last-Update: the day given"

# One field made wrong, each caught and named.
sed -E 's/^Origin: backport/Origin: upstream/' "$docs" >"$TAP_TMP/wrong-origin"
problems=$(dep3_problems "$TAP_TMP/wrong-origin" "$ROOT/patches/5.10.y/docs-vfio-update-vfio-rst-per-latest-interfaces.patch")
ok "$(grep -q '^Origin: ' <<<"$problems"; echo $?)" "a rewrite labelled Origin upstream is caught: $problems"
sed -E 's/^(Applied-Upstream: )6\.3-rc1/\16.1-rc1/' "$docs" >"$TAP_TMP/wrong-release"
problems=$(dep3_problems "$TAP_TMP/wrong-release" "$ROOT/patches/5.10.y/docs-vfio-update-vfio-rst-per-latest-interfaces.patch")
ok "$(grep -q '^Applied-Upstream: ' <<<"$problems"; echo $?)" "a wrong Applied-Upstream release is caught: $problems"
finish
