#!/usr/bin/env bash
# Mail: export-mail writes what b4 takes, import-mail brings it back, and
# b4 am + git am give the same tree as quilt push -a on every non-empty line.
. "$(dirname "$0")/lib/tap.sh"
set -u
. "$ROOT/scripts/lib.sh"
plan $((36 + $(known_lines | wc -l)))
work=$(scratch)
good="$ROOT/t/fixtures/check-series/good"

# export-mail on a fixture series: headers, threading, cover letter.
run "$ROOT/scripts/export-mail" 5.15.y -o "$work/good.mbox" --series "$good/series" --patches "$good"
exits_ok "export-mail writes an mbox of a series"
OUT=$(cat "$work/good.mbox")
says '^Subject: \[PATCH 5.15.y 00/03\] vfio: Tidy up vfio_device life cycle$' "the cover letter is [PATCH <line> 00/NN]"
says '^Subject: \[PATCH 5.15.y 02/03\] vfio: Add helpers for unifying vfio_device life cycle$' "each patch is [PATCH <line> nn/NN] with its original subject"
says '^From: Kevin Tian <kevin.tian@intel.com>$' "the original author is kept"
says '^Date: Thu, 22 Sep 2022 20:20:18 \+0800$' "the original date is kept"
cover_id=$(sed -nE '0,/^Message-Id/s/^Message-Id: <(.*)>$/\1/p' "$work/good.mbox")
ok "$([[ $(grep -c "^In-Reply-To: <$cover_id>$" "$work/good.mbox") == 3 ]]; echo $?)" "every patch replies to the cover letter"
says 'upstream commit cb9ff3f3b84c95867856c3be42de73972feb1249' "the cover letter names each patch's upstream commit"
says 'Backport-only: fixture: the bridge needs a hook first.' "and the reason of a backport-only patch"
says '^Not applicable to 5.15.y:$' "it lists the upstream patches that do not apply"
says 'd3966e305ac4 vfio/mlx5: Use the new device life cycle helpers: no mlx5 driver in this kernel' "with their reason"
says '^Verified on linux-5.15.145' "and what was verified"
mkdir "$work/empty"
: >"$work/empty/series"
run "$ROOT/scripts/export-mail" 5.10.y -o "$work/empty.mbox" --series "$work/empty/series" --patches "$work/empty"
exits_fail "export-mail refuses an empty series"

