#!/usr/bin/env bash
# abi-report: the kABI of a queue, measured on real builds. 6.1.y's queue (a
# fix inside a function) must show no break; fixture queues on 6.1.y that
# remove an export, change a structure an exported prototype takes, or make
# an accepted break must be reported as such; 5.15.y (where its tree is)
# must list what the series removes and why it is accepted.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 28
fixtures="$ROOT/t/fixtures/kabi"
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true
. "$ROOT/scripts/lib.sh"

# The summary export-mail takes is a kept report of every arch of the line,
# of this very queue. The user's kept report of 6.1.y is put aside for
# these checks and back after them.
kept=$(scratch)
for f in "$QUEUE_CACHE"/report/abi-6.1.y.txt*; do
	[[ ! -f $f ]] || mv -- "$f" "$kept/"
done
# A queue whose 6.1.y has x86_64 alone: there a report of it is the line's.
# It reads the build dirs the runs of the whole queue left (--no-build):
# each fixture is built once.
one=$(scratch)
rsync -a --exclude=.git "$ROOT/" "$one/"
sed -i 's/^ARCHES=.*/ARCHES="x86_64"/' "$one/kernels/6.1.y/line.conf"

# fixture NAME [OPTIONS]: abi-report of a fixture queue on 6.1.y x86_64.
# Called through run, which shellcheck cannot follow.
# shellcheck disable=SC2317
fixture() {
	"$ROOT/scripts/abi-report" 6.1.y --arch x86_64 --series "$fixtures/$1/series" --patches "$fixtures/$1" "${@:2}"
}

run fixture drop-export
exits_fail "a queue that removes an export fails the kABI check"
says '^  vfio_device_set_open_count +\(vfio\) +BREAK' "the removed export is named, with its module"
says 'Verdict 6\.1\.y x86_64: FAIL, 1 breaks not in kernels/6\.1\.y/kabi-accepted' "the verdict counts the break"
ok "$(grep -q '^fail.*1 kABI breaks' "$VFIO_QUEUE_RESULTS/6.1.y.x86_64.abi"; echo $?)" "the abi step is recorded as failed"

# The build dirs still hold that queue: no build again (--no-build).
run fixture drop-export --accepted "$fixtures/accepted" --no-build
exits_ok "the same break listed in the accepted list passes"
says '^  vfio_device_set_open_count +\(vfio\) +accepted: the fixture drops it on purpose' "with the list's reason"
says 'Verdict 6\.1\.y x86_64: PASS, 1 breaks, all accepted' "and an accepted verdict"
run "$one/scripts/abi-report" 6.1.y --series "$fixtures/drop-export/series" --patches "$fixtures/drop-export" --no-build
ok "$(grep -q 'vfio_device_set_open_count' "$QUEUE_CACHE/report/abi-6.1.y.txt"; echo $?)" "a fixture queue's report is kept as that line's"
run "$one/scripts/abi-report" 6.1.y --summary
exits_fail "a kept report of another queue is not taken as this queue's summary"
rm -f -- "$QUEUE_CACHE"/report/abi-6.1.y.txt*

run fixture change-struct
exits_fail "a structure change behind exported prototypes fails the kABI check"
says '^  vfio_pci_core_enable +\(vfio-pci-core\) +0x[0-9a-f]+ -> 0x[0-9a-f]+  via: struct vfio_pci_core_device' \
	"an export whose CRC changed, with its module, both CRCs and the structure behind it"
crc=$(sed -n '/^Exports whose CRC changed:$/,/^Types/p' <<<"$OUT")
ok "$([[ $(grep -c 'via: struct vfio_pci_core_device$' <<<"$crc") == 7 ]] && ! grep -q '^  vfio_pci_core_ioctl ' <<<"$crc"; echo $?)" \
	"the seven exports whose prototypes reach the structure change CRC, and only they (not vfio_pci_core_ioctl, which takes a struct vfio_device)"
ok "$(grep -A1 '^Exports removed:$' <<<"$OUT" | tail -1 | grep -qx 'Exports added:'; echo $?)" "no export is removed"
says '^    added   kabi_fixture \(offset [0-9]+, 4 bytes\)' "pahole's layout names the new member"
says '^    size [0-9]+ -> [0-9]+ bytes' "and the size change"

run fixture change-struct --accepted "$fixtures/accepted-struct" --no-build
exits_ok "the same change passes when the structure is accepted"
says 'Verdict 6\.1\.y x86_64: PASS, 1 breaks, all accepted \(7 exports whose CRC changes only through them\)' \
	"the structure is the one break; the seven CRCs it changes are counted apart"

# The real queue, last: the build dirs are its own again.
run "$ROOT/scripts/abi-report" 6.1.y --arch x86_64
exits_ok "6.1.y's queue passes the kABI check"
says 'Verdict 6\.1\.y x86_64: PASS, no break' "with no break at all"
says '^Exports whose CRC changed:$' "the CRC section is there"

# With the report of one arch of 6.1.y's three, there is no summary.
run "$ROOT/scripts/abi-report" 6.1.y --summary
exits_fail "a report of one arch is not the summary of 6.1.y, which has three"
run "$ROOT/scripts/export-mail" 6.1.y -o -
says 'derived from the.*|patches by scripts/abi-impact' "so export-mail reads the ABI impact off the patches, and says so"
run "$one/scripts/abi-report" 6.1.y --no-build
exits_ok "with one arch in the line, its report is the whole line's"
run "$one/scripts/abi-report" 6.1.y --summary
exits_ok "and it is the line's summary"
run "$one/scripts/export-mail" 6.1.y -o -
says 'measured by' "export-mail's cover letter takes the measured summary"
rm -f -- "$QUEUE_CACHE"/report/abi-6.1.y.txt*
for f in "$kept"/*; do
	[[ ! -f $f ]] || mv -- "$f" "$QUEUE_CACHE/report/"
done

load_line 5.15.y
if [[ -f $(pristine_tree)/$VERIFIED_STAMP ]]; then
	run "$ROOT/scripts/abi-report" 5.15.y --arch x86_64
	exits_ok "5.15.y: every break of the series is accepted, with a reason"
	removed=0
	for sym in vfio_init_group_dev vfio_uninit_group_dev vfio_pci_core_init_device vfio_pci_core_uninit_device \
		vfio_platform_probe_common vfio_platform_remove_common; do
		grep -qE "^  $sym +\(" <<<"$OUT" && removed=$((removed + 1))
	done
	ok "$([[ $removed == 6 ]]; echo $?)" "5.15.y: the six exports the series removes are listed ($removed)"
	removed=$(sed -n '/^Exports removed:$/,/^Exports added:$/p' <<<"$OUT")
	ok "$(! grep -qE '^  vfio_device_put ' <<<"$removed"; echo $?)" "5.15.y: vfio_device_put is not among them: it keeps its exported name"
else
	skip "5.15.y tree missing on this machine: provide it with scripts/fetch-kernel 5.15.y --tarball FILE or --tree DIR"
	skip "5.15.y tree missing on this machine"
	skip "5.15.y tree missing on this machine"
fi
finish