# The cover letter's ABI impact is read off the patches: change a fixture's
# export and the section changes with it.
abi="$ROOT/t/fixtures/abi"
run "$ROOT/scripts/export-mail" 5.15.y -o - --series "$abi/series" --patches "$abi"
says '^ABI impact' "the cover letter has an ABI impact section"
says '^    removed  vfio_fixture_old  \(vfio-fixture-drop-an-export.patch\)$' "it lists a removed export with its patch"
says '^    renamed  vfio_fixture_get -> vfio_fixture_get_registration ' "a renamed one"
says '^    struct vfio_fixture_device +include/linux/vfio.h' "and a structure whose members change"
mkdir "$work/abi"
cp "$abi"/* "$work/abi/"
sed -i 's/^-EXPORT_SYMBOL_GPL(vfio_fixture_old);$/-EXPORT_SYMBOL_GPL(vfio_fixture_older);/' "$work/abi/vfio-fixture-drop-an-export.patch"
run "$ROOT/scripts/export-mail" 5.15.y -o - --series "$work/abi/series" --patches "$work/abi"
says '^    removed  vfio_fixture_older ' "with the fixture's export changed, the section names the new one"
ok "$(! grep -q 'vfio_fixture_old ' <<<"$OUT"; echo $?)" "and no longer the old one"
# The real queues. The section is scripts/abi-report's measured summary
# when one was made for the series (the cache of this machine decides), else
# scripts/abi-impact's reading of the patches: both name the same things.
abi_section() { sed -n '/^ABI impact/,/^Verified on/p' <<<"$OUT"; }
run "$ROOT/scripts/export-mail" 5.15.y -o -
missing=''
for sym in vfio_init_group_dev vfio_uninit_group_dev vfio_pci_core_init_device \
	vfio_pci_core_uninit_device vfio_platform_probe_common vfio_platform_remove_common; do
	abi_section | grep -qE "^ +(removed +|Exports removed:.* |    .* )$sym( |$)" || missing+=" $sym"
done
ok "$([[ -z $missing ]]; echo $?)" "5.15.y: the cover letter lists the six exports the queue removes${missing:+ (missing:$missing)}"
ok "$(! abi_section | grep -qE '(^| )vfio_device_put( |$)'; echo $?)" "vfio_device_put is neither removed nor renamed: it keeps its exported name"
says '^ +struct vfio_device( +include/linux/vfio\.h| \()' "and struct vfio_device, whose layout changes"
run "$ROOT/scripts/export-mail" 6.1.y -o -
says '^ +(none removed, renamed or added|6\.1\.y x86_64: PASS, no break)$' "6.1.y's one fix changes no export"

# import-mail: b4 makes the quilt patches; the series comes back in order.
mkdir -p "$work/import"
run "$ROOT/scripts/import-mail" 5.15.y "$work/good.mbox" --series "$work/import/series" --patches "$work/import"
exits_ok "import-mail turns the mbox into quilt patches and a series"
ok "$([[ $(grep -vc '^#' "$work/import/series") == 3 ]]; echo $?)" "the series lists the 3 patches"
says_file() { OUT=$(cat "$1"); says "$2" "$3"; }
says_file "$work/import/series" '^# not-applicable d3966e305ac4 vfio/mlx5: .*: no mlx5 driver in this kernel$' "the not-applicable entry is back in the series"
run "$ROOT/scripts/check-series" --series "$work/import/series" --patches "$work/import" --line-kind backport
exits_ok "the imported series passes check-series (stable headers kept, upstream order)"
links() { grep -h '^Link: ' "$@" | sort; }
ok "$([[ -n $(links "$good"/*.patch) && $(links "$good"/*.patch) == "$(links "$work/import"/*.patch)" ]]; echo $?)" \
	"every Link: to an upstream posting comes back through export-mail and b4 am"
run "$ROOT/scripts/import-mail" 5.15.y "$work/good.mbox" --series "$work/import/series" --patches "$work/import"
exits_fail "import-mail refuses to overwrite a line's patches"
says "pass --force" "and says how to replace them"
run "$ROOT/scripts/import-mail" 5.15.y "$work/good.mbox" --series "$work/import/series" --patches "$work/import" --force
exits_ok "with --force it replaces them"

# A series still being written goes out as an RFC, saying so.
prog="$ROOT/t/fixtures/check-series/in-progress"
run "$ROOT/scripts/export-mail" 5.15.y -o - --series "$prog/series" --patches "$prog"
says '^Subject: \[RFC PATCH 5.15.y 01/01\] vfio/platform: ' "an in-progress series is sent as RFC"
says '^In progress, not for merging yet: fixture: the fix of this patch' "and its cover letter says what is in progress"

# A fix carried ahead of the commit it fixes keeps its marker through mail.
ahead="$ROOT/t/fixtures/check-series/ahead"
mkdir "$work/ahead"
run "$ROOT/scripts/export-mail" 5.15.y -o "$work/ahead.mbox" --series "$ahead/series" --patches "$ahead"
run "$ROOT/scripts/import-mail" 5.15.y "$work/ahead.mbox" --series "$work/ahead/series" --patches "$work/ahead"
exits_ok "import-mail takes a series with an ahead-of marker"
says_file "$work/ahead/series" "^$(grep '^# ahead-of' "$ahead/series" | sed 's/[][().*^$]/\\&/g')\$" "the marker is back in the series"
run "$ROOT/scripts/check-series" --series "$work/ahead/series" --patches "$work/ahead" --line-kind backport
exits_ok "and the imported series passes check-series"

# The round trip on a real tree, with a fixture series that applies to it.
fixture="$ROOT/t/fixtures/apply/good"
run "$ROOT/scripts/mail-roundtrip" 6.1.y --series "$fixture/series" --patches "$fixture"
exits_ok "fixture series: b4 am + git am give the quilt push -a tree"

# The round trip on every line whose series is not empty.
for line in $(known_lines); do
	load_line "$line"
	if [[ -z $(series_patches "$LINE_SERIES") ]]; then
		skip "$line: empty series, nothing to send through mail"
	elif [[ ! -f $(pristine_tree)/$VERIFIED_STAMP ]]; then
		skip "$line tree missing on this machine: provide it with scripts/fetch-kernel $line --tarball FILE or --tree DIR"
	else
		run "$ROOT/scripts/mail-roundtrip" "$line"
		exits_ok "$line: b4 am + git am give the quilt push -a tree"
	fi
done
rm -rf "$work"
finish
